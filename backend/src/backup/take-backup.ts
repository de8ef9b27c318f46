// `renkei-admin backup <dir>`: a consistent copy of a region while its server runs. The database
// snapshot comes first (SQLite's online backup API; for PostgreSQL, pg_dump of an exported
// snapshot); the list of blobs to copy is read from that same snapshot, so every document the
// snapshot names has its bytes in the backup (blobs are never rewritten in place, only added, so
// copying them after the snapshot is safe). Then the public certificates, the secrets sealed with
// the office's passphrase, and last the manifest: the backup is written to a sibling directory and
// renamed into place at the end, so an interrupted backup never looks like a finished one.
import { randomBytes } from 'node:crypto';
import { constants, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { databaseLocation, loadServerConfig, type DataDirectory } from '../config/server-config';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  MANIFEST_FILE,
  POSTGRES_SNAPSHOT,
  SECRETS_FILE,
  SQLITE_SNAPSHOT,
  blobPath,
  fileDigest,
  pathIn,
  type BackupManifest,
} from './backup-manifest';
import { SEAL_FILE, sealManifest } from './manifest-seal';
import { dumpDatabase } from './postgres-tools';
import { sealSecrets, type SecretFiles } from './secrets-envelope';

export const SERVER_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Snapshot {
  blobs: string[];
  auditEvents: number;
}

/** The data directory's files that go into the sealed envelope: the configuration and everything under secrets/. */
export async function secretFilesOf(dir: DataDirectory): Promise<SecretFiles> {
  const files: SecretFiles = { 'renkei.json': await readFile(dir.configFile) };
  for (const name of (await readdir(dir.secretsDir)).sort()) {
    const path = join(dir.secretsDir, name);
    if ((await stat(path)).isFile()) files[`secrets/${name}`] = await readFile(path);
  }
  return files;
}

export async function isEmptyOrAbsent(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}

async function snapshotSqlite(source: string, target: string): Promise<Snapshot> {
  const live = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    // All pages in one step: one read transaction, so the copy is one moment of the database even
    // while the server writes (WAL lets it go on writing meanwhile).
    await live.backup(target, { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  const copy = new SQLite(target);
  try {
    // A self-contained file: no -wal or -shm beside it is needed to read it, also read-only.
    copy.pragma('journal_mode = DELETE');
    const blobs = (copy.prepare('select sha256 from blobs order by sha256').all() as { sha256: string }[]).map((r) => r.sha256);
    const { n } = copy.prepare('select count(*) as n from audit_events').get() as { n: number };
    return { blobs, auditEvents: n };
  } finally {
    copy.close();
  }
}

async function snapshotPostgres(url: string, target: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The transaction's snapshot is exported to pg_dump, and the blob list is read in it too.
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot');
    const blobs = (await client.query<{ sha256: string }>('select sha256 from blobs order by sha256')).rows.map((r) => r.sha256);
    const auditEvents = Number((await client.query<{ n: string }>('select count(*) as n from audit_events')).rows[0]!.n);
    await dumpDatabase(url, rows[0]!.snapshot, target);
    await client.query('commit');
    return { blobs, auditEvents };
  } finally {
    await client.end();
  }
}

export async function takeBackup(dir: DataDirectory, backupDir: string, passphrase: string, now = new Date()): Promise<BackupManifest> {
  const config = loadServerConfig(dir);
  if (!(await isEmptyOrAbsent(backupDir))) {
    throw new BackupError(
      `${backupDir} は空ではありません。前のバックアップを上書きしないよう、新しいディレクトリを指定してください。`,
      `${backupDir} is not empty. Name a new directory, so that no earlier backup is overwritten.`,
    );
  }
  const staging = join(dirname(backupDir), `.${basename(backupDir)}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    const location = databaseLocation(config, dir);
    const snapshotFile = join(staging, location.engine === 'sqlite' ? SQLITE_SNAPSHOT : POSTGRES_SNAPSHOT);
    const snapshot = location.engine === 'sqlite' ? await snapshotSqlite(location.path, snapshotFile) : await snapshotPostgres(location.url, snapshotFile);
    // Patient data: readable by the office's backup user alone, also once copied off the host.
    await chmod(snapshotFile, 0o600);

    for (const sha256 of snapshot.blobs) {
      const target = pathIn(staging, blobPath(sha256));
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      try {
        // A copy, not a hard link: a backup must not share a disk block with what it protects.
        await copyFile(pathIn(dir.root, blobPath(sha256)), target, constants.COPYFILE_EXCL);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        throw new BackupError(
          `文書ファイル ${sha256} がデータディレクトリにありません（データベースには記録があります）。データディレクトリの blobs/ を確認してください。`,
          `Document file ${sha256} is missing from the data directory although the database names it. Check blobs/ in the data directory.`,
        );
      }
    }
    await mkdir(join(staging, 'tls'), { mode: 0o755 });
    await copyFile(dir.caCertificate, join(staging, 'tls', 'ca.pem'));
    await copyFile(dir.serverCertificate, join(staging, 'tls', 'server.pem'));
    await writeFile(join(staging, SECRETS_FILE), await sealSecrets(await secretFilesOf(dir), passphrase), { mode: 0o600 });

    const files: BackupManifest['files'] = [];
    for (const path of await listFiles(staging)) files.push({ path, ...(await fileDigest(pathIn(staging, path))) });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      engine: location.engine,
      createdAt: now.toISOString(),
      serverVersion: SERVER_VERSION,
      regionName: config.regionName,
      counts: { auditEvents: snapshot.auditEvents, blobs: snapshot.blobs.length },
      files,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(staging, MANIFEST_FILE), manifestBytes, { mode: 0o600 });
    await writeFile(join(staging, SEAL_FILE), await sealManifest(manifestBytes, passphrase), { mode: 0o600 });
    // rename(2) replaces an empty directory: a target the office made beforehand is fine.
    await rename(staging, backupDir);
    return manifest;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Every file under `root`, as sorted relative paths with forward slashes. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}
