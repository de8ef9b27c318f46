// The status bar: the VPN tunnel, sync, and working offline.
import type { status as ja } from '../ja/status';

export const status = {
  tunnelLabel: 'VPN',
  tunnelDemo: 'No VPN (demo)',
  tunnelDemoDetail: 'This server runs without a VPN, for demonstration. Do not use it for real patients.',
  tunnelNotEnrolled: 'Available once this PC is registered',
  tunnelServiceUnreachable: 'The VPN service is not running',
  tunnelServiceUnreachableDetail:
    'The Renkei tunnel service is not running, so no connection can be made. Restart the PC; if that does not help, contact your administrator.',
  tunnelUnconfigured: 'Not connected (awaiting setup)',
  tunnelUnconfiguredDetail: 'The VPN settings arrive once the regional office approves this PC.',
  tunnelDown: 'Not connected',
  tunnelConnecting: 'Connecting…',
  tunnelUp: 'Connected',
  tunnelUpHandshake: 'Connected (last handshake {time})',
  tunnelError: 'Cannot connect',
  tunnelErrorDetail: 'The VPN could not connect. Press “Connect” to try again.',
  connectTunnel: 'Connect',
  syncLabel: 'Sync',
  syncNever: 'Not synced yet',
  syncIdle: 'Synced ({time})',
  syncing: 'Syncing…',
  syncingProgress: 'Syncing {done} / {total}',
  syncError: 'Sync failed',
  syncNow: 'Sync now',
  offlineAsOf: 'Offline: showing data as of {time}',
  offlineNoData: 'Offline: the server cannot be reached, and this PC has no synced data yet.',
  offlineAdvice: 'This may not be the latest information. Check the VPN and the network.',
} satisfies Record<keyof typeof ja, string>;
