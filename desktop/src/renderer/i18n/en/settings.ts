// Settings of this PC: the watched folder.
import type { settings as ja } from '../ja/settings';

export const settings = {
  pcSettings: 'PC settings',
  pcSettingsTitle: 'Settings of this PC',
  watchedFolderSettingsHeading: 'Watched folder',
  watchedFolderSettingsIntro:
    'Choose the folder your EMR or nursing software saves PDFs into: files that arrive there appear on a patient’s Documents tab and can be filed for that patient at once. The folder is a setting of this PC only.',
  watchedFolderCurrent: 'Folder watched',
  watchedFolderNone: 'None',
  watchedFolderWaiting: 'Files waiting',
  watchedFolderChoose: 'Choose a folder…',
  watchedFolderChange: 'Choose another folder…',
  watchedFolderStop: 'Stop watching',
  watchedFilesWaiting: '{count} waiting to be filed',
} satisfies Record<keyof typeof ja, string>;
