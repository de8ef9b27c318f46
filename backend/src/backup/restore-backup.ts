// `renkei-admin restore <backup> --data-dir <new>`: brings a region back on a new host from a
// backup, with the same CA, server certificate and WireGuard key, so that every clinic PC enrolled
// before finds its server again. The backup is checked whole first; the target data directory (and
// for PostgreSQL, the target database) must be empty. The data directory is assembled beside the
// target and renamed into place only when the database is restored and its audit chain verified:
// a refused or failed restore leaves the target as it was.
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { dataDirectory, serverConfigSchema, type DataDirectory } from '../config/server-config';
import { recordAudit } from '../audit/audit-log';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { BackupError, POSTGRES_SNAPSHOT, SQLITE_SNAPSHOT, blobPath, pathIn } from './backup-manifest';
import { restoreDatabase } from './postgres-tools';
import { isEmptyOrAbsent } from './take-backup';
import { checkSnapshot, openBackup } from './verify-backup';

export interface RestoreResult {
  dir: DataDirectory;
  engine: 'sqlite' | 'postgres';
  auditEvents: number;
  blobs: number;
}

/** Tables in the database's own schemas: a database with any is not a fresh one. */
async function tablesIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(
      `復元先のデータベースに接続できません（${(error as Error).message}）。`,
      `Cannot connect to the target database (${(error as Error).message}).`,
    );
  }
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * Restores `backupDir` into the data directory `targetRoot`. `databaseUrl`: for a PostgreSQL
 * backup, the new (empty) database; the backed-up configuration's URL when omitted. It is written
 * into the restored configuration. The restore itself is the restored log's next event, by
 * `restoredBy` (as the admin CLI names its actor).
 */
export async function restoreBackup(
  backupDir: string,
  targetRoot: string,
  passphrase: string,
  databaseUrl?: string,
  restoredBy = 'admin',
  now = new Date(),
): Promise<RestoreResult> {
  const { manifest, secrets } = await openBackup(backupDir, passphrase);
  if (!(await isEmptyOrAbsent(targetRoot))) {
    throw new BackupError(
      `復元先 ${targetRoot} は空ではありません。既存のデータを上書きしないよう、空のディレクトリを指定してください。`,
      `The target ${targetRoot} is not empty. Name an empty directory, so that no existing data is overwritten.`,
    );
  }
  const config = JSON.parse(secrets['renkei.json']!.toString('utf8')) as Record<string, unknown>;
  let targetUrl: string | undefined;
  if (manifest.engine === 'postgres') {
    targetUrl = databaseUrl ?? (config.databaseUrl as string | undefined);
    if (!targetUrl) {
      throw new BackupError(
        '復元先の PostgreSQL データベースを --database-url で指定してください。',
        'Give the target PostgreSQL database with --database-url.',
      );
    }
    const tables = await tablesIn(targetUrl);
    if (tables > 0) {
      throw new BackupError(
        `復元先のデータベースは空ではありません（テーブル ${tables} 個）。新しく作った空のデータベースを指定してください。`,
        `The target database is not empty (${tables} tables). Give a newly created, empty database.`,
      );
    }
    config.databaseUrl = targetUrl;
  } else {
    delete config.databaseUrl;
  }
  serverConfigSchema.parse(config);

  const staging = join(dirname(targetRoot), `.${basename(targetRoot)}.restoring-${randomBytes(4).toString('hex')}`);
  const dir = dataDirectory(staging);
  let databaseRestored = false;
  try {
    await mkdir(staging, { recursive: true, mode: 0o750 });
    await mkdir(dir.secretsDir, { mode: 0o700 });
    await mkdir(join(staging, 'tls'), { mode: 0o755 });
    await mkdir(dir.blobsDir, { mode: 0o700 });
    await writeFile(dir.configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    for (const [path, content] of Object.entries(secrets)) {
      if (path.startsWith('secrets/')) await writeFile(join(dir.secretsDir, basename(path)), content, { mode: 0o600 });
    }
    await copyFile(pathIn(backupDir, 'tls/ca.pem'), dir.caCertificate);
    await copyFile(pathIn(backupDir, 'tls/server.pem'), dir.serverCertificate);
    const blobs = new Set<string>();
    for (const file of manifest.files) {
      if (!file.path.startsWith('blobs/')) continue;
      const sha256 = basename(file.path);
      if (file.path !== blobPath(sha256))
        throw new BackupError(
          `マニフェストの ${file.path} は文書ファイルの名前ではありません。`,
          `${file.path} in the manifest is not a document file's name.`,
        );
      const target = pathIn(staging, file.path);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await copyFile(pathIn(backupDir, file.path), target);
      blobs.add(sha256);
    }

    if (manifest.engine === 'sqlite') {
      await copyFile(pathIn(backupDir, SQLITE_SNAPSHOT), dir.sqliteFile);
      await chmod(dir.sqliteFile, 0o600);
    } else {
      // One transaction: a dump that fails to load leaves the database empty.
      await restoreDatabase(targetUrl!, pathIn(backupDir, POSTGRES_SNAPSHOT));
      databaseRestored = true;
    }
    const database = openDatabase(manifest.engine === 'sqlite' ? { engine: 'sqlite', path: dir.sqliteFile } : { engine: 'postgres', url: targetUrl! });
    let counts: { auditEvents: number; blobs: number };
    try {
      counts = await checkSnapshot(database, manifest, (sha256) => blobs.has(sha256));
      // A backup from an older server: bring its database to this version's schema.
      await migrateToLatest(database);
      await recordAudit(
        database,
        {
          action: 'backup.restore',
          outcome: 'ok',
          actorLabel: restoredBy,
          detail: { backupCreatedAt: manifest.createdAt, serverVersion: manifest.serverVersion, auditEvents: counts.auditEvents, blobs: counts.blobs },
        },
        now,
      );
    } finally {
      await database.close();
    }
    await rename(staging, targetRoot);
    return { dir: dataDirectory(targetRoot), engine: manifest.engine, ...counts };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (databaseRestored && targetUrl) await emptyDatabase(targetUrl).catch(() => undefined);
    throw error;
  }
}

/**
 * Undoes a restore into a database that was empty before it (checked above): the schema the dump
 * filled is made anew, empty (owned by the restoring role from then on).
 */
async function emptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema public cascade');
    await client.query('create schema public');
  } finally {
    await client.end();
  }
}
