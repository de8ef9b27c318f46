// The device's WireGuard identity. The private key is created here, stays in a 0600 file in the
// state directory, and is handed to `wg` only as that file's path: no method returns it, so it
// cannot end up in a reply, a log line or an argv by accident.
import { generateKeyPair, isWireGuardKey, publicKeyOf } from '@renkei/wireguard';
import { InsecureStateError, type StateDirectory } from './state-directory';

const PRIVATE_KEY_FILE = 'private.key';

export class DeviceKeyStore {
  constructor(private readonly directory: StateDirectory) {}

  /** For `wg set <if> private-key <file>`. */
  get privateKeyFile(): string {
    return this.directory.file(PRIVATE_KEY_FILE);
  }

  /** The public key, or null before the first `ensureKeyPair()`. */
  async publicKey(): Promise<string | null> {
    const stored = await this.directory.readPrivateFile(PRIVATE_KEY_FILE);
    if (stored === null) return null;
    const privateKey = stored.trim();
    // The content is deliberately left out of the message.
    if (!isWireGuardKey(privateKey))
      throw new InsecureStateError(`${this.privateKeyFile} does not hold a WireGuard key; remove it and set the device up again`);
    return publicKeyOf(privateKey);
  }

  /** The public key, generating the key pair on first use. */
  async ensureKeyPair(): Promise<{ publicKey: string; created: boolean }> {
    const existing = await this.publicKey();
    if (existing !== null) return { publicKey: existing, created: false };
    const pair = generateKeyPair();
    await this.directory.writePrivateFile(PRIVATE_KEY_FILE, `${pair.privateKey}\n`);
    return { publicKey: pair.publicKey, created: true };
  }

  async forget(): Promise<void> {
    await this.directory.removeFile(PRIVATE_KEY_FILE);
  }
}
