// The app frame: its name, the language, loading and failure notices shared by every screen.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const app = {
  appName: 'Renkei 連携',
  languageLabel: '表示言語',
  logout: 'ログアウト',
  loading: '読み込み中…',
  startupFailed: 'アプリの状態を読み込めませんでした。',
  retry: '再試行',
  paneFailed: 'この部分を表示できませんでした。ほかのタブや画面はそのまま使えます。「再読み込み」で直らない場合は、事務局に連絡してください。',
  paneReload: '再読み込み',
  unexpectedError: '予期しないエラーが発生しました。もう一度お試しください。続く場合は事務局に連絡してください。',
  notRecorded: '未登録',
} as const;
