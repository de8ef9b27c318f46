// The documents a user opened on this PC, kept so they can be read again offline (見読性 when the
// network is down). One cache per user and PC, like the overview cache, and encrypted at rest with
// a key derived from that user's cache key in the OS keychain.
//
// Layout: caches/<user>.documents/
//   index.sqlite     one row per document version: its id, version, SHA-256, patient, size, when
//                    it was last opened, and its description (title, issuer…) sealed
//   bodies/<random>  the bytes, sealed with AES-256-GCM (cache/sealed-rows.ts) bound to
//                    "<document id>/<version>/<sha256>", so a body moved onto another entry fails
//
// Bodies are files rather than SQLite blobs: a document can be tens of megabytes, and
// better-sqlite3 writes synchronously, which would stall the app's main process for the length of
// the write; files are written and read asynchronously, and an evicted body gives its space back
// at once instead of leaving free pages for a vacuum. The small index keeps SQLite's transactions.
//
// Bounded: the least recently opened entries are evicted to keep the bodies under `maxBytes`.
// The SHA-256 the server gave is checked again on every read; an entry that fails is dropped.
import { createHash, hkdfSync, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentView } from '../../shared/desktop-api';
import { CACHE_KEY_BYTES, open, openBytes, seal, sealBytes } from '../cache/sealed-rows';

const DEFAULT_DOCUMENT_CACHE_BYTES = 200 * 1024 * 1024;

interface CachedDocument {
  patientId: string;
  document: DocumentView;
  bytes: Buffer;
}

interface IndexRow {
  document_id: string;
  version: number;
  sha256: string;
  patient_id: string;
  size: number;
  body_file: string;
  sealed_view: Buffer;
}

const SCHEMA = `
  create table if not exists documents (
    document_id text not null,
    version integer not null,
    sha256 text not null,
    patient_id text not null,
    size integer not null,
    body_file text not null unique,
    sealed_view blob not null,
    last_opened integer not null,
    primary key (document_id, version)
  );
  create index if not exists documents_by_patient on documents (patient_id);
  create index if not exists documents_by_last_opened on documents (last_opened);
`;

/** The document cache's own key, derived from the user's cache key: one secret in the keychain per user. */
function documentCacheKey(userCacheKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', userCacheKey, Buffer.alloc(0), 'renkei desktop document cache v1', CACHE_KEY_BYTES));
}

