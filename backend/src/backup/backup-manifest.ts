// What a backup directory is, and the checks that it is whole. A backup written by `renkei-admin
// backup` is a directory:
//
//   manifest.json      written last: format version, engine, when, server version, and every other
//                      file's size and SHA-256 (a backup without it was interrupted)
//   manifest.seal      manifest.json's HMAC keyed by the office's passphrase (manifest-seal.ts), so
//                      a changed file list or hash is refused too
//   database.sqlite    the SQLite snapshot (online backup API), or
//   database.pgdump    the PostgreSQL snapshot (pg_dump custom format)
//   blobs/ab/cd/…      the filed documents the snapshot names, as in the data directory
//   tls/ca.pem         the region's CA certificate and the server chain (public)
//   tls/server.pem
//   secrets.enc        the configuration, CA and server keys and WireGuard key, encrypted with the
//                      office's passphrase (secrets-envelope.ts)
//
// Every file is checked against the manifest before anything reads it: a flipped bit on the backup
// disk or a file missing from a half-finished copy is named, never restored.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const SECRETS_FILE = 'secrets.enc';
export const SQLITE_SNAPSHOT = 'database.sqlite';
export const POSTGRES_SNAPSHOT = 'database.pgdump';
export const BACKUP_FORMAT = 'renkei-backup';
// 2: the manifest is sealed (manifest.seal).
export const BACKUP_FORMAT_VERSION = 2;

/** A path inside the backup: relative, forward slashes, never leaving the directory. */
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !isAbsolute(p) && !p.includes('\\') && normalize(p) === p && !p.split('/').includes('..'), 'not a plain relative path');

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  engine: z.enum(['sqlite', 'postgres']),
  createdAt: z.iso.datetime(),
  serverVersion: z.string(),
  regionName: z.string(),
  /** Rows in the snapshot, for the office to compare with what it expects. */
  counts: z.object({ auditEvents: z.number().int().min(0), blobs: z.number().int().min(0) }),
  files: z.array(z.object({ path: relativePath, size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = BackupManifest['files'][number];

/**
 * Why a backup cannot be taken, verified or restored, in the office's two languages. Nothing was
 * changed when one is thrown.
 */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly ja: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export async function fileDigest(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
  }
  return { size, sha256: hash.digest('hex') };
}

/** The path of a manifest entry on disk (the entry was checked to stay inside `backupDir`). */
export function pathIn(backupDir: string, relative: string): string {
  return join(backupDir, ...relative.split('/'));
}

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  const file = join(backupDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const exists = await stat(backupDir).then(
        () => true,
        () => false,
      );
      if (!exists) throw new BackupError(`バックアップ ${backupDir} が見つかりません。`, `No backup at ${backupDir}.`);
      throw new BackupError(
        `${file} がありません。バックアップが途中で止まったか、一部しか複写されていません。別のバックアップを使ってください。`,
        `${file} is missing: the backup was interrupted or only partly copied. Use another backup.`,
      );
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupError(
      `${file} が壊れています（JSON として読めません）。別のバックアップを使ってください。`,
      `${file} is corrupted (not valid JSON). Use another backup.`,
    );
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    throw new BackupError(
      `${file} が壊れているか、この版の Renkei が知らない形式です: ${z.prettifyError(result.error)}`,
      `${file} is corrupted or of a format this Renkei does not know: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** Checks every file the manifest lists: present, of its size, of its SHA-256. */
export async function checkManifestFiles(backupDir: string, manifest: BackupManifest): Promise<void> {
  const required = [SECRETS_FILE, manifest.engine === 'sqlite' ? SQLITE_SNAPSHOT : POSTGRES_SNAPSHOT, 'tls/ca.pem', 'tls/server.pem'];
  for (const name of required) {
    if (!manifest.files.some((f) => f.path === name)) {
      throw new BackupError(`マニフェストに ${name} がありません。不完全なバックアップです。`, `The manifest does not list ${name}: the backup is incomplete.`);
    }
  }
  for (const entry of manifest.files) {
    const path = pathIn(backupDir, entry.path);
    let digest: { size: number; sha256: string };
    try {
      digest = await fileDigest(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new BackupError(
          `${entry.path} がありません。一部しか複写されていないバックアップです。`,
          `${entry.path} is missing: the backup was only partly copied.`,
        );
      }
      throw error;
    }
    if (digest.size < entry.size) {
      throw new BackupError(
        `${entry.path} が途中で切れています（${digest.size} バイト、マニフェストでは ${entry.size} バイト）。一部しか複写されていないバックアップです。別のバックアップを使ってください。`,
        `${entry.path} is truncated (${digest.size} bytes, the manifest says ${entry.size}): the backup was only partly copied. Use another backup.`,
      );
    }
    if (digest.size !== entry.size || digest.sha256 !== entry.sha256) {
      throw new BackupError(
        `${entry.path} が壊れています（大きさまたは SHA-256 がマニフェストと違います）。別のバックアップを使ってください。`,
        `${entry.path} is corrupted (its size or SHA-256 differs from the manifest). Use another backup.`,
      );
    }
  }
}

/** The relative path of a blob in the backup, as in the data directory's store. */
export function blobPath(sha256: string): string {
  return ['blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256].join('/');
}
