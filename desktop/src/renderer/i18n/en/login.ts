// The login screen.
import type { login as ja } from '../ja/login';

export const login = {
  loginTitle: 'Log in',
  loginDevice: '{facility} · {device}',
  loginIdLabel: 'User ID',
  loginIdRequired: 'Enter the user ID.',
  passwordLabel: 'Password',
  passwordRequired: 'Enter the password.',
  capsLockOn: 'Caps Lock is on.',
  loginSubmit: 'Log in',
  loggingIn: 'Logging in…',
} satisfies Record<keyof typeof ja, string>;
