// What the user reads when something fails on this PC rather than on the server: what happened
// and what to do. (The server's own reasons come from @renkei/proto's error catalogue.)
import { describeError } from '@renkei/proto/error-reasons';
import type { UserFacingError } from '../shared/desktop-api';

function message(reason: string, ja: string, en: string): UserFacingError {
  return { reason, message: { ja, en } };
}

export const LOCAL_ERRORS = {
  caPinMismatch: message(
    'CA_PIN_MISMATCH',
    '接続先サーバーの証明書が登録コードと一致しません。サーバーアドレスを確認してください。正しい場合は、なりすましの恐れがあるため事務局に連絡してください。',
    "The server's certificate does not match the enrollment code. Check the server address; if it is right, contact the regional office (the server may be an impostor).",
  ),
  tunnelServiceUnreachable: message(
    'TUNNEL_SERVICE_UNREACHABLE',
    'VPNサービスが動作していません。パソコンを再起動しても直らない場合は、アプリを再インストールするか事務局に連絡してください。',
    'The VPN service is not running. If restarting the PC does not help, reinstall the app or contact the regional office.',
  ),
  notEnrolled: message(
    'NOT_ENROLLED',
    'この端末はまだ登録されていません。事務局から受け取った登録コードで登録してください。',
    'This PC is not enrolled yet. Enroll it with the code from the regional office.',
  ),
  notApproved: message(
    'NOT_APPROVED',
    'この端末はまだ承認されていません。事務局の承認をお待ちください。',
    'This PC has not been approved yet. Wait for the regional office to approve it.',
  ),
  revoked: message(
    'DEVICE_REVOKED',
    'この端末の登録は取り消されました。この端末に保存されていた患者情報は削除しました。必要であれば事務局に再登録を依頼してください。',
    "This PC's enrollment was revoked, and the patient information saved on it has been deleted. Ask the regional office if it should be enrolled again.",
  ),
  alreadyEnrolled: message('ALREADY_ENROLLED', 'この端末はすでに登録されています。', 'This PC is already enrolled.'),
  notLoggedIn: message('NOT_LOGGED_IN', 'ログインしてください。', 'Please log in.'),
  offlineLoginUnavailable: message(
    'OFFLINE_LOGIN_UNAVAILABLE',
    'サーバーに接続できないため、ログインできません。この端末で一度もログインしたことがないユーザーは、オフラインではログインできません。VPNとネットワークを確認してください。',
    'The server cannot be reached, and this user has never logged in on this PC, so an offline login is not possible. Check the VPN and the network.',
  ),
  secondFactorNotStarted: message(
    'SECOND_FACTOR_NOT_STARTED',
    'ログインの確認が始まっていないか、時間が過ぎました。ユーザーIDとパスワードからログインしてください。',
    'No login is waiting for its second step (or its time passed). Log in with your user ID and password.',
  ),
  secondFactorNeeded: message(
    'SECOND_FACTOR_NEEDED',
    'サーバーに再接続しましたが、確認コード（2段階認証）が必要です。もう一度ログインしてください。',
    'The server is back, but it asks for your verification code (two-factor login). Log in again.',
  ),
  accountOffline: message(
    'ACCOUNT_OFFLINE',
    'オフラインのため、パスワードの変更と2段階認証の設定はできません。サーバーに接続できるようになってから操作してください。',
    'You are offline: the password and two-factor login cannot be changed now. Try again once the server can be reached.',
  ),
  offlineLoginFailed: message(
    'OFFLINE_LOGIN_FAILED',
    'ユーザーIDまたはパスワードが正しくありません（オフラインのため、この端末に保存された情報で確認しています）。',
    'The user ID or password is wrong (checked against this PC, as the server cannot be reached).',
  ),

  // ---- the screen lock ----
  screenLocked: message(
    'SCREEN_LOCKED',
    '画面がロックされています。パスワードを入力してロックを解除してください。',
    'The screen is locked. Enter your password to unlock it.',
  ),
  unlockPasswordWrong: (attemptsLeft: number) =>
    message(
      'UNLOCK_PASSWORD_WRONG',
      `パスワードが正しくありません。あと${attemptsLeft}回間違えるとログアウトします。`,
      `The password is wrong. ${attemptsLeft} more wrong ${attemptsLeft === 1 ? 'try' : 'tries'} will log you out.`,
    ),
  unlockAttemptsExhausted: message(
    'UNLOCK_ATTEMPTS_EXHAUSTED',
    'ロック画面でパスワードを5回続けて間違えたため、ログアウトしました。もう一度ログインしてください。未送信の投稿は、次にログインしたときに送信されます。',
    'The password was wrong five times on the lock screen, so you were logged out. Log in again; unsent posts will be sent at your next login.',
  ),
  unlockUnavailable: message(
    'UNLOCK_UNAVAILABLE',
    'この端末ではパスワードを確認できないため、ロックを解除できません。「別のユーザーでログイン」からログインし直してください。',
    'Your password cannot be checked on this PC, so the screen cannot be unlocked. Log in again with 「別のユーザーでログイン」 (Sign in as another user).',
  ),
  patientNotCached: message(
    'PATIENT_NOT_CACHED',
    'この患者の情報はこの端末に保存されていないため、オフラインでは表示できません。接続が戻ってから開いてください。',
    'This patient is not saved on this PC, so it cannot be shown offline. Open it again once the connection is back.',
  ),
  invalidServerAddress: message(
    'INVALID_SERVER_ADDRESS',
    'サーバーアドレスの形式が正しくありません。例: renkei.example.jp または renkei.example.jp:7443',
    'The server address is not valid. Example: renkei.example.jp or renkei.example.jp:7443',
  ),
  deviceNameRequired: message(
    'DEVICE_NAME_REQUIRED',
    '端末の名前を入力してください（例: 本院 診察室PC）。',
    'Enter a name for this PC (e.g. "Main clinic, exam room PC").',
  ),

  // ---- the shared chart ----
  archivedSearchNeedsConnection: message(
    'ARCHIVED_SEARCH_NEEDS_CONNECTION',
    'アーカイブ済みの患者はこの端末に保存されないため、サーバーに接続しているときだけ探せます。VPNとネットワークを確認してから、もう一度探してください。',
    'Archived patients are not saved on this PC, so they can be searched only while connected to the server. Check the VPN and the network, then search again.',
  ),
  chartNeedsConnection: message(
    'CHART_NEEDS_CONNECTION',
    'この操作にはサーバーへの接続が必要です。VPNとネットワークを確認してください。オフラインでログインした場合は、接続が戻ってからログインし直してください。保存済みの概要と、この端末で開いたことのある文書は引き続き閲覧できます。',
    'This needs the connection to the server. Check the VPN and the network; if you logged in offline, log in again once the connection is back. The saved overview, and documents already opened on this PC, can still be read.',
  ),
  documentNotCached: message(
    'DOCUMENT_NOT_CACHED',
    'この文書はこの端末に保存されていないため、オフラインでは開けません。接続が戻ってから開いてください。',
    'This document is not saved on this PC, so it cannot be opened offline. Open it again once the connection is back.',
  ),
  documentTransferCorrupt: message(
    'DOCUMENT_TRANSFER_CORRUPT',
    '文書の受信中にデータが壊れたため、表示しませんでした。もう一度開いてください。続く場合は事務局に連絡してください。',
    'The document was damaged on the way, so it was not shown. Open it again; if this keeps happening, contact the regional office.',
  ),
  stagedFileNotFound: message(
    'STAGED_FILE_NOT_FOUND',
    'このファイルは登録の候補にありません（取り消したか、すでに登録済みです）。もう一度ファイルをドロップしてください。',
    'This file is no longer waiting to be filed (it was discarded or has been filed). Drop the file again.',
  ),
  stagedFileGone: (fileName: string) =>
    message(
      'STAGED_FILE_GONE',
      `ファイル「${fileName}」が見つかりません。移動または削除された可能性があります。もう一度ファイルを選んでください。`,
      `The file "${fileName}" is no longer there; it may have been moved or deleted. Choose the file again.`,
    ),
  stagedFileChanged: (fileName: string) =>
    message(
      'STAGED_FILE_CHANGED',
      `ファイル「${fileName}」は、登録の候補にした後で変更または置き換えられたため、送信しませんでした。内容を確認して、もう一度ドロップしてください。`,
      `The file "${fileName}" was changed or replaced after it was offered for filing, so it was not sent. Check it and drop it again.`,
    ),
  fileTooLarge: (fileName: string, limitMb: number) => ({
    reason: 'DOCUMENT_TOO_LARGE',
    message: {
      ja: describeError('DOCUMENT_TOO_LARGE', { fileName, limitMb: String(limitMb) }, 'ja'),
      en: describeError('DOCUMENT_TOO_LARGE', { fileName, limitMb: String(limitMb) }, 'en'),
    },
  }),
  fileNotRegular: (fileName: string) =>
    message(
      'FILE_NOT_A_DOCUMENT',
      `「${fileName}」はファイルではありません（フォルダーやショートカット）。文書のファイルそのものをドロップしてください。`,
      `"${fileName}" is not a file (a folder or a shortcut). Drop the document file itself.`,
    ),
  fileNotReadable: (fileName: string) =>
    message(
      'FILE_NOT_READABLE',
      `ファイル「${fileName}」を読み取れません。ほかのソフトで開いたままになっていないか、アクセス権を確認してください。`,
      `The file "${fileName}" cannot be read. Check that no other program holds it open, and its permissions.`,
    ),
  droppedFileUnreadable: message(
    'DROPPED_FILE_UNREADABLE',
    'ドロップされたものをファイルとして読み取れません。エクスプローラーなどから、PCに保存されたファイルをドロップしてください。',
    'What was dropped cannot be read as a file. Drop a file saved on this PC, from Explorer or a similar window.',
  ),
  uploadCancelled: message('UPLOAD_CANCELLED', 'アップロードを取り消しました。文書は登録されていません。', 'The upload was cancelled. Nothing was filed.'),
  uploadInProgress: message('UPLOAD_IN_PROGRESS', 'このファイルは送信中です。完了するまでお待ちください。', 'This file is being sent. Wait until it is done.'),
  watchedFolderMissing: (path: string) =>
    message(
      'WATCHED_FOLDER_MISSING',
      `監視フォルダー「${path}」が見つかりません。フォルダーが移動・削除されていないか、ネットワークドライブが切断されていないか確認してください。別のフォルダーを選ぶこともできます。`,
      `The watched folder "${path}" cannot be found. Check that it was not moved or deleted and that its network drive is connected, or choose another folder.`,
    ),
  watchedFolderNotAccessible: (path: string) =>
    message(
      'WATCHED_FOLDER_NOT_ACCESSIBLE',
      `監視フォルダー「${path}」を読み書きできません。フォルダーのアクセス権を確認してください（登録したファイルを「登録済み」フォルダーへ移すため、書き込みの権限も必要です）。`,
      `The watched folder "${path}" cannot be read and written. Check its permissions (filed documents are moved into its "登録済み" folder, so writing must be allowed too).`,
    ),
  watchedFolderNotAFolder: (path: string) =>
    message(
      'WATCHED_FOLDER_NOT_A_FOLDER',
      `「${path}」はフォルダーではありません。フォルダーを選んでください。`,
      `"${path}" is not a folder. Choose a folder.`,
    ),
  watchedFolderMoveFailed: (fileName: string) =>
    message(
      'WATCHED_FOLDER_MOVE_FAILED',
      `「${fileName}」は登録しましたが、「登録済み」フォルダーへ移せませんでした。二重に登録しないよう、このファイルは手作業で移動してください。`,
      `"${fileName}" was filed but could not be moved into the "登録済み" folder. Move it by hand so it is not filed twice.`,
    ),
  // ---- the contact timeline (連絡帳) ----
  timelineNeedsConnection: message(
    'TIMELINE_NEEDS_CONNECTION',
    'この操作にはサーバーへの接続が必要です。VPNとネットワークを確認してください。連絡帳の投稿は、接続がなくても書くことができ、接続が戻ると送信されます。',
    'This needs the connection to the server. Check the VPN and the network. New posts can still be written: they are sent once the connection is back.',
  ),
  timelineNotCached: message(
    'TIMELINE_NOT_CACHED',
    'この連絡帳はこの端末に保存されていないため、オフラインでは表示できません。接続が戻ってから開いてください。',
    'This timeline is not saved on this PC, so it cannot be shown offline. Open it again once the connection is back.',
  ),
  pendingPostNotFound: message(
    'PENDING_POST_NOT_FOUND',
    'この未送信の投稿は見つかりません（すでに送信されたか、取り消されました）。連絡帳を開き直して確認してください。',
    'This unsent post is no longer waiting (it was sent or cancelled). Open the timeline again to check.',
  ),
  pendingPostBeingSent: message(
    'PENDING_POST_BEING_SENT',
    'この投稿はいま送信中のため、取り消せません。送信後に連絡帳に表示されたら、必要に応じて投稿を取り消してください。',
    'This post is being sent right now, so it cannot be cancelled. Once it appears in the timeline, retract it if needed.',
  ),
  attachmentFileLost: (fileName: string) =>
    message(
      'ATTACHMENT_FILE_LOST',
      `添付ファイル「${fileName}」がこのPCに残っていないため、この投稿は送信できません（アプリを終了すると、未送信の投稿の添付ファイルは消えます）。投稿を取り消して、ファイルを添付し直してください。`,
      `The attached file "${fileName}" is no longer on this PC, so this post cannot be sent (the files of unsent posts go when the app is closed). Cancel the post and attach the file again.`,
    ),

  saveDialogUnavailable: message(
    'SAVE_DIALOG_UNAVAILABLE',
    'この画面では保存先を選べません。アプリから保存してください。',
    'A place to save to cannot be chosen from this window. Save it from the app.',
  ),
  fileNotWritable: (fileName: string, code: string) =>
    message(
      'FILE_NOT_WRITABLE',
      `「${fileName}」に書き込めませんでした（${code || '不明なエラー'}）。別の場所か名前を選んで、もう一度保存してください。`,
      `"${fileName}" could not be written (${code || 'unknown error'}). Choose another place or name and save again.`,
    ),
  folderDialogUnavailable: message(
    'FOLDER_DIALOG_UNAVAILABLE',
    'この画面ではフォルダーを選べません。アプリから設定してください。',
    'A folder cannot be chosen from this window. Set it in the app.',
  ),
} as const;

export function unexpected(error: unknown): UserFacingError {
  const detail = error instanceof Error ? error.message : String(error);
  return message(
    'UNEXPECTED',
    `予期しないエラーが発生しました（${detail}）。アプリを再起動しても続く場合は事務局に連絡してください。`,
    `Something unexpected happened (${detail}). If it persists after restarting the app, contact the regional office.`,
  );
}
