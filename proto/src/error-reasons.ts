// Why a Renkei call failed, as the stable `reason` of a google.rpc.ErrorInfo, with the words a
// clinic user reads: what happened and what to do. The server sends the Japanese text as the
// status message and both texts as LocalizedMessage; the app picks the user's language from here.
// Texts are ICU MessageFormat (FormatJS), like every other catalogue of the project; arguments
// like {lockedUntil} are filled from ErrorInfo.metadata. Which fields were wrong, and why, is said
// per field by field-violations.ts.
import { IntlMessageFormat } from 'intl-messageformat';
import { describeViolation, violationMessages, type FieldViolationReason, type ViolationParameters } from './field-violations';
import { CARE_TEAM_ROLE_LABELS, RECORD_KIND_LABELS, type CareTeamRoleName, type Locale, type RecordKindName } from './labels';

// gRPC status codes (the standard numbers), without importing grpc-js: this module is also used by
// the app's screens, which run in a browser context.
const GrpcStatus = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAUTHENTICATED: 16,
} as const;
type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

export const ERROR_DOMAIN = 'renkei.jp';

interface ReasonDefinition {
  code: GrpcStatusCode;
  ja: string;
  en: string;
}

function reason(code: GrpcStatusCode, ja: string, en: string): ReasonDefinition {
  return { code, ja, en };
}

