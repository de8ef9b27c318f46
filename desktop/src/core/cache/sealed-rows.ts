// Encryption of cached rows at rest: AES-256-GCM with a per-user key kept in the OS keychain. The
// row's id is bound in as associated data, so a sealed row copied onto another id fails to open.
// Sealed: IV (12 bytes) | tag (16) | ciphertext.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const CACHE_KEY_BYTES = 32;

export function sealBytes(key: Buffer, id: string, plaintext: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws when the key is wrong, the id is not the one sealed in, or a byte was changed. */
export function openBytes(key: Buffer, id: string, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(id));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export function seal(key: Buffer, id: string, plaintext: string): Buffer {
  return sealBytes(key, id, Buffer.from(plaintext, 'utf8'));
}

export function open(key: Buffer, id: string, sealed: Buffer): string {
  return openBytes(key, id, sealed).toString('utf8');
}
