// The read-only local copy of one user's patient overviews, so a chart can be read when the
// network is down. One SQLite file per user and device; every overview sealed with the user's key
// (sealed-rows.ts). Names are searched in memory: at open, the list rows are decrypted into an
// index that sync keeps current, so nothing readable about a patient sits on disk.
import Database from 'better-sqlite3';
import { normalizeForSearch, searchKeysOf } from '@renkei/proto/japanese-search';
import { regionalNumberOfQuery } from '@renkei/proto/regional-number';
import type { PatientListItem } from '../../shared/desktop-api';
import type { PhraseView } from '../../shared/phrase-views';
import { EMPTY_CHART } from '../chart/chart-views';
import { listMarksOf } from './coverage-mapping';
import type { StoredOverview } from './overview-mapping';
import { CACHE_KEY_BYTES, open, seal } from './sealed-rows';

interface CachedChange {
  patientId: string;
  /** The current overview, or null when the patient left the user's view. */
  overview: StoredOverview | null;
}

interface IndexEntry {
  item: PatientListItem;
  /** What the row's marks are counted from on the day the list is shown. */
  standing: Pick<StoredOverview, 'coverage' | 'instructionInForce'>;
  written: string;
  reading: string;
  sortKey: string;
}

/** An overview as sealed by this or an older version of the app (older rows lack later parts). */
type LaterParts = 'chart' | 'coverage' | 'instructionInForce' | 'emergencyInfo' | 'medications' | 'recentVitalSigns' | 'hospitalData';
type SealedOverview = Omit<StoredOverview, LaterParts | 'patient'> &
  Partial<Pick<StoredOverview, LaterParts>> & {
    patient: Omit<StoredOverview['patient'], 'marks' | 'regionalNumber' | 'archivedAt'> &
      Partial<Pick<StoredOverview['patient'], 'marks' | 'regionalNumber' | 'archivedAt'>>;
  };

const NO_MARKS = { instruction: null, certification: null };

/** Rows sealed before a part was in the overview read without it until the next sync. */
function withDefaults(stored: SealedOverview): StoredOverview {
  return {
    ...stored,
    // No archived overview is ever sealed (the gateway keeps them off the PC): a row is never archived.
    patient: { ...stored.patient, marks: stored.patient.marks ?? NO_MARKS, regionalNumber: stored.patient.regionalNumber ?? 0, archivedAt: null },
    chart: stored.chart ?? EMPTY_CHART,
    emergencyInfo: stored.emergencyInfo ?? null,
    medications: stored.medications ?? [],
    recentVitalSigns: stored.recentVitalSigns ?? [],
    coverage: stored.coverage ?? null,
    instructionInForce: stored.instructionInForce ?? null,
    hospitalData: stored.hospitalData ?? null,
  };
}

export class CacheKeyError extends Error {
  override name = 'CacheKeyError';
}

const SCHEMA = `
  create table if not exists meta (key text primary key, value text not null);
  create table if not exists patients (id text primary key, sealed blob not null);
`;

export class PatientCache {
  private readonly index = new Map<string, IndexEntry>();

  private constructor(
    private readonly db: Database.Database,
    private readonly key: Buffer,
  ) {
    for (const row of db.prepare('select id, sealed from patients').all() as { id: string; sealed: Buffer }[]) {
      let overview: StoredOverview;
      try {
        overview = JSON.parse(open(key, row.id, row.sealed)) as StoredOverview;
      } catch {
        throw new CacheKeyError('the cache cannot be opened with this key');
      }
      this.indexOverview(overview);
    }
  }

  static open(path: string, key: Buffer): PatientCache {
    if (key.length !== CACHE_KEY_BYTES) throw new CacheKeyError(`cache keys are ${CACHE_KEY_BYTES} bytes`);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // A copy of the server's record: a power cut may lose the last writes (WAL keeps them whole and
    // in order, cursor with its overviews), which the next sync brings again. Not waiting for the
    // disk on each write keeps a read that refreshes one overview from costing an fsync.
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    return new PatientCache(db, key);
  }

  private meta(key: string): string | undefined {
    return (this.db.prepare('select value from meta where key = ?').get(key) as { value: string } | undefined)?.value;
  }

  private setMeta(key: string, value: string): void {
    this.db.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value').run(key, value);
  }

  /** Where the next sync continues; '' for a full snapshot. */
  get cursor(): string {
    return this.meta('cursor') ?? '';
  }

  /** When the cache was last known to match the server in full. */
  get lastSyncedAt(): string | null {
    return this.meta('last_synced_at') ?? null;
  }