export const ERROR_REASONS = {
  INVALID_REQUEST: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '入力内容に誤りがあります: {fields}。内容を確認して、もう一度お試しください。',
    'Some input is not valid: {fields}. Check it and try again.',
  ),
  ENROLLMENT_CODE_MALFORMED: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '登録コードの形式が正しくありません（{detailJa}）。事務局から受け取った登録コードを、もう一度確認して入力してください。',
    'The enrollment code is not valid ({detailEn}). Check the code you received from the regional office and enter it again.',
  ),
  ENROLLMENT_CODE_WRONG_SERVER: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'この登録コードは、接続先とは別のサーバー用に発行されたものです。サーバーアドレスを確認してください。',
    'This enrollment code was issued for a different server. Check the server address.',
  ),
  ENROLLMENT_CODE_UNKNOWN: reason(
    GrpcStatus.NOT_FOUND,
    'この登録コードは見つかりません。入力を確認し、解決しない場合は事務局に新しい登録コードの発行を依頼してください。',
    'This enrollment code is not known. Check what you typed; if it still fails, ask the regional office for a new code.',
  ),
  ENROLLMENT_CODE_EXPIRED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'この登録コードは有効期限（{expiresAt}）を過ぎています。事務局に新しい登録コードの発行を依頼してください。',
    'This enrollment code expired at {expiresAt}. Ask the regional office for a new code.',
  ),
  ENROLLMENT_CODE_USED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'この登録コードはすでに使用されています（1つのコードで登録できる端末は1台です）。事務局に新しい登録コードの発行を依頼してください。',
    'This enrollment code has already been used (one code enrolls one device). Ask the regional office for a new code.',
  ),
  ENROLLMENT_TOO_MANY_ATTEMPTS: reason(
    GrpcStatus.RESOURCE_EXHAUSTED,
    'この場所からの端末登録の失敗が続いたため、しばらく受け付けません。15分ほどおいてから、事務局から受け取った登録コードをもう一度確かめて入力してください。',
    'Too many failed enrollments from this network: enrollment is paused for a while. Try again in about 15 minutes, checking the enrollment code from the regional office.',
  ),
  DEVICE_KEY_MALFORMED: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '端末の鍵の形式が正しくありません。アプリを再起動しても続く場合は、アプリを再インストールしてください。',
    'The device key is malformed. If restarting the app does not help, reinstall it.',
  ),
  DEVICE_KEY_ALREADY_ENROLLED: reason(
    GrpcStatus.ALREADY_EXISTS,
    'この端末はすでに登録されています。登録をやり直す場合は、事務局に現在の登録の取り消しを依頼してください。',
    'This device is already enrolled. To enroll again, ask the regional office to revoke the current enrollment.',
  ),
  TUNNEL_ADDRESSES_EXHAUSTED: reason(
    GrpcStatus.RESOURCE_EXHAUSTED,
    'サーバー側で端末に割り当てるアドレスが不足しています。事務局に連絡してください。',
    'The server has no tunnel addresses left for new devices. Contact the regional office.',
  ),
  DEVICE_UNKNOWN: reason(
    GrpcStatus.UNAUTHENTICATED,
    'この端末はサーバーに登録されていません。端末の登録をやり直してください。',
    'This device is not registered with the server. Enroll it again.',
  ),
  DEVICE_PENDING: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この端末はまだ承認されていません。事務局の承認をお待ちください。',
    'This device has not been approved yet. Wait for the regional office to approve it.',
  ),
  DEVICE_REVOKED: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この端末の登録は取り消されました。この端末では患者情報を表示できません。必要であれば事務局に再登録を依頼してください。',
    'This device has been revoked and can no longer show patient information. Ask the regional office if it should be enrolled again.',
  ),
  NOT_THROUGH_TUNNEL: reason(
    GrpcStatus.PERMISSION_DENIED,
    '診療情報には、承認された端末のVPN経由でのみ接続できます。VPNの接続状態を確認してください。',
    "Clinical data can be reached only through an approved device's VPN tunnel. Check the VPN connection.",
  ),
  LOGIN_FAILED: reason(
    GrpcStatus.UNAUTHENTICATED,
    'ユーザーIDまたはパスワードが正しくありません。入力を確認してください（続けて失敗すると一時的にロックされます）。',
    'The user ID or password is wrong. Check them (repeated failures lock the account for a while).',
  ),
  ACCOUNT_LOCKED: reason(
    GrpcStatus.RESOURCE_EXHAUSTED,
    'ログインに続けて失敗したため、このユーザーIDは {lockedUntil} まで使えません。時間をおいてお試しいただくか、事務局にパスワードの再設定を依頼してください。',
    'After repeated failed logins this user ID is locked until {lockedUntil}. Try again later, or ask the regional office to reset the password.',
  ),
  TOO_MANY_LOGIN_ATTEMPTS: reason(
    GrpcStatus.RESOURCE_EXHAUSTED,
    'この端末からのログインの失敗が続いたため、しばらくログインを受け付けません。15分ほどおいてからお試しください。パスワードが分からない場合は事務局に再設定を依頼してください。',
    'Too many failed logins from this device: logins are paused for a while. Try again in about 15 minutes, or ask the regional office to reset a forgotten password.',
  ),
  // Two-factor login (issue 13).
  SECOND_FACTOR_FAILED: reason(
    GrpcStatus.UNAUTHENTICATED,
    '確認コードが正しくないか、すでに使われたか、期限が切れています。認証アプリに表示されている最新の6桁を入力してください（続けて失敗すると一時的にロックされます）。',
    'The code is wrong, already used or expired. Enter the latest 6 digits shown in your authenticator app (repeated failures lock the account for a while).',
  ),
  RECOVERY_CODE_FAILED: reason(
    GrpcStatus.UNAUTHENTICATED,
    'リカバリーコードが正しくないか、すでに使われています。控えのコードのうち未使用のものを入力してください。すべて使い切った場合は事務局に2段階認証のリセットを依頼してください。',
    'The recovery code is wrong or already used. Enter one you have not used yet; if none is left, ask the regional office to reset your two-factor login.',
  ),
  SECOND_FACTOR_UNREADABLE: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'サーバーがこのユーザーの2段階認証の設定を読み取れません（サーバーの鍵が変わった可能性があります）。リカバリーコードでログインするか、事務局に2段階認証のリセットを依頼してください。',
    "The server cannot read this user's two-factor setup (its key may have changed). Log in with a recovery code, or ask the regional office to reset your two-factor login.",
  ),
  SECOND_FACTOR_CHALLENGE_EXPIRED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'ログインの確認時間が過ぎました。もう一度ユーザーIDとパスワードからログインしてください。',
    'The time to finish logging in has passed. Log in again from your user ID and password.',
  ),
  PASSWORD_CHANGE_REQUIRED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'パスワードの変更が必要です（事務局からの依頼）。「アカウント」画面で新しいパスワードに変更してから、操作を続けてください。',
    'You must change your password (the regional office asked for it). Change it on the Account screen, then carry on.',
  ),
  CURRENT_PASSWORD_WRONG: reason(
    GrpcStatus.UNAUTHENTICATED,
    '現在のパスワードが正しくありません。入力を確認してください（続けて失敗すると一時的にロックされます）。',
    'The current password is wrong. Check it (repeated failures lock the account for a while).',
  ),
  AUTHENTICATOR_SETUP_NOT_STARTED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    '認証アプリの設定が始まっていないか、時間が過ぎました。「設定する」からもう一度始めてください。',
    'No authenticator setup is under way, or it took too long. Start again from "Set up".',
  ),
  SECOND_FACTOR_NOT_SET_UP: reason(
    GrpcStatus.FAILED_PRECONDITION,
    '2段階認証が設定されていないため、回復コードはありません。先に認証アプリを設定してください。',
    'Two-factor login is not set up, so there are no recovery codes. Set up an authenticator app first.',
  ),
  ACCOUNT_DISABLED: reason(
    GrpcStatus.PERMISSION_DENIED,
    'このユーザーIDは利用停止されています。事務局に連絡してください。',
    'This user ID has been disabled. Contact the regional office.',
  ),
  // Shared clinic terminals (issue 13): a user signs in only on devices of their own facility or of one linked to it.
  DEVICE_OTHER_FACILITY: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この端末は「{deviceFacility}」の端末のため、「{userFacility}」のユーザーはログインできません。ご自身の事業所の端末をお使いください。代診などでこの端末を使う必要がある場合は、事務局に事業所の連携登録を依頼してください。',
    'This PC belongs to "{deviceFacility}", so users of "{userFacility}" cannot log in on it. Use a PC of your own facility; to work here (e.g. as a substitute doctor), ask the regional office to link the two facilities.',
  ),
  SESSION_REQUIRED: reason(
    GrpcStatus.UNAUTHENTICATED,
    'ログインが必要です。ユーザーIDとパスワードでログインしてください。',
    'Please log in with your user ID and password.',
  ),
  SESSION_EXPIRED: reason(
    GrpcStatus.UNAUTHENTICATED,
    'ログインの有効期限が切れました。もう一度ログインしてください。',
    'Your login has expired. Please log in again.',
  ),
  PATIENT_NOT_ON_CARE_TEAM: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この患者の情報は表示できません（あなたはこの患者のケアチームに登録されていません）。必要な場合は、主治医または事務局にケアチームへの追加を依頼してください。',
    'You cannot see this patient (you are not on their care team). If you need to, ask the attending doctor or the regional office to add you.',
  ),
  SYNC_CURSOR_INVALID: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '同期の位置情報が読み取れません。全件の同期をやり直します。',
    'The sync position could not be read. A full sync will be done.',
  ),
  CONSENT_REQUIRED: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この患者は、患者同意書がまだ記録されていないため、登録した事業所以外には共有されていません。同意を取得したら、主治医の事業所または事務局に同意の記録を依頼してください。',
    'This patient is not shared beyond the office that registered them because no consent (患者同意書) has been recorded. Once consent is obtained, ask the attending office or the regional office to record it.',
  ),
  CONSENT_NOT_RECORDABLE: reason(
    GrpcStatus.PERMISSION_DENIED,
    '患者同意の記録・撤回は、患者を登録した事業所のケアチームの方か事務局だけが行えます。',
    'Only care-team members of the office that registered the patient, or the regional office, can record or withdraw consent.',
  ),
  RECORD_NOT_VISIBLE_TO_ROLE: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この記録（{recordKind}）は、あなたのケアチームでの役割（{role}）には公開されていません。必要な場合は主治医に相談してください。',
    'This record ({recordKind}) is not shared with your role on the care team ({role}). Ask the attending doctor if you need it.',
  ),
  RECORD_NOT_WRITABLE_BY_ROLE: reason(
    GrpcStatus.PERMISSION_DENIED,
    'あなたのケアチームでの役割（{role}）では、この記録（{recordKind}）を登録・編集できません。',
    'Your role on the care team ({role}) cannot add or edit this record ({recordKind}).',
  ),
  RECORD_NOT_FOUND: reason(
    GrpcStatus.NOT_FOUND,
    '指定された記録が見つかりません。一覧を更新してから、もう一度選んでください。',
    'The record was not found. Refresh the list and choose it again.',
  ),
  NOTE_VERSION_SUPERSEDED: reason(
    GrpcStatus.ABORTED,
    'この経過記録は、すでに別の版（第{currentVersion}版）に更新されています。最新の版を確認してから、もう一度修正してください。',
    'This progress note has already been replaced by version {currentVersion}. Review the latest version and correct that one.',
  ),
  COVERAGE_VERSION_SUPERSEDED: reason(
    GrpcStatus.ABORTED,
    '保険・認定の記録は、すでに別の人が更新しています（第{currentVersion}版）。最新の内容を確認してから、もう一度登録してください。',
    'The insurance record was already updated by someone else (version {currentVersion}). Review the latest version and record again.',
  ),
  MEDICATION_VERSION_SUPERSEDED: reason(
    GrpcStatus.ABORTED,
    'この薬剤の記録は、すでに別の版（第{currentVersion}版）に更新されています。最新の内容を確認してから、もう一度変更してください。',
    'This medication entry has already been changed (version {currentVersion}). Review the latest entry and change that one.',
  ),
  TIMELINE_NOT_MEMBER: reason(
    GrpcStatus.PERMISSION_DENIED,
    'このグループのメンバーではないため、見ることができません。参加が必要な場合は、グループの管理者に追加を依頼してください。',
    'You are not a member of this group. Ask its owner to add you if you need to take part.',
  ),
  TIMELINE_NOT_GROUP_OWNER: reason(
    GrpcStatus.PERMISSION_DENIED,
    'メンバーを追加・削除できるのは、グループの管理者だけです。',
    "Only the group's owner can add or remove members.",
  ),
  POST_NOT_AUTHOR: reason(
    GrpcStatus.PERMISSION_DENIED,
    '投稿を編集・取り消しできるのは、投稿した本人だけです。',
    'Only the author can edit or retract a post.',
  ),
  POST_VERSION_SUPERSEDED: reason(
    GrpcStatus.ABORTED,
    'この投稿は、すでに別の版（第{currentVersion}版）に更新されています。最新の内容を確認してから、もう一度編集してください。',
    'This post has already been changed (version {currentVersion}). Review the latest text and edit that.',
  ),
  TOO_MANY_UNSENT_ATTACHMENTS: reason(
    GrpcStatus.RESOURCE_EXHAUSTED,
    'まだ投稿していない添付ファイルが上限（{limit}件）に達しました。作成中の投稿を送信するか、不要な添付を外して取り消してから、もう一度添付してください。送信されなかった添付は{hours}時間後に消去されます。',
    'You have {limit} attachments waiting for their post, the limit. Send the post you are writing, or cancel it and remove attachments you do not need, then attach again. Attachments never sent are deleted after {hours} hours.',
  ),
  TIMELINE_CURSOR_INVALID: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '連絡帳の受信位置が正しくありません。連絡帳を読み込み直します。',
    'The timeline position is not valid. The timelines will be read again.',
  ),
  NOTE_NOT_AUTHOR: reason(
    GrpcStatus.PERMISSION_DENIED,
    '経過記録を修正・取り消しできるのは、記載した本人だけです。内容に誤りがあれば、記載者に連絡してください。',
    'Only the author can correct a progress note or mark it entered in error. Contact the author if something is wrong.',
  ),
  DOCUMENT_EMPTY: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'ファイル「{fileName}」は空です（0バイト）。出力元のソフトで、もう一度ファイルを書き出してください。',
    'The file "{fileName}" is empty (0 bytes). Export it again from the software it came from.',
  ),
  DOCUMENT_TOO_LARGE: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'ファイル「{fileName}」は大きすぎます（上限 {limitMb} MB）。ページを分けるか、解像度を下げて書き出してください。',
    'The file "{fileName}" is too large (limit {limitMb} MB). Split it or export it at a lower resolution.',
  ),
  DOCUMENT_TYPE_NOT_ALLOWED: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'ファイル「{fileName}」の中身は {detected} で、登録できる形式ではありません。PDF、JPEG、PNG、TIFF のファイルを選んでください。',
    'The file "{fileName}" contains {detected}, which cannot be filed. Choose a PDF, JPEG, PNG or TIFF file.',
  ),
  DOCUMENT_EXECUTABLE: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'ファイル「{fileName}」は文書ではなくプログラム（実行ファイル）です。安全のため登録できません。受け取ったファイルに心当たりがなければ、開かずに事業所の管理者に相談してください。',
    'The file "{fileName}" is a program (an executable), not a document, and cannot be filed. If you did not expect it, do not open it and tell your office administrator.',
  ),
  DOCUMENT_PDF_DAMAGED: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'PDF「{fileName}」は壊れているため読み取れません。出力元のソフトで、もう一度PDFを書き出してください。',
    'The PDF "{fileName}" is damaged and cannot be read. Export the PDF again from the software it came from.',
  ),
  DOCUMENT_PDF_ENCRYPTED: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'PDF「{fileName}」はパスワードで保護（暗号化）されているため、チームの全員が読めるように保管できません。保護を解除したPDFを書き出して登録してください。',
    'The PDF "{fileName}" is password-protected (encrypted), so the team could not read it. Export it without protection and file that.',
  ),
  DOCUMENT_PDF_ACTIVE_CONTENT: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'PDF「{fileName}」には {foundJa} が含まれているため、安全のため登録できません。元のソフトで「PDFとして印刷」し直したファイルを登録してください（ページの内容はそのまま残り、スクリプトや埋め込みファイルは含まれなくなります）。',
    'The PDF "{fileName}" contains {foundEn}, so it cannot be filed. Print it to PDF again from the software it came from ("Print to PDF") and file that: the pages stay, scripts and embedded files do not.',
  ),
  DOCUMENT_IMAGE_TOO_LARGE: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '画像「{fileName}」は {width}×{height} 画素と大きすぎるため、表示できません。300dpi 程度の解像度でスキャンし直してから登録してください。',
    'The image "{fileName}" is {width} × {height} pixels, too large to show. Scan it again at about 300 dpi and file that.',
  ),
  DOCUMENT_IMAGE_DAMAGED: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '画像「{fileName}」は壊れているため読み取れません。もう一度スキャンまたは撮影してください。',
    'The image "{fileName}" is damaged and cannot be read. Scan or photograph it again.',
  ),
  DOCUMENT_CHECKSUM_MISMATCH: reason(
    GrpcStatus.INVALID_ARGUMENT,
    '送信中にファイルの内容が変わったため、登録しませんでした。もう一度アップロードしてください。',
    'The file changed on the way, so it was not filed. Upload it again.',
  ),
  DOCUMENT_UPLOAD_INCOMPLETE: reason(
    GrpcStatus.INVALID_ARGUMENT,
    'ファイルの送信が途中で終わったため、登録しませんでした。もう一度アップロードしてください。',
    'The upload ended before the whole file arrived, so nothing was filed. Upload it again.',
  ),
  TEMPLATE_VERSION_CONFLICT: reason(
    GrpcStatus.ABORTED,
    'あなたが編集している間に、{editor}さんがこの書類を更新しました（第{currentVersion}版）。変更点を確認して、内容をまとめてから保存してください。',
    'While you were editing, {editor} saved a newer version of this form (version {currentVersion}). Review the changes, merge them, then save.',
  ),
  TEMPLATE_FINALISED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'この書類の第{version}版は確定済みのため変更できません。変更する場合は、確定版をもとに新しい版を作成してください。',
    'Version {version} of this form is finalised and cannot be changed. To change it, start a new version from the finalised one.',
  ),
  FHIR_EXPORT_NOT_REFERRAL: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'FHIRで出力できる書類は診療情報提供書だけです。',
    'Only a referral letter (診療情報提供書) can be exported as FHIR.',
  ),
  FHIR_EXPORT_NOT_FINALISED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'この診療情報提供書は下書きのため、FHIRで出力できません。確定してから出力してください。',
    'This referral letter is a draft and cannot be exported as FHIR. Finalise it first.',
  ),
  FHIR_EXPORT_SENDER_NUMBER_UNKNOWN: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'この紹介状を確定した事業所の医療機関コード（保険医療機関番号10桁）がRenkeiに登録されていないため、FHIR（JP-CLINS）で出力できません。地域の事務局に番号の登録を依頼してください。',
    'The medical institution number (10-digit 保険医療機関番号) of the office that finalised this letter is not on record, so the letter cannot be exported as FHIR (JP-CLINS). Ask the regional office to register the number.',
  ),
  FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN: reason(
    GrpcStatus.FAILED_PRECONDITION,
    '紹介先の医療機関コード（保険医療機関番号10桁）が分からないため、FHIR（JP-CLINS）で出力できません。紹介状の「紹介先の医療機関コード」に番号を記入した版を確定してから出力してください。',
    "The receiving facility's medical institution number (10-digit 保険医療機関番号) is not known, so the letter cannot be exported as FHIR (JP-CLINS). Finalise a version that gives it under 紹介先の医療機関コード, then export again.",
  ),
  FHIR_EXPORT_INSURANCE_UNKNOWN: reason(
    GrpcStatus.FAILED_PRECONDITION,
    '医療保険の被保険者情報が登録されていない（または閲覧できない）ため、FHIR（JP-CLINS）で出力できません。概要の「保険・認定」に登録してください。',
    "The patient's medical insurance is not on record (or you may not read it), so the letter cannot be exported as FHIR (JP-CLINS). Record it under 保険・認定 on the overview.",
  ),
  FHIR_EXPORT_PATIENT_ADDRESS_UNKNOWN: reason(
    GrpcStatus.FAILED_PRECONDITION,
    '患者の住所が診療情報提供書にも患者情報にも記載されていないため、FHIR（JP-CLINS）で出力できません。住所を記載した版を確定してください。',
    "The patient's address is neither in the letter nor on record, so the letter cannot be exported as FHIR (JP-CLINS). Finalise a version that gives the address.",
  ),
  EMERGENCY_INFO_SUPERSEDED: reason(
    GrpcStatus.ABORTED,
    'あなたが編集している間に、緊急時情報が更新されました（第{currentVersion}版）。最新の内容を確認してから、もう一度保存してください。',
    'The emergency information was updated while you were editing (version {currentVersion}). Review the latest and save again.',
  ),
  PHRASE_NOT_OWNER: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この定型文を変更・削除できるのは、登録した本人だけです。必要なら自分の定型文として登録してください。',
    'Only the person who added this phrase can change or delete it. Add it as your own phrase if you need it.',
  ),
  PHRASE_FACILITY_WRITER: reason(
    GrpcStatus.PERMISSION_DENIED,
    '事業所の定型文を登録・変更・削除できるのは、その事業所の医師・看護師です。自分の定型文として登録するか、事業所の医師・看護師に依頼してください。',
    "Only the office's doctors and nurses can add, change or delete the office's phrases. Add it as your own phrase, or ask one of them.",
  ),
  // Vital signs entered in error (入力誤り)
  VITAL_SIGNS_NOT_RECORDER: reason(
    GrpcStatus.PERMISSION_DENIED,
    'バイタルを入力誤りとして取り消せるのは、記録した本人だけです。値に誤りがあれば、記録者に連絡してください。',
    'Only the person who recorded these vital signs can mark them entered in error. Contact them if a value is wrong.',
  ),
  // The access log (audit_log.proto)
  ACCESS_LOG_NOT_PERMITTED: reason(
    GrpcStatus.PERMISSION_DENIED,
    'この患者のアクセス記録を見られるのは、主治医と、患者を登録した事業所の職員だけです。開示請求などで必要な場合は、主治医または事務局に依頼してください。',
    "Only the patient's attending doctor and the staff of the office that registered the patient can see this access log. If it is needed (for example for a disclosure request), ask the attending doctor or the regional office.",
  ),
  ACCESS_LOG_EXPORT_TOO_LARGE: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'この期間のアクセス記録は多すぎて、画面から一度に保存できません（2万件まで）。期間を短くして分けて保存するか、事務局に出力を依頼してください。',
    'The access log for this period is too long to save from the app at once (at most 20,000 events). Choose a shorter period and save it in parts, or ask the regional office to export it.',
  ),
  PATIENT_ARCHIVED: reason(
    GrpcStatus.FAILED_PRECONDITION,
    'この患者はアーカイブされています（記録は残っていますが、一覧には出ません）。記録を追加するには、事務局にアーカイブの解除を依頼してください。',
    'This patient is archived (the records are kept but hidden from lists). To add to the record, ask the regional office to restore the patient from the archive.',
  ),
  INTERNAL: reason(
    GrpcStatus.INTERNAL,
    'サーバーで予期しないエラーが発生しました。しばらくしてからもう一度お試しください。続く場合は事務局に連絡してください（受付番号 {incident}）。',
    'An unexpected error happened on the server. Try again later; if it persists, contact the regional office (reference {incident}).',
  ),
} as const satisfies Record<string, ReasonDefinition>;

