// What changed between two versions of a record (notes, documents, forms), in the history dialogs.
// ICU MessageFormat; Japanese is the source of the key set and of each message's arguments.
export const versions = {
  changesFromVersion: '第{version}版からの変更',
  noChangesFromVersion: '第{version}版から内容の変更はありません。',
  diffRemoved: '削除:',
  diffAdded: '追加:',
  diffEmpty: '（空欄）',
  columnFile: 'ファイル',
  fileReplaced: '{after}（同じ名前の別のファイルに差し替え）',
} as const;
