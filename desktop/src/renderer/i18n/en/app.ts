// The app frame: its name, the language, loading and failure notices shared by every screen.
import type { app as ja } from '../ja/app';

export const app = {
  appName: 'Renkei',
  languageLabel: 'Language',
  logout: 'Log out',
  loading: 'Loading…',
  startupFailed: 'The app could not read its state.',
  retry: 'Try again',
  paneFailed: 'This part could not be shown. The other tabs and screens still work. If “Reload” does not help, contact the regional office.',
  paneReload: 'Reload',
  unexpectedError: 'Something unexpected went wrong. Try again; if it persists, contact the regional office.',
  notRecorded: 'Not recorded',
} satisfies Record<keyof typeof ja, string>;
