// The manifest's seal: manifest.seal holds an HMAC-SHA-256 of manifest.json's exact bytes, keyed by
// the office's passphrase. The manifest lists every file's size and SHA-256, so sealing it seals the
// whole backup: a file list or hash changed on the backup disk (to slip in another database, or to
// hide a removed file) no longer matches, and is refused before the manifest is even parsed.
//
// The key is not the one secrets.enc is encrypted with: scrypt of the passphrase with a salt of its
// own, then HKDF with a label saying what the key is for, so one key never serves two purposes.
import { createHmac, hkdf, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BackupError, MANIFEST_FILE, SECRETS_FILE, readManifest } from './backup-manifest';
import { openSecrets } from './secrets-envelope';

export const SEAL_FILE = 'manifest.seal';

// As for secrets.enc: slow on purpose, once per command.
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const HKDF_INFO = 'renkei-backup manifest hmac-sha256 v1';

const sealSchema = z.object({
  format: z.literal('renkei-manifest-seal'),
  version: z.literal(1),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.base64() }),
  mac: z.literal('hmac-sha256'),
  value: z.string().regex(/^[0-9a-f]{64}$/),
});

type Seal = z.infer<typeof sealSchema>;

async function macKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const stretched = await new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: SCRYPT_MAXMEM }, (error, key) => (error ? reject(error) : resolve(key))),
  );
  return new Promise((resolve, reject) =>
    hkdf('sha256', stretched, Buffer.alloc(0), HKDF_INFO, 32, (error, key) => (error ? reject(error) : resolve(Buffer.from(key)))),
  );
}

/** The seal of `manifestBytes` (manifest.json as written), as manifest.seal's content. */
export async function sealManifest(manifestBytes: Buffer, passphrase: string): Promise<Buffer> {
  const salt = randomBytes(16);
  const key = await macKey(passphrase, salt, SCRYPT);
  const seal: Seal = {
    format: 'renkei-manifest-seal',
    version: 1,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    mac: 'hmac-sha256',
    value: createHmac('sha256', key).update(manifestBytes).digest('hex'),
  };
  return Buffer.from(`${JSON.stringify(seal)}\n`);
}

/**
 * Checks manifest.json's bytes against manifest.seal with the passphrase; the first check on a
 * backup. A mismatch is told apart: if the passphrase opens secrets.enc (which authenticates
 * itself), the passphrase is right and the manifest was changed; otherwise the passphrase is wrong.
 */
export async function checkManifestSeal(backupDir: string, passphrase: string): Promise<void> {
  const manifestFile = join(backupDir, MANIFEST_FILE);
  const sealFile = join(backupDir, SEAL_FILE);
  let manifestBytes: Buffer;
  try {
    manifestBytes = await readFile(manifestFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await readManifest(backupDir); // says whether the backup or only its manifest is missing
    throw error;
  }
  let sealText: string;
  try {
    sealText = await readFile(sealFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new BackupError(
      `${sealFile} がありません。一部しか複写されていないか、マニフェストを封印しない古い版の Renkei で取ったバックアップです。別のバックアップを使うか、新しくバックアップを取ってください。`,
      `${sealFile} is missing: the backup was only partly copied, or taken by an older Renkei that did not seal the manifest. Use another backup or take a new one.`,
    );
  }
  let seal: Seal;
  try {
    seal = sealSchema.parse(JSON.parse(sealText));
  } catch {
    throw new BackupError(`${sealFile} が壊れています。別のバックアップを使ってください。`, `${sealFile} is corrupted. Use another backup.`);
  }
  const { N, r, p } = seal.kdf;
  if (N > 2 ** 20 || r > 16 || p > 4) throw new BackupError(`${sealFile} の鍵導出の設定が不正です。`, `${sealFile} asks for an unreasonable key derivation.`);
  const key = await macKey(passphrase, Buffer.from(seal.kdf.salt, 'base64'), { N, r, p });
  const expected = createHmac('sha256', key).update(manifestBytes).digest();
  if (timingSafeEqual(expected, Buffer.from(seal.value, 'hex'))) return;
  // Throws "wrong passphrase" when the passphrase does not open the secrets either.
  await openSecrets(await readFile(join(backupDir, SECRETS_FILE)).catch(() => Buffer.alloc(0)), passphrase).catch((error: unknown) => {
    if (error instanceof BackupError && /^Wrong passphrase/.test(error.en)) throw error;
  });
  throw new BackupError(
    `${manifestFile} が書き換えられています（封印 ${SEAL_FILE} と合いません）。ファイルの一覧か SHA-256 が取得後に変えられたバックアップです。復元に使わず、別のバックアップを使ってください。`,
    `${manifestFile} was altered (it does not match its seal ${SEAL_FILE}): the file list or hashes were changed after the backup was taken. Do not restore it; use another backup.`,
  );
}
