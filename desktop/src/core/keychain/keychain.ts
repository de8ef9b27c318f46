// Secrets of the desktop app in the OS keychain (Windows Credential Manager, macOS Keychain,
// the Secret Service on Linux) through keytar: the device secret, the session token and each
// user's cache key. Nothing secret is written to the app's files.
import keytar from 'keytar';

export interface Keychain {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
  /** The accounts holding a secret (not the secrets). */
  accounts(): Promise<string[]>;
}

const KEYCHAIN_SERVICE = 'jp.renkei.desktop';

export function osKeychain(service = KEYCHAIN_SERVICE): Keychain {
  return {
    get: (account) => keytar.getPassword(service, account),
    set: (account, secret) => keytar.setPassword(service, account, secret),
    delete: async (account) => {
      await keytar.deletePassword(service, account);
    },
    accounts: async () => (await keytar.findCredentials(service)).map((credential) => credential.account),
  };
}

/** Where each secret is kept, by name. */
export const KeychainAccount = {
  deviceSecret: (deviceId: string) => `device:${deviceId}`,
  session: 'session',
  cacheKey: (userId: string) => `cache-key:${userId}`,
} as const;
