// Two-factor login: the code step after the password, the authenticator's setup and the recovery codes.
import type { twoFactor as ja } from '../ja/two-factor';

export const twoFactor = {
  codeStepTitle: 'Verification code',
  codeStepIntro: 'Enter the 6-digit verification code shown in the authenticator app on your phone.',
  codeLabel: 'Verification code (6 digits)',
  codeRequired: 'Enter the 6 digits.',
  codeSubmit: 'Verify',
  codeChecking: 'Checking…',
  useRecoveryCode: 'Cannot use the authenticator app? Log in with a recovery code',
  recoveryStepTitle: 'Log in with a recovery code',
  recoveryStepIntro: 'Enter one of the recovery codes you kept when you set up two-factor login that you have not used yet. A used code never works again.',
  recoveryCodeLabel: 'Recovery code',
  recoveryCodeRequired: 'Enter a recovery code.',
  useAuthenticatorCode: 'Use the code from the authenticator app',
  backToPassword: 'Back to user ID and password',
  setupTitle: 'Set up two-factor login',
  setupIntro:
    'Your office requires two-factor login. Scan this QR code with an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, …).',
  setupQrAlt: 'QR code for the authenticator app',
  setupSecretIntro: 'If the QR code cannot be scanned, type this key into the authenticator app (time-based, 6 digits).',
  setupSecretLabel: 'Key',
  setupLoading: 'Preparing the setup…',
  setupCodeIntro: 'Then enter the 6-digit code the app shows to finish the setup.',
  setupSubmit: 'Finish setup',
  recoveryCodesTitle: 'Keep your recovery codes',
  recoveryCodesIntro: 'When you cannot use the authenticator app (a lost phone), a recovery code works instead of the verification code. Each code works once.',
  recoveryCodesOnce: 'This is shown only once. Print or write the codes down and keep them where no one else can see them.',
  recoveryCodesListLabel: 'Recovery codes ({count})',
  recoveryCodesSaved: 'I have saved them',
} satisfies Record<keyof typeof ja, string>;
