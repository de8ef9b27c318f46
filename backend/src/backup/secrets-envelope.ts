// The server's secrets in a backup, encrypted with a passphrase the regional office keeps apart
// from the backup: whoever finds a backup disk gets no CA key to impersonate the server to every
// clinic PC, no WireGuard key, no database password. scrypt turns the passphrase into a key (slow on
// purpose, so guessing is costly); AES-256-GCM encrypts and authenticates, so a wrong passphrase
// and an altered file are both refused, never half-decrypted.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { BackupError } from './backup-manifest';

/** Files of the data directory (relative path → content) kept in the envelope. */
export type SecretFiles = Record<string, Buffer>;

// N = 2^17 costs ~128 MiB and a few hundred milliseconds once per command: nothing to the office,
// a great deal to someone trying passphrases.
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
export const MIN_PASSPHRASE_LENGTH = 12;

const envelopeSchema = z.object({
  format: z.literal('renkei-secrets'),
  version: z.literal(1),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.base64() }),
  cipher: z.literal('aes-256-gcm'),
  iv: z.base64(),
  tag: z.base64(),
  ciphertext: z.base64(),
});

type Envelope = z.infer<typeof envelopeSchema>;

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: SCRYPT_MAXMEM }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The header fields are authenticated with the content: none can be swapped for another's. */
function associatedData(envelope: Pick<Envelope, 'format' | 'version' | 'kdf' | 'cipher'>): Buffer {
  return Buffer.from(JSON.stringify([envelope.format, envelope.version, envelope.kdf, envelope.cipher]));
}

export function checkPassphraseStrength(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupError(
      `パスフレーズは ${MIN_PASSPHRASE_LENGTH} 文字以上にしてください。`,
      `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`,
    );
  }
}

export async function sealSecrets(files: SecretFiles, passphrase: string): Promise<Buffer> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kdf = { name: 'scrypt' as const, ...SCRYPT, salt: salt.toString('base64') };
  const header = { format: 'renkei-secrets' as const, version: 1 as const, kdf, cipher: 'aes-256-gcm' as const };
  const key = await deriveKey(passphrase, salt, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(header));
  const plain = Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(files).map(([path, content]) => [path, content.toString('base64')]))));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const envelope: Envelope = {
    ...header,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
  return Buffer.from(`${JSON.stringify(envelope)}\n`);
}

export async function openSecrets(sealed: Buffer, passphrase: string): Promise<SecretFiles> {
  let envelope: Envelope;
  try {
    envelope = envelopeSchema.parse(JSON.parse(sealed.toString('utf8')));
  } catch {
    throw new BackupError('secrets.enc が壊れています。別のバックアップを使ってください。', 'secrets.enc is corrupted. Use another backup.');
  }
  const { N, r, p } = envelope.kdf;
  // A cost far beyond what sealSecrets writes would only make this command hang or fail later.
  if (N > 2 ** 20 || r > 16 || p > 4) throw new BackupError('secrets.enc の鍵導出の設定が不正です。', 'secrets.enc asks for an unreasonable key derivation.');
  const key = await deriveKey(passphrase, Buffer.from(envelope.kdf.salt, 'base64'), { N, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(associatedData(envelope));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new BackupError(
      'パスフレーズが違います（または secrets.enc が改変されています）。バックアップを取ったときのパスフレーズを入力してください。',
      'Wrong passphrase (or secrets.enc was altered). Enter the passphrase the backup was taken with.',
    );
  }
  const entries = Object.entries(JSON.parse(plain.toString('utf8')) as Record<string, string>);
  return Object.fromEntries(entries.map(([path, content]) => [path, Buffer.from(content, 'base64')]));
}
