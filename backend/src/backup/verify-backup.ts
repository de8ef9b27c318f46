// `renkei-admin backup verify <dir>`: is this backup one the region can be restored from? Without
// touching the live data: every file against the manifest, the secrets opened with the passphrase,
// and the database snapshot opened and read (its audit chain intact and as long as when the backup
// was taken, every blob it names present). A PostgreSQL dump can only be read by restoring it, so
// it is restored into a temporary database on the same server, checked and dropped.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { verifyAuditChain } from '../audit/audit-log';
import { openDatabase, type Store } from '../db/database';
import type { Database } from '../db/schema';
import {
  BackupError,
  POSTGRES_SNAPSHOT,
  SECRETS_FILE,
  SQLITE_SNAPSHOT,
  blobPath,
  checkManifestFiles,
  pathIn,
  readManifest,
  type BackupManifest,
} from './backup-manifest';
import { checkManifestSeal } from './manifest-seal';
import { restoreDatabase, withDatabaseName } from './postgres-tools';
import { openSecrets, type SecretFiles } from './secrets-envelope';

export interface OpenedBackup {
  manifest: BackupManifest;
  secrets: SecretFiles;
}

export interface BackupVerification {
  manifest: BackupManifest;
  auditEvents: number;
  blobs: number;
  secretFiles: string[];
}

/** The manifest's seal checked first, then every file against the manifest, and the secrets decrypted. */
export async function openBackup(backupDir: string, passphrase: string): Promise<OpenedBackup> {
  await checkManifestSeal(backupDir, passphrase);
  const manifest = await readManifest(backupDir);
  await checkManifestFiles(backupDir, manifest);
  const secrets = await openSecrets(await readFile(pathIn(backupDir, SECRETS_FILE)), passphrase);
  for (const needed of ['renkei.json', 'secrets/ca.key.pem', 'secrets/server.key.pem', 'secrets/wireguard.key']) {
    if (!secrets[needed]) throw new BackupError(`暗号化された秘密情報に ${needed} がありません。`, `The encrypted secrets lack ${needed}.`);
  }
  return { manifest, secrets };
}

/**
 * The snapshot's audit chain is intact and holds as many events as when the backup was taken,
 * and each blob it names is among `hasBlob`.
 */
export async function checkSnapshot(
  store: Store,
  manifest: BackupManifest,
  hasBlob: (sha256: string) => boolean,
): Promise<{ auditEvents: number; blobs: number }> {
  const chain = await verifyAuditChain(store);
  if (chain.brokenAtSeq !== undefined) {
    throw new BackupError(
      `バックアップ内の監査ログが改ざんまたは削除されています（イベント ${chain.brokenAtSeq}）。`,
      `The backup's audit log was altered or cut (at event ${chain.brokenAtSeq}).`,
    );
  }
  if (chain.events !== manifest.counts.auditEvents) {
    throw new BackupError(
      `バックアップ内の監査ログが ${chain.events} 件で、取得時の ${manifest.counts.auditEvents} 件と合いません。`,
      `The backup's audit log holds ${chain.events} events, not the ${manifest.counts.auditEvents} it held when taken.`,
    );
  }
  const blobs = await store.db.selectFrom('blobs').select('sha256').execute();
  const missing = blobs.filter((b) => !hasBlob(b.sha256));
  if (missing.length > 0) {
    throw new BackupError(
      `バックアップに文書ファイルが欠けています（${missing.length} 件、例: ${missing[0]!.sha256}）。`,
      `Document files are missing from the backup (${missing.length}, e.g. ${missing[0]!.sha256}).`,
    );
  }
  if (blobs.length !== manifest.counts.blobs) {
    throw new BackupError(
      `バックアップ内の文書ファイルの記録が ${blobs.length} 件で、取得時の ${manifest.counts.blobs} 件と合いません。`,
      `The backup's database names ${blobs.length} document files, not the ${manifest.counts.blobs} it named when taken.`,
    );
  }
  return { auditEvents: chain.events, blobs: blobs.length };
}

function openSnapshotReadOnly(path: string): { store: Store; close(): Promise<void> } {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { store: { engine: 'sqlite', db }, close: () => db.destroy() };
}

/**
 * A database of its own on the server of `serverUrl` for `work`, dropped afterwards whatever
 * happens. Needs the CREATEDB privilege.
 */
export async function withTemporaryDatabase<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `renkei_verify_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end();
    throw new BackupError(
      `検証用の一時データベースを作れません（${(error as Error).message}）。CREATEDB 権限のある接続先を --database-url で指定してください。`,
      `Cannot create a temporary database to check the dump in (${(error as Error).message}). Give a connection with the CREATEDB privilege in --database-url.`,
    );
  }
  try {
    return await work(withDatabaseName(serverUrl, name));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).finally(() => admin.end());
  }
}

/**
 * Verifies a backup. `serverUrl`: for a PostgreSQL backup, a server (and role allowed to create
 * databases) to restore the dump into temporarily; the backed-up configuration's URL when omitted.
 */
export async function verifyBackup(backupDir: string, passphrase: string, serverUrl?: string): Promise<BackupVerification> {
  const { manifest, secrets } = await openBackup(backupDir, passphrase);
  const listed = new Set(manifest.files.map((f) => f.path));
  const hasBlob = (sha256: string) => listed.has(blobPath(sha256));
  let counts: { auditEvents: number; blobs: number };
  if (manifest.engine === 'sqlite') {
    const snapshot = openSnapshotReadOnly(pathIn(backupDir, SQLITE_SNAPSHOT));
    try {
      counts = await checkSnapshot(snapshot.store, manifest, hasBlob);
    } finally {
      await snapshot.close();
    }
  } else {
    const url = serverUrl ?? (JSON.parse(secrets['renkei.json']!.toString('utf8')) as { databaseUrl?: string }).databaseUrl;
    if (!url) {
      throw new BackupError(
        'PostgreSQL のダンプを確かめる接続先がありません。--database-url で指定してください。',
        'No PostgreSQL server to check the dump on: give one with --database-url.',
      );
    }
    counts = await withTemporaryDatabase(url, async (scratchUrl) => {
      await restoreDatabase(scratchUrl, pathIn(backupDir, POSTGRES_SNAPSHOT));
      const database = openDatabase({ engine: 'postgres', url: scratchUrl });
      try {
        return await checkSnapshot(database, manifest, hasBlob);
      } finally {
        await database.close();
      }
    });
  }
  return { manifest, ...counts, secretFiles: Object.keys(secrets).sort() };
}
