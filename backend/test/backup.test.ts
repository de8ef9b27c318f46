// Backup and restore as the regional office runs them (renkei-admin as a child process), on the
// engine under test: a backup taken while a clinic PC files notes and documents, restored onto a
// fresh data directory (and for PostgreSQL a fresh database), holds one consistent moment of the
// region: every record, blob and audit entry of that moment, the audit chain intact, and the same
// CA and WireGuard key, so a PC enrolled before logs in to the restored server over TLS. Broken
// backups and occupied targets are refused with a precise error, and nothing is changed.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, blobPath, fileDigest, type BackupManifest } from '../src/backup/backup-manifest';
import { libpqEnvironment, restoreDatabase } from '../src/backup/postgres-tools';
import { SEAL_FILE, sealManifest } from '../src/backup/manifest-seal';
import { restoreBackup } from '../src/backup/restore-backup';
import { takeBackup } from '../src/backup/take-backup';
import { verifyBackup } from '../src/backup/verify-backup';
import { databaseLocation, dataDirectory, loadServerConfig } from '../src/config/server-config';
import { openDatabase, type RenkeiDatabase } from '../src/db/database';
import { RenkeiServer } from '../src/server/renkei-server';
import { call, closeClients, type Credentials } from './support/api-client';
import { closeDocumentClients, downloadDocument, uploadDocument } from './support/document-transfer';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { TEST_ENGINE, createPostgresDatabase, startTestBackend, type TestBackend } from './support/test-backend';

// Each renkei-admin process starts cold (~2.5 s) and scrypt costs a few hundred ms per command.
const BACKUP_TEST_TIMEOUT_MS = 180_000;
const PASSPHRASE = 'みやざき連携 backup 2026-冬';

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
let backend: TestBackend;
let region: TestRegion;
let doctor: Credentials;
let device: { credential: string };
let doctorLoginId: string;
let patientId: string;
let work: string;
let passphraseFile: string;
const dropDatabases: (() => Promise<void>)[] = [];

function admin(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin);
  });
}

/** A small real PDF whose bytes differ for each `n`: each upload is a blob of its own. */
async function distinctPdf(n: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(`Renkei backup test document ${n} ${randomUUID()}`, { x: 50, y: 780, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

async function writeNote(n: number): Promise<void> {
  await call(
    region.clinical,
    'ProgressNoteService',
    'WriteNote',
    {
      patientId,
      soap: { subjective: `訪問 ${n}: 「よく眠れた」と本人。`, objective: 'BP 128/76', assessment: '安定', plan: '継続' },
      observedAt: backend.clock.now().toISOString(),
    },
    doctor,
  );
}

async function fileDocument(n: number): Promise<string> {
  const filed = await uploadDocument(
    region.clinical,
    doctor,
    {
      patientId,
      uploadId: randomUUID(),
      documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
      title: `紹介状 ${n}`,
      fileName: `referral-${n}.pdf`,
      issuedOn: '2026-11-30',
      issuer: 'みやざき在宅クリニック',
    } as any,
    await distinctPdf(n),
  );
  return filed.document.documentId;
}

/** The append-only tables, row by row, and the ids of the rest: what "every record" means here. */
async function contents(database: RenkeiDatabase) {
  const rows = async (table: 'audit_events' | 'progress_note_versions' | 'document_versions' | 'blobs') =>
    new Set((await database.db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)));
  const ids = async (table: 'patients' | 'users' | 'devices' | 'documents' | 'facilities') =>
    new Set((await database.db.selectFrom(table).select('id').execute()).map((row) => row.id));
  return {
    audit: await rows('audit_events'),
    notes: await rows('progress_note_versions'),
    versions: await rows('document_versions'),
    blobs: await rows('blobs'),
    patients: await ids('patients'),
    users: await ids('users'),
    devices: await ids('devices'),
    documents: await ids('documents'),
    facilities: await ids('facilities'),
  };
}

type Contents = Awaited<ReturnType<typeof contents>>;

function expectSubset(small: Set<string>, large: Set<string>, what: string): void {
  const missing = [...small].filter((item) => !large.has(item));
  expect(missing, what).toEqual([]);
}

async function tablesOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by table_name",
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  doctorLoginId = doctorUser.login_id;
  patientId = (await region.patient()).id;
  await region.join(patientId, doctorUser.id);
  device = await region.approvedDevice();
  doctor = await region.session(doctorLoginId, device);
  work = mkdtempSync(join(tmpdir(), 'renkei-backup-'));
  passphraseFile = join(work, 'passphrase.txt');
  writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  for (let n = 0; n < 3; n++) {
    await writeNote(n);
    await fileDocument(n);
  }
}, 120_000);

afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
  for (const drop of dropDatabases) await drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('backup and restore', { timeout: BACKUP_TEST_TIMEOUT_MS }, () => {
  it('a backup taken while notes and documents are filed restores every record, blob and audit entry; the chain verifies and an enrolled PC logs in with the old CA', async () => {
    const backupDir = join(work, 'during-writes');
    let writing = true;
    let writes = 0;
    let writesDuringBackup = 0;
    let backupRunning = false;
    const filedDocuments: string[] = [];
    const writer = (async () => {
      for (let n = 100; writing; n++) {
        await writeNote(n);
        if (n % 2 === 0) filedDocuments.push(await fileDocument(n));
        writes += 1;
        if (backupRunning) writesDuringBackup += 1;
      }
    })();
    while (writes < 2) await sleep(20);

    const before = await contents(backend.database);
    backupRunning = true;
    const taken = await admin(['--data-dir', backend.dataDir, 'backup', backupDir, '--passphrase-file', passphraseFile, '--json']);
    backupRunning = false;
    writing = false;
    await writer;
    const after = await contents(backend.database);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    // The backup really was taken under writes, and none of them failed.
    expect(writesDuringBackup).toBeGreaterThan(0);
    expect(after.notes.size).toBeGreaterThan(before.notes.size);

    // The secrets are not readable in the backup without the passphrase.
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.engine).toBe(TEST_ENGINE);
    const sealed = readFileSync(join(backupDir, 'secrets.enc'), 'utf8');
    const wireguardKey = readFileSync(join(backend.dataDir, 'secrets', 'wireguard.key'), 'utf8').trim();
    expect(sealed).not.toContain(wireguardKey);
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(readdirSync(backupDir).sort()).toEqual(
      ['blobs', 'manifest.json', 'manifest.seal', 'secrets.enc', TEST_ENGINE === 'sqlite' ? 'database.sqlite' : 'database.pgdump', 'tls'].sort(),
    );

    const verified = await admin(['backup', 'verify', backupDir, '--passphrase-file', passphraseFile, '--json']);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ engine: TEST_ENGINE, auditEvents: manifest.counts.auditEvents, blobs: manifest.counts.blobs });

    // A new host: an empty data directory, and for PostgreSQL a newly created database.
    const newDataDir = join(work, 'new-host', 'data');
    const fresh = TEST_ENGINE === 'postgres' ? await createPostgresDatabase() : undefined;
    if (fresh) dropDatabases.push(fresh.drop);
    const restored = await admin([
      '--data-dir',
      newDataDir,
      'restore',
      backupDir,
      '--passphrase-file',
      passphraseFile,
      '--json',
      ...(fresh ? ['--database-url', fresh.url] : []),
    ]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);

    const newDir = dataDirectory(newDataDir);
    const database = openDatabase(databaseLocation(loadServerConfig(newDir), newDir));
    let back: Contents;
    try {
      back = await contents(database);
    } finally {
      await database.close();
    }
    // The restore is the restored log's one new event, after the backed-up ones.
    const restoreEvents = [...back.audit].filter((row) => (JSON.parse(row) as { action: string }).action === 'backup.restore');
    expect(restoreEvents).toHaveLength(1);
    const restoreEvent = JSON.parse(restoreEvents[0]!) as { seq: number; actor_label: string; detail: string };
    expect(restoreEvent.actor_label).toMatch(/^admin:/);
    expect(JSON.parse(restoreEvent.detail)).toMatchObject({ backupCreatedAt: manifest.createdAt, auditEvents: manifest.counts.auditEvents });
    back.audit.delete(restoreEvents[0]!);
    expect(Math.max(...[...back.audit].map((row) => (JSON.parse(row) as { seq: number }).seq))).toBeLessThan(restoreEvent.seq);
    // The backup itself is in the live log, with who took it and where to.
    const taking = await backend.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'backup.take').execute();
    expect(taking).toHaveLength(1);
    expect(JSON.parse(taking[0]!.detail)).toMatchObject({ backupDir, createdAt: manifest.createdAt, auditEvents: manifest.counts.auditEvents });

    // One moment of the region: everything there when the backup began, nothing that never was.
    for (const key of Object.keys(before) as (keyof Contents)[]) {
      expectSubset(before[key], back[key], `${key} present before the backup are restored`);
      expectSubset(back[key], after[key], `restored ${key} are the live ones`);
    }
    // The audit log restored is the live log's beginning, hash for hash, up to the moment of the snapshot.
    const liveAudit = [...after.audit].map((row) => JSON.parse(row) as { seq: number; hash: string });
    const backAudit = [...back.audit].map((row) => JSON.parse(row) as { seq: number; hash: string }).sort((a, b) => a.seq - b.seq);
    expect(backAudit.length).toBe(manifest.counts.auditEvents);
    expect(backAudit).toEqual(liveAudit.sort((a, b) => a.seq - b.seq).slice(0, backAudit.length));
    // Every document the snapshot names has its bytes, whole.
    for (const row of back.blobs) {
      const { sha256, size } = JSON.parse(row) as { sha256: string; size: number };
      expect(await fileDigest(join(newDataDir, ...blobPath(sha256).split('/')))).toEqual({ sha256, size });
    }

    const audited = await admin(['--data-dir', newDataDir, 'audit', 'verify']);
    expect(audited.code).toBe(0);
    expect(audited.stdout).toContain(`Intact: ${manifest.counts.auditEvents + 1} events`);

    // The same CA and keys: the PC enrolled on the old host logs in to the new one, trusting the old CA.
    for (const file of ['tls/ca.pem', 'tls/server.pem', 'secrets/ca.key.pem', 'secrets/server.key.pem', 'secrets/wireguard.key']) {
      expect(readFileSync(join(newDataDir, file), 'utf8'), file).toBe(readFileSync(join(backend.dataDir, file), 'utf8'));
    }
    const server = await RenkeiServer.start({ dataDir: newDataDir, logger: pino({ level: 'silent' }) });
    try {
      const target = { address: server.clinicalAddress, caPem: backend.caPem };
      const login = await call(
        target,
        'AuthService',
        'Login',
        { loginId: doctorLoginId, password: TEST_PASSWORD },
        { device: device.credential },
        { ownConnection: true },
      );
      expect(login.sessionToken).toBeTruthy();
      const restoredDocument = filedDocuments.find((id) => back.documents.has(id)) ?? [...before.documents][0]!;
      const downloaded = await downloadDocument(
        target,
        { device: device.credential, session: login.sessionToken },
        { patientId, documentId: restoredDocument },
      );
      const blobRow = [...back.versions]
        .map((row) => JSON.parse(row) as { document_id: string; blob_sha256: string })
        .find((v) => v.document_id === restoredDocument)!;
      expect(downloaded.sha256).toBe(blobRow.blob_sha256);
    } finally {
      closeDocumentClients();
      await server.stop();
    }
  });
});

