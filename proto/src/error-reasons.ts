// Why a Renkei call failed, as the stable `reason` of a google.rpc.ErrorInfo, with the words a
// clinic user reads: what happened and what to do. The server sends the Japanese text as the
// status message and both texts as LocalizedMessage; the app picks the user's language from here.
// Placeholders like {lockedUntil} are filled from ErrorInfo.metadata.

// gRPC status codes (the standard numbers), without importing grpc-js: this module is also used by
// the app's screens, which run in a browser context.
const GrpcStatus = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
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
    'Clinical data can be reached only through an approved device\'s VPN tunnel. Check the VPN connection.',
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
  ACCOUNT_DISABLED: reason(
    GrpcStatus.PERMISSION_DENIED,
    'このユーザーIDは利用停止されています。事務局に連絡してください。',
    'This user ID has been disabled. Contact the regional office.',
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
  INTERNAL: reason(
    GrpcStatus.INTERNAL,
    'サーバーで予期しないエラーが発生しました。しばらくしてからもう一度お試しください。続く場合は事務局に連絡してください（受付番号 {incident}）。',
    'An unexpected error happened on the server. Try again later; if it persists, contact the regional office (reference {incident}).',
  ),
} as const satisfies Record<string, ReasonDefinition>;

export type ErrorReason = keyof typeof ERROR_REASONS;
export type Locale = 'ja' | 'en';

export function isErrorReason(value: string): value is ErrorReason {
  return Object.hasOwn(ERROR_REASONS, value);
}

/** The user-facing text of a reason, with its placeholders filled. Unknown placeholders stay visible. */
export function describeError(reasonName: ErrorReason, metadata: Readonly<Record<string, string>> = {}, locale: Locale = 'ja'): string {
  const template = ERROR_REASONS[reasonName][locale];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => metadata[key] ?? whole);
}
