// The screen lock: its command, the lock screen and switching to another user.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const screenLock = {
  lockScreen: '画面をロック',
  lockScreenShortcut: '画面をロック（Ctrl+L）',
  lockTitle: 'ロック中',
  lockedSince: '{time} にロックしました',
  lockIntro: '患者情報は隠しています。続けるには、パスワードを入力してロックを解除してください。',
  unlockPasswordLabel: '{name} さんのパスワード',
  unlockSubmit: 'ロックを解除',
  unlocking: '確認中…',
  switchUser: '別のユーザーでログイン',
  switchUserTitle: '別のユーザーでログインしますか',
  switchUserBody: '{name} さんはログアウトします。書きかけの内容は保存されません。',
  switchUserUnsent: '{name} さんの未送信の投稿が {count} 件あります。この端末に残り、{name} さんが次にログインしたときに送信されます。',
  switchUserConfirm: 'ログアウトして切り替える',
} as const;
