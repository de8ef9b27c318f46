// The login screen.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const login = {
  loginTitle: 'ログイン',
  loginDevice: '{facility}・{device}',
  loginIdLabel: 'ユーザーID',
  loginIdRequired: 'ユーザーIDを入力してください。',
  passwordLabel: 'パスワード',
  passwordRequired: 'パスワードを入力してください。',
  capsLockOn: 'Caps Lock がオンになっています。',
  loginSubmit: 'ログイン',
  loggingIn: 'ログインしています…',
} as const;
