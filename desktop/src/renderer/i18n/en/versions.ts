// What changed between two versions of a record (notes, documents, forms), in the history dialogs.
import type { versions as ja } from '../ja/versions';

export const versions = {
  changesFromVersion: 'Changes from version {version}',
  noChangesFromVersion: 'No change to the content since version {version}.',
  diffRemoved: 'removed:',
  diffAdded: 'added:',
  diffEmpty: '(empty)',
  columnFile: 'File',
  fileReplaced: '{after} (replaced by another file of the same name)',
} satisfies Record<keyof typeof ja, string>;
