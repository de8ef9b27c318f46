// The signed-in user's account: the password change (also when the office asks for it at login) and
// two-factor login by choice, with the recovery codes issued again.
import type { account as ja } from '../ja/account';

export const account = {
  accountButton: 'Account',
  accountTitle: 'Account',
  accountOfflineNote: 'You are offline: the password and two-factor login cannot be changed now. Try again once the server can be reached.',
  passwordSectionTitle: 'Change password',
  passwordChangedAt: 'Last changed: {at}',
  passwordChangedUnknown: 'Last changed: not recorded',
  passwordRuleLabel: 'Password rule',
  currentPasswordLabel: 'Current password',
  newPasswordLabel: 'New password',
  confirmPasswordLabel: 'New password (again)',
  currentPasswordRequired: 'Enter your current password.',
  confirmPasswordMismatch: 'Enter the same new password again.',
  passwordSubmit: 'Change password',
  passwordChanging: 'Changing…',
  passwordChanged: 'Your password was changed. You were logged out on other PCs.',
  passwordRequiredTitle: 'You must change your password',
  passwordRequiredIntro: 'The regional office asked you to change your password. Once you have, the app carries on as usual.',
  twoFactorSectionTitle: 'Two-factor login',
  twoFactorOn: 'Set up (you enter the code from your authenticator app at every login)',
  twoFactorOff: 'Not set up',
  twoFactorRequiredNote: 'Your office requires two-factor login.',
  recoveryCodesRemaining: 'Unused recovery codes: {count}',
  twoFactorSetUp: 'Set up',
  twoFactorReplace: 'Change authenticator app',
  voluntarySetupIntro:
    'Scan this QR code with an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, …). Until you finish, your current setup keeps working.',
  regenerateCodes: 'Issue new recovery codes',
  regenerateIntro: 'Ten new recovery codes will be issued and every earlier code stops working. Enter your password to confirm it is you.',
  regeneratePasswordLabel: 'Your password (to confirm it is you)',
  regenerateSubmit: 'Issue them',
} satisfies Record<keyof typeof ja, string>;
