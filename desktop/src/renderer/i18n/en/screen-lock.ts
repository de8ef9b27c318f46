// The screen lock.
import type { screenLock as ja } from '../ja/screen-lock';

export const screenLock = {
  lockScreen: 'Lock screen',
  lockScreenShortcut: 'Lock screen (Ctrl+L)',
  lockTitle: 'Locked',
  lockedSince: 'Locked at {time}',
  lockIntro: 'Patient information is hidden. Enter your password to unlock and continue.',
  unlockPasswordLabel: "{name}'s password",
  unlockSubmit: 'Unlock',
  unlocking: 'Checking…',
  switchUser: 'Sign in as another user',
  switchUserTitle: 'Sign in as another user?',
  switchUserBody: '{name} will be logged out. Anything half-written is not kept.',
  switchUserUnsent: '{name} has {count} unsent posts. They stay on this PC and are sent when {name} next logs in.',
  switchUserConfirm: 'Log out and switch',
} satisfies Record<keyof typeof ja, string>;
