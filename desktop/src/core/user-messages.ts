// What the user reads when something fails on this PC rather than on the server: what happened
// and what to do. (The server's own reasons come from @renkei/proto's error catalogue.)
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
  notEnrolled: message('NOT_ENROLLED', 'この端末はまだ登録されていません。事務局から受け取った登録コードで登録してください。', 'This PC is not enrolled yet. Enroll it with the code from the regional office.'),
  notApproved: message('NOT_APPROVED', 'この端末はまだ承認されていません。事務局の承認をお待ちください。', 'This PC has not been approved yet. Wait for the regional office to approve it.'),
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
  offlineLoginFailed: message(
    'OFFLINE_LOGIN_FAILED',
    'ユーザーIDまたはパスワードが正しくありません（オフラインのため、この端末に保存された情報で確認しています）。',
    'The user ID or password is wrong (checked against this PC, as the server cannot be reached).',
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
  deviceNameRequired: message('DEVICE_NAME_REQUIRED', '端末の名前を入力してください（例: 本院 診察室PC）。', 'Enter a name for this PC (e.g. "Main clinic, exam room PC").'),
} as const;

export function unexpected(error: unknown): UserFacingError {
  const detail = error instanceof Error ? error.message : String(error);
  return message(
    'UNEXPECTED',
    `予期しないエラーが発生しました（${detail}）。アプリを再起動しても続く場合は事務局に連絡してください。`,
    `Something unexpected happened (${detail}). If it persists after restarting the app, contact the regional office.`,
  );
}
