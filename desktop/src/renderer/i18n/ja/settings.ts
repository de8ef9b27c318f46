// Settings of this PC: the watched folder.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const settings = {
  pcSettings: 'この端末の設定',
  pcSettingsTitle: 'この端末の設定',
  watchedFolderSettingsHeading: '監視フォルダー',
  watchedFolderSettingsIntro:
    '電子カルテや看護ソフトがPDFを書き出すフォルダーを指定すると、届いたファイルが患者の「文書」タブに表示され、その患者の文書としてすぐに登録できます。フォルダーはこの端末だけの設定です。',
  watchedFolderCurrent: '監視中のフォルダー',
  watchedFolderNone: '設定されていません',
  watchedFolderWaiting: '登録待ちのファイル',
  watchedFolderChoose: 'フォルダーを選ぶ…',
  watchedFolderChange: '別のフォルダーを選ぶ…',
  watchedFolderStop: '監視をやめる',
  watchedFilesWaiting: '登録待ち {count}件',
} as const;