const bodyId = (row: Pick<IndexRow, 'document_id' | 'version' | 'sha256'>) => `${row.document_id}/${row.version}/${row.sha256}`;
const viewId = (row: Pick<IndexRow, 'document_id' | 'version'>) => `${row.document_id}/${row.version}`;
const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class DocumentCache {
  private constructor(
    private readonly dir: string,
    private readonly db: Database.Database,
    private readonly key: Buffer,
    readonly maxBytes: number,
  ) {}

  /** Opens (or creates) the cache in `dir` with the user's cache key; drops bodies no entry names. */
  static open(dir: string, userCacheKey: Buffer, maxBytes = DEFAULT_DOCUMENT_CACHE_BYTES): DocumentCache {
    mkdirSync(join(dir, 'bodies'), { recursive: true, mode: 0o700 });
    const db = new Database(join(dir, 'index.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    const cache = new DocumentCache(dir, db, documentCacheKey(userCacheKey), maxBytes);
    cache.dropOrphans();
    return cache;
  }

  private bodyPath(file: string): string {
    return join(this.dir, 'bodies', file);
  }

  /** A crash between writing a body and indexing it leaves a body nobody names; and the reverse. */
  private dropOrphans(): void {
    const named = new Set((this.db.prepare('select body_file from documents').all() as { body_file: string }[]).map((r) => r.body_file));
    const present = new Set(readdirSync(join(this.dir, 'bodies')));
    for (const file of present) if (!named.has(file)) rmSync(this.bodyPath(file), { force: true });
    const missing = [...named].filter((file) => !present.has(file));
    const remove = this.db.prepare('delete from documents where body_file = ?');
    this.db.transaction(() => missing.forEach((file) => remove.run(file)))();
  }

  get totalBytes(): number {
    return (this.db.prepare('select coalesce(sum(size), 0) as total from documents').get() as { total: number }).total;
  }

  /** Entries, most recently opened first (for tests and diagnostics; no descriptions). */
  entries(): { documentId: string; version: number; patientId: string; size: number }[] {
    return (this.db.prepare('select document_id, version, patient_id, size from documents order by last_opened desc').all() as IndexRow[]).map((r) => ({
      documentId: r.document_id,
      version: r.version,
      patientId: r.patient_id,
      size: r.size,
    }));
  }

  private nextOpened(): number {
    return (this.db.prepare('select coalesce(max(last_opened), 0) + 1 as next from documents').get() as { next: number }).next;
  }

  /**
   * Keeps one document version. A version larger than the whole cache is not kept; older entries
   * are evicted, least recently opened first, until the bodies fit.
   */
  async put(patientId: string, document: DocumentView, bytes: Uint8Array): Promise<boolean> {
    if (bytes.length > this.maxBytes) return false;
    const sha256 = sha256Hex(bytes);
    if (sha256 !== document.sha256.toLowerCase()) return false;
    const row = { document_id: document.documentId, version: document.version, sha256 };
    const file = randomUUID();
    const temporary = this.bodyPath(`${file}.partial`);
    await writeFile(temporary, sealBytes(this.key, bodyId(row), bytes), { mode: 0o600 });
    await rename(temporary, this.bodyPath(file));

    const replaced = this.db.prepare('select body_file from documents where document_id = ? and version = ?').get(row.document_id, row.version) as
      { body_file: string } | undefined;
    const evicted: string[] = [];
    this.db.transaction(() => {
      this.db.prepare('delete from documents where document_id = ? and version = ?').run(row.document_id, row.version);
      this.db
        .prepare('insert into documents (document_id, version, sha256, patient_id, size, body_file, sealed_view, last_opened) values (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.document_id, row.version, sha256, patientId, bytes.length, file, seal(this.key, viewId(row), JSON.stringify(document)), this.nextOpened());
      let total = this.totalBytes;
      const oldest = this.db
        .prepare('select document_id, version, size, body_file from documents where body_file != ? order by last_opened asc')
        .iterate(file) as IterableIterator<IndexRow>;
      const remove = this.db.prepare('delete from documents where document_id = ? and version = ?');
      const victims: IndexRow[] = [];
      for (const victim of oldest) {
        if (total <= this.maxBytes) break;
        victims.push(victim);
        total -= victim.size;
      }
      for (const victim of victims) {
        remove.run(victim.document_id, victim.version);
        evicted.push(victim.body_file);
      }
    })();
    if (replaced) evicted.push(replaced.body_file);
    await Promise.all(evicted.map((f) => rm(this.bodyPath(f), { force: true })));
    return true;
  }

  /**
   * A kept document version, or undefined. version 0: the newest version kept of that document;
   * `sha256`, when given, must be the one kept (the server's current description of the version).
   * Reading it counts as opening it (for eviction). An entry that no longer opens with the key or
   * whose bytes do not hash to the SHA-256 the server gave is dropped.
   */
  async get(documentId: string, version: number, sha256?: string): Promise<CachedDocument | undefined> {
    const row = (
      version > 0
        ? this.db.prepare('select * from documents where document_id = ? and version = ?').get(documentId, version)
        : this.db.prepare('select * from documents where document_id = ? order by version desc limit 1').get(documentId)
    ) as IndexRow | undefined;
    if (!row || (sha256 !== undefined && row.sha256 !== sha256.toLowerCase())) return undefined;
    let bytes: Buffer;
    let document: DocumentView;
    try {
      bytes = openBytes(this.key, bodyId(row), await readFile(this.bodyPath(row.body_file)));
      document = JSON.parse(open(this.key, viewId(row), row.sealed_view)) as DocumentView;
      if (sha256Hex(bytes) !== row.sha256) throw new Error('SHA-256 mismatch');
    } catch {
      await this.remove([row]);
      return undefined;
    }
    this.db.prepare('update documents set last_opened = ? where document_id = ? and version = ?').run(this.nextOpened(), row.document_id, row.version);
    return { patientId: row.patient_id, document, bytes };
  }

  private async remove(rows: Pick<IndexRow, 'document_id' | 'version' | 'body_file'>[]): Promise<void> {
    const remove = this.db.prepare('delete from documents where document_id = ? and version = ?');
    this.db.transaction(() => rows.forEach((r) => remove.run(r.document_id, r.version)))();
    await Promise.all(rows.map((r) => rm(this.bodyPath(r.body_file), { force: true })));
  }

  /** Drops every version of one document (the user may no longer read it). */
  async purgeDocument(documentId: string): Promise<void> {
    await this.remove(this.db.prepare('select document_id, version, body_file from documents where document_id = ?').all(documentId) as IndexRow[]);
  }

  /** Drops the documents of a patient who left the user's view. */
  async purgePatient(patientId: string): Promise<void> {
    await this.remove(this.db.prepare('select document_id, version, body_file from documents where patient_id = ?').all(patientId) as IndexRow[]);
  }

  /** Drops everything. */
  async clear(): Promise<void> {
    await this.remove(this.db.prepare('select document_id, version, body_file from documents').all() as IndexRow[]);
  }

  close(): void {
    this.db.close();
  }
}