describe('bad backups and occupied targets are refused, and nothing is changed', { timeout: BACKUP_TEST_TIMEOUT_MS }, () => {
  let pristine: string;
  beforeAll(async () => {
    pristine = join(work, 'pristine');
    await takeBackup(dataDirectory(backend.dataDir), pristine, PASSPHRASE);
  }, BACKUP_TEST_TIMEOUT_MS);

  let copies = 0;
  /** A copy of the good backup to break. */
  function copyOfBackup(): string {
    const copy = join(work, `copy-${++copies}`);
    cpSync(pristine, copy, { recursive: true });
    return copy;
  }

  /**
   * verify and restore both refuse `backupDir` with `message`; the target directory is never made,
   * and for PostgreSQL the target database (a fresh one) is left empty.
   */
  async function expectRefused(backupDir: string, message: RegExp, passphrase = PASSPHRASE): Promise<void> {
    await expect(verifyBackup(backupDir, passphrase)).rejects.toThrow(message);
    const target = join(work, `target-${randomUUID()}`);
    const fresh = TEST_ENGINE === 'postgres' ? await createPostgresDatabase() : undefined;
    if (fresh) dropDatabases.push(fresh.drop);
    const error = await restoreBackup(backupDir, target, passphrase, fresh?.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).message).toMatch(message);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(work).filter((name) => name.includes('.restoring-'))).toEqual([]);
    if (fresh) expect(await tablesOf(fresh.url)).toEqual([]);
  }

  /** Replaces the snapshot in `backupDir` by one with its first audit event altered, and the manifest's hash by the new one's. */
  async function alterFirstAuditEvent(backupDir: string): Promise<void> {
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    const name = TEST_ENGINE === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
    const snapshotFile = join(backupDir, name);
    const alteration = "update audit_events set outcome = 'denied' where seq = (select min(seq) from audit_events)";
    if (TEST_ENGINE === 'sqlite') {
      const sqlite = new SQLite(snapshotFile);
      sqlite.prepare(alteration).run();
      sqlite.close();
    } else {
      const scratch = await createPostgresDatabase();
      dropDatabases.push(scratch.drop);
      await restoreDatabase(scratch.url, snapshotFile);
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      await client.query(alteration);
      await client.end();
      await new Promise<void>((resolve, reject) =>
        execFile('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${snapshotFile}`], { env: libpqEnvironment(scratch.url) }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    }
    Object.assign(
      manifest.files.find((f) => f.path === name)!,
      await fileDigest(snapshotFile),
    );
    // Someone who knows the passphrase can seal a manifest of their own: the chain must still catch it.
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    writeFileSync(join(backupDir, 'manifest.json'), manifestBytes);
    writeFileSync(join(backupDir, SEAL_FILE), await sealManifest(manifestBytes, PASSPHRASE));
  }

  it('the good backup verifies', async () => {
    const result = await verifyBackup(pristine, PASSPHRASE);
    expect(result.auditEvents).toBeGreaterThan(0);
    expect(result.blobs).toBeGreaterThan(0);
  });

  it('a document file with one byte changed is named as corrupted', async () => {
    const copy = copyOfBackup();
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as BackupManifest;
    const blob = manifest.files.find((f) => f.path.startsWith('blobs/'))!;
    const bytes = readFileSync(join(copy, blob.path));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(join(copy, blob.path), bytes);
    await expectRefused(copy, new RegExp(`${blob.path} is corrupted`));
  });

  it('a cut-off manifest is refused by its seal before it is read', async () => {
    const copy = copyOfBackup();
    const text = readFileSync(join(copy, 'manifest.json'), 'utf8');
    writeFileSync(join(copy, 'manifest.json'), text.slice(0, text.length / 2));
    await expectRefused(copy, /manifest\.json was altered \(it does not match its seal manifest\.seal\)/);
  });

  it('one changed byte in the manifest (a hash the files would then match) is refused by its seal', async () => {
    const copy = copyOfBackup();
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as BackupManifest;
    const blob = manifest.files.find((f) => f.path.startsWith('blobs/'))!;
    // The blob changed, and its hash in the manifest changed to match: without the seal this would pass.
    const bytes = readFileSync(join(copy, blob.path));
    bytes[0]! ^= 0x01;
    writeFileSync(join(copy, blob.path), bytes);
    const text = readFileSync(join(copy, 'manifest.json'), 'utf8');
    const { sha256 } = await fileDigest(join(copy, blob.path));
    writeFileSync(join(copy, 'manifest.json'), text.replace(blob.sha256, sha256));
    await expectRefused(copy, /manifest\.json was altered \(it does not match its seal manifest\.seal\)/);
    // A manifest with one entry left out (a file removed from the backup, and from its list) likewise.
    const pruned = copyOfBackup();
    const listed = JSON.parse(readFileSync(join(pruned, 'manifest.json'), 'utf8')) as BackupManifest;
    rmSync(join(pruned, blob.path));
    listed.files = listed.files.filter((f) => f.path !== blob.path);
    writeFileSync(join(pruned, 'manifest.json'), `${JSON.stringify(listed, null, 2)}\n`);
    await expectRefused(pruned, /manifest\.json was altered/);
  });

  it('a missing seal, a truncated file and a removed document file are each named', async () => {
    const unsealed = copyOfBackup();
    rmSync(join(unsealed, SEAL_FILE));
    await expectRefused(unsealed, /manifest\.seal is missing: the backup was only partly copied, or taken by an older Renkei/);
    const truncated = copyOfBackup();
    const snapshot = TEST_ENGINE === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
    const full = readFileSync(join(truncated, snapshot));
    writeFileSync(join(truncated, snapshot), full.subarray(0, full.length - 100));
    await expectRefused(truncated, new RegExp(`${snapshot} is truncated \\(${full.length - 100} bytes, the manifest says ${full.length}\\)`));
    const removed = copyOfBackup();
    const manifest = JSON.parse(readFileSync(join(removed, 'manifest.json'), 'utf8')) as BackupManifest;
    const blob = manifest.files.find((f) => f.path.startsWith('blobs/'))!;
    rmSync(join(removed, blob.path));
    await expectRefused(removed, new RegExp(`${blob.path} is missing: the backup was only partly copied`));
  });

  it('a partial backup (no manifest, or a file missing) is refused', async () => {
    const interrupted = copyOfBackup();
    rmSync(join(interrupted, 'manifest.json'));
    await expectRefused(interrupted, /manifest\.json is missing: the backup was interrupted or only partly copied/);
    const partial = copyOfBackup();
    rmSync(join(partial, 'blobs'), { recursive: true });
    await expectRefused(partial, /blobs\/.* is missing: the backup was only partly copied/);
  });

  it('a wrong passphrase is refused', async () => {
    await expectRefused(pristine, /Wrong passphrase/, 'not the passphrase 1234');
  });

  it('an audit event altered in the snapshot, with the manifest rewritten to match, is found by the chain', async () => {
    const copy = copyOfBackup();
    await alterFirstAuditEvent(copy);
    await expectRefused(copy, /The backup's audit log was altered or cut \(at event \d+\)/);
  });

  it('a restore onto a data directory that is not empty is refused, and the directory is left as it was', async () => {
    const occupied = join(work, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'renkei.json'), '{"regionName":"今の地域"}');
    const result = await admin(['--data-dir', occupied, 'restore', pristine, '--passphrase-file', passphraseFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`エラー: 復元先 ${occupied} は空ではありません。`);
    expect(result.stderr).toContain('is not empty. Name an empty directory');
    expect(readdirSync(occupied)).toEqual(['renkei.json']);
    expect(readFileSync(join(occupied, 'renkei.json'), 'utf8')).toBe('{"regionName":"今の地域"}');
  });

  it('a restore into an empty directory the office made beforehand fills it, owner-only where it holds secrets or records', async () => {
    const made = join(work, 'made-beforehand');
    mkdirSync(made);
    const fresh = TEST_ENGINE === 'postgres' ? await createPostgresDatabase() : undefined;
    if (fresh) dropDatabases.push(fresh.drop);
    const result = await restoreBackup(pristine, made, PASSPHRASE, fresh?.url);
    expect(result.auditEvents).toBeGreaterThan(0);
    expect(statSync(join(made, 'secrets')).mode & 0o777).toBe(0o700);
    for (const file of ['renkei.json', 'secrets/ca.key.pem', 'secrets/server.key.pem', 'secrets/wireguard.key']) {
      expect(statSync(join(made, file)).mode & 0o777, file).toBe(0o600);
    }
    if (TEST_ENGINE === 'sqlite') expect(statSync(join(made, 'renkei.sqlite')).mode & 0o777).toBe(0o600);
    const snapshot = TEST_ENGINE === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
    expect(statSync(join(pristine, snapshot)).mode & 0o777).toBe(0o600);
    expect(statSync(pristine).mode & 0o777).toBe(0o700);
  });

  it('a passphrase shorter than 12 characters is refused before anything is written; one read from stdin is accepted', async () => {
    const refusedDir = join(work, 'short-passphrase');
    const refused = await admin(['--data-dir', backend.dataDir, 'backup', refusedDir], 'short pass\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('パスフレーズは 12 文字以上にしてください。');
    expect(existsSync(refusedDir)).toBe(false);
    const verified = await admin(['backup', 'verify', pristine, '--json'], `${PASSPHRASE}\n`);
    expect(verified.stderr).toBe('');
    expect(JSON.parse(verified.stdout)).toMatchObject({ engine: TEST_ENGINE });
  });

  it('a backup into a directory that is not empty is refused: an earlier backup is never overwritten', async () => {
    const before = readFileSync(join(pristine, 'manifest.json'), 'utf8');
    await expect(takeBackup(dataDirectory(backend.dataDir), pristine, PASSPHRASE)).rejects.toThrow(/is not empty\. Name a new directory/);
    expect(readFileSync(join(pristine, 'manifest.json'), 'utf8')).toBe(before);
  });

  it.runIf(TEST_ENGINE === 'postgres')('a restore into a PostgreSQL database that is not empty is refused, and the database is left as it was', async () => {
    const occupied = await createPostgresDatabase();
    dropDatabases.push(occupied.drop);
    const client = new pg.Client({ connectionString: occupied.url });
    await client.connect();
    try {
      await client.query('create table kept (note text)');
      await client.query("insert into kept values ('今のデータ')");
      const target = join(work, `target-${randomUUID()}`);
      await expect(restoreBackup(pristine, target, PASSPHRASE, occupied.url)).rejects.toThrow(/The target database is not empty \(1 tables\)/);
      expect(existsSync(target)).toBe(false);
      expect((await client.query('select note from kept')).rows).toEqual([{ note: '今のデータ' }]);
      expect(await tablesOf(occupied.url)).toEqual(['kept']);
    } finally {
      await client.end();
    }
  });
});