  /** Local record of the user's password (scrypt), to unlock the cache when offline. */
  get offlineVerifier(): string | undefined {
    return this.meta('offline_verifier');
  }

  set offlineVerifier(value: string) {
    this.setMeta('offline_verifier', value);
  }

  /** The 定型文 last read from the server (sealed like the overviews), for the picker offline. */
  get phrases(): PhraseView[] | undefined {
    const sealed = this.meta('phrases');
    if (sealed === undefined) return undefined;
    return JSON.parse(open(this.key, 'meta:phrases', Buffer.from(sealed, 'base64'))) as PhraseView[];
  }

  set phrases(value: readonly PhraseView[]) {
    this.setMeta('phrases', seal(this.key, 'meta:phrases', JSON.stringify(value)).toString('base64'));
  }

  /** Applies one page of the change feed atomically, with the cursor that follows it. */
  applyPage(changes: readonly CachedChange[], page: { nextCursor: string; reset: boolean; complete: boolean; at: Date }): void {
    const upsert = this.db.prepare('insert into patients (id, sealed) values (?, ?) on conflict (id) do update set sealed = excluded.sealed');
    const remove = this.db.prepare('delete from patients where id = ?');
    this.db.transaction(() => {
      if (page.reset) this.db.exec('delete from patients');
      for (const change of changes) {
        if (change.overview) upsert.run(change.patientId, seal(this.key, change.patientId, JSON.stringify(change.overview)));
        else remove.run(change.patientId);
      }
      this.setMeta('cursor', page.nextCursor);
      if (page.complete) this.setMeta('last_synced_at', page.at.toISOString());
    })();
    if (page.reset) this.index.clear();
    for (const change of changes) {
      if (change.overview) this.indexOverview(change.overview);
      else this.index.delete(change.patientId);
    }
  }

  /** Stores an overview read live from the server, so it is there offline too. */
  put(overview: StoredOverview): void {
    this.db
      .prepare('insert into patients (id, sealed) values (?, ?) on conflict (id) do update set sealed = excluded.sealed')
      .run(overview.patient.id, seal(this.key, overview.patient.id, JSON.stringify(overview)));
    this.indexOverview(overview);
  }

  overview(patientId: string): StoredOverview | undefined {
    const row = this.db.prepare('select sealed from patients where id = ?').get(patientId) as { sealed: Buffer } | undefined;
    if (!row) return undefined;
    return withDefaults(JSON.parse(open(this.key, patientId, row.sealed)) as SealedOverview);
  }

  get size(): number {
    return this.index.size;
  }

  /**
   * Patients whose written name or reading contains the query (see @renkei/proto japanese-search),
   * names starting with it first, then in kana order. An empty query lists everyone.
   */
  search(query: string, now: Date): PatientListItem[] {
    // A regional number ("No. 000123", "123") names one patient, as the server's search reads it.
    const number = regionalNumberOfQuery(query);
    if (number !== undefined) {
      return [...this.index.values()]
        .filter((entry) => entry.item.regionalNumber === number)
        .map((entry) => ({ ...entry.item, marks: listMarksOf(entry.standing, now) }));
    }
    const needle = normalizeForSearch(query);
    const matches: { entry: IndexEntry; prefix: boolean }[] = [];
    for (const entry of this.index.values()) {
      if (needle === '') matches.push({ entry, prefix: true });
      else if (entry.written.includes(needle) || entry.reading.includes(needle)) {
        matches.push({ entry, prefix: entry.written.startsWith(needle) || entry.reading.startsWith(needle) });
      }
    }
    matches.sort((a, b) => Number(b.prefix) - Number(a.prefix) || (a.entry.sortKey < b.entry.sortKey ? -1 : a.entry.sortKey > b.entry.sortKey ? 1 : 0));
    return matches.map((m) => ({ ...m.entry.item, marks: listMarksOf(m.entry.standing, now) }));
  }

  close(): void {
    this.db.close();
  }

  private indexOverview(sealed: SealedOverview): void {
    const overview = withDefaults(sealed);
    const { id, name, birthDate, sex, careLevel, myRoles, marks, regionalNumber } = overview.patient;
    const keys = searchKeysOf(name);
    this.index.set(id, {
      item: { id, name, birthDate, sex, careLevel, myRoles, marks, regionalNumber },
      standing: { coverage: overview.coverage, instructionInForce: overview.instructionInForce },
      written: keys.written,
      reading: keys.reading,
      sortKey: `${name.familyKana}\u0000${name.givenKana}\u0000${id}`,
    });
  }
}
