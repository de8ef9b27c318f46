// Registering this PC with the regional office, waiting for approval, and a revoked registration.
import type { enrollment as ja } from '../ja/enrollment';

export const enrollment = {
  enrollTitle: 'Register this PC',
  enrollIntro: 'Enter the server address and the enrollment code you received from the regional office. Once the office approves this PC, it can be used.',
  serverAddressLabel: 'Server address',
  serverAddressRequired: 'Enter the server address.',
  serverAddressHint: 'e.g. renkei.example.jp or renkei.example.jp:7443',
  enrollmentCodeLabel: 'Enrollment code',
  enrollmentCodeRequired: 'Enter the enrollment code.',
  enrollmentCodeHint: '45 characters (9 groups of 5). Case, spaces and hyphens do not matter.',
  enrollmentCodeCount: '{count} / {total} characters',
  enrollmentCodeInvalidCharacters:
    'The code contains characters that never appear in an enrollment code ({characters}). Compare it with the code you received.',
  enrollmentCodeWrongLength: 'An enrollment code has {total} characters; you entered {count}. Check for a missing group or extra characters.',
  deviceNameLabel: 'Device name',
  deviceNameRequired: 'Enter the device name.',
  deviceNameHint: 'A name the regional office recognises this PC by (e.g. Reception PC 1).',
  enrollSubmit: 'Register',
  enrolling: 'Registering…',
  awaitingTitle: 'Waiting for approval',
  awaitingIntro:
    'This PC is registered. When the regional office approves it, the login screen opens by itself. To speed things up, tell the office the device and facility names below.',
  facilityLabel: 'Facility',
  deviceIdLabel: 'Device ID',
  serverLabel: 'Server',
  enrolledAtLabel: 'Registered',
  checkAgain: 'Check now',
  checking: 'Checking…',
  lastChecked: 'Last checked {time} (checked automatically every few seconds)',
  revokedTitle: 'This PC’s registration has been revoked',
  revokedBody: 'This PC can no longer show or sync patient information.',
  revokedContact: 'If it should be registered again, tell the regional office the device and facility names below.',
} satisfies Record<keyof typeof ja, string>;
