// The key that encrypts users' TOTP secrets at rest: 32 random bytes in the data directory's
// secrets/ (0600), never in the database, so a copied database or dump does not give away anyone's
// authenticator. AES-256-GCM: a changed ciphertext fails to decrypt rather than yielding another
// secret. Each ciphertext is bound to its user ID (associated data), so one user's row cannot be
// pasted over another's.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecondFactorKey {
  private constructor(private readonly key: Buffer) {}

  /** The data directory's key; made on first use (a data directory from before two-factor login has none). */
  static loadOrCreate(path: string): SecondFactorKey {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      try {
        // 'wx': a sibling process that made it first wins, and both then read the same key.
        writeFileSync(path, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return SecondFactorKey.load(path);
  }

  static load(path: string): SecondFactorKey {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (key.length !== KEY_BYTES) throw new Error(`${path} is not a ${KEY_BYTES}-byte hex key`);
    return new SecondFactorKey(key);
  }

  encrypt(userId: string, secret: Uint8Array): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(userId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** Throws when the ciphertext was changed, belongs to another user or was made under another key. */
  decrypt(userId: string, stored: string): Buffer {
    const bytes = Buffer.from(stored, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}