export type ErrorReason = keyof typeof ERROR_REASONS;

export function isErrorReason(value: string): value is ErrorReason {
  return Object.hasOwn(ERROR_REASONS, value);
}

const formats = new Map<string, IntlMessageFormat>();

/**
 * Metadata the server sends as codes, said by their labels: a record kind, and the caller's care-team
 * roles (comma-separated). Anything else is shown as sent.
 */
const METADATA_LABELS: Record<string, (value: string, locale: Locale) => string> = {
  recordKind: (value, locale) => RECORD_KIND_LABELS[value as RecordKindName]?.[locale] ?? value,
  role: (value, locale) => {
    const roles = value.split(',').filter((role) => role !== '');
    if (roles.length === 0) return locale === 'ja' ? '未登録' : 'none';
    return roles.map((role) => CARE_TEAM_ROLE_LABELS[role as CareTeamRoleName]?.[locale] ?? role).join(locale === 'ja' ? '・' : ', ');
  },
};

/**
 * The user-facing text of a reason, with its arguments filled. An argument not sent stays visible as
 * {name}. With field violations, {fields} lists each refused field with what is wrong with it, in
 * `locale`: the one message a screen, a terminal or a foreign client shows says it all.
 */
export function describeError(
  reasonName: ErrorReason,
  metadata: Readonly<Record<string, string>> = {},
  locale: Locale = 'ja',
  violations: readonly RefusedField[] = [],
): string {
  if (violations.length > 0) {
    const fields = violations.map((v) => `${v.field}: ${describeViolation(v.reason, v.parameters, locale).replace(/[。.]$/, '')}`);
    metadata = { ...metadata, fields: fields.join('; ') };
  }
  const key = `${locale}\u0000${reasonName}`;
  let format = formats.get(key);
  if (!format) {
    format = new IntlMessageFormat(ERROR_REASONS[reasonName][locale], locale === 'ja' ? 'ja-JP' : 'en');
    formats.set(key, format);
  }
  const values: Record<string, string> = {};
  // TYPE.argument (1): a plain {name}; the reasons' texts use no other kind.
  for (const element of format.getAst()) {
    if (element.type !== 1) continue;
    const sent = metadata[element.value];
    values[element.value] = sent === undefined ? `{${element.value}}` : (METADATA_LABELS[element.value]?.(sent, locale) ?? sent);
  }
  return String(format.format(values));
}

/** A refused field as the server reports it: which field, the reason, and the reason's parameters. */
export interface RefusedField {
  field: string;
  reason: FieldViolationReason;
  parameters?: ViolationParameters;
}

/**
 * A refusal in the words the app shows, in both of its languages: the whole message, and what is
 * wrong with each field (for the input it belongs to). The desktop core builds its errors with it.
 */
export function refusalWords(
  reason: ErrorReason,
  metadata: Readonly<Record<string, string>> = {},
  violations: readonly RefusedField[] = [],
): { message: { ja: string; en: string }; fields: { field: string; reason: FieldViolationReason; message: { ja: string; en: string } }[] } {
  return {
    message: { ja: describeError(reason, metadata, 'ja', violations), en: describeError(reason, metadata, 'en', violations) },
    fields: violations.map((v) => ({ field: v.field, reason: v.reason, message: violationMessages(v.reason, v.parameters) })),
  };
}
