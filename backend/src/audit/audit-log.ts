// The access log MHLW's guideline asks for: who (user, device) did what to which patient's data,
// when, and whether it was allowed. Append-only and hash-chained: each event's hash covers the
// previous event's hash, so deleting or editing a past event breaks the chain and
// `renkei-admin audit verify` finds where.
//
// Two ways of rewriting the log a chain alone cannot show, and what catches them:
// - Deleting the newest events (a truncated tail): what is left is still a valid chain. So the head
//   (the last event's seq and hash) is kept in a row of its own, audit_head, written in the same
//   transaction as each event, and the next event chains to that head rather than to whatever row
//   is last: verify finds the chain ending before the head, and an event appended after a
//   truncation does not follow from its predecessor.
// - Rewriting the whole chain (or the chain and the head row together) with freshly computed
//   hashes: consistent inside the database, so only something kept outside it can tell. The office
//   anchors the head daily (`renkei-admin audit head --out`, kept off the server or printed); verify
//   with that anchor then fails unless the anchored event is still in the chain with its hash, and
//   since every later hash follows from it, nothing up to the anchor can have been changed.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { serialize, SerialLock, transaction, type Store } from '../db/database';
import type { AuditEventTable } from '../db/schema';

export interface AuditEvent {
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  actorUserId?: string | null;
  actorDeviceId?: string | null;
  /** Who acted when no user did, e.g. "admin:root@host" or "enrollment". */
  actorLabel?: string;
  patientId?: string | null;
  /** Facts worth keeping (ids, counts, reasons); never passwords, tokens or codes. */
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

type ChainedColumns = Omit<AuditEventTable, 'seq' | 'prev_hash' | 'hash'>;

/** What an event's hash covers after its predecessor's hash: its columns, as JSON. */
function chainedText(r: ChainedColumns): string {
  return JSON.stringify([r.at, r.actor_user_id, r.actor_device_id, r.actor_label, r.action, r.patient_id, r.outcome, r.detail]);
}

/** SHA-256 of the previous hash followed by the event's chained text, both as UTF-8, in hex. */
function chainHash(prevHash: string, r: ChainedColumns): string {
  return createHash('sha256').update(prevHash).update(chainedText(r)).digest('hex');
}

/**
 * Appends the event to the chain; resolves once it is committed. Inside a transaction it is part of
 * that transaction (the record and its event commit together). Otherwise events arriving while an
 * append is committing wait for it and then go in together, one transaction and one step of the
 * chain's lock for all of them (group commit): a morning of concurrent chart reads then costs a
 * chain append per batch, not per read, and no caller is answered before its event is stored.
 */
export async function recordAudit(store: Store, event: AuditEvent, now: Date): Promise<void> {
  const row = chainedColumns(event, now);
  if (store.db.isTransaction) return appendChained(store, [row]);
  return appenderOf(store).append(row);
}

function chainedColumns(event: AuditEvent, now: Date): ChainedColumns {
  return {
    at: now.toISOString(),
    actor_user_id: event.actorUserId ?? null,
    actor_device_id: event.actorDeviceId ?? null,
    actor_label: event.actorLabel ?? '',
    action: event.action,
    patient_id: event.patientId ?? null,
    outcome: event.outcome,
    detail: JSON.stringify(event.detail ?? {}),
  };
}

/** Appends the rows, in order, to the chain inside the transaction `tx` (or one of its own). */
async function appendChained(store: Store, rows: readonly ChainedColumns[]): Promise<void> {
  if (rows.length === 1 && store.engine === 'postgres' && !store.db.isTransaction && (await appendInOneStatement(store, rows[0]!))) return;
  await transaction(store, async (tx) => {
    // Chained to the head, not to the last row: after a truncated tail, the next event then shows
    // the gap (its prev_hash names an event that is gone) instead of sealing it over.
    let head = await lockedHead(tx);
    for (const row of rows) {
      const hash = chainHash(head.hash, row);
      head = { seq: await insertAsHead(tx, { ...row, prev_hash: head.hash, hash }), hash, at: row.at };
    }
  });
}

/**
 * The head, read under the chain's lock (held to commit). On PostgreSQL the head row's own lock is
 * the chain's lock, one round trip instead of an advisory lock and a read, as every append takes
 * it; a deleted head row (which verify reports) locks nothing, so then the advisory lock is taken.
 */
async function lockedHead(tx: Store): Promise<AuditHead> {
  if (tx.engine === 'postgres') {
    const head = await tx.db.selectFrom('audit_head').select(['seq', 'hash', 'at']).where('id', '=', 1).forUpdate().executeTakeFirst();
    if (head) return { seq: Number(head.seq), hash: head.hash, at: head.at };
  }
  await serialize(tx, SerialLock.AuditChain);
  return readHead(tx);
}

/**
 * Inserts the event and makes it the head; its seq. On PostgreSQL one statement does both (a
 * data-modifying WITH), a round trip less per event: the audit append is on every chart read.
 */
async function insertAsHead(tx: Store, event: Omit<AuditEventTable, 'seq'>): Promise<number> {
  if (tx.engine === 'postgres') {
    const stored = await tx.db
      .with('inserted', (db) => db.insertInto('audit_events').values(event).returning('seq'))
      .with('moved', (db) =>
        db
          .updateTable('audit_head')
          .set((eb) => ({ seq: eb.selectFrom('inserted').select('seq'), hash: event.hash, at: event.at }))
          .where('id', '=', 1)
          .returning('id'),
      )
      .selectFrom('inserted')
      .select('seq')
      .executeTakeFirstOrThrow();
    return Number(stored.seq);
  }
  const inserted = await tx.db.insertInto('audit_events').values(event).returning('seq').executeTakeFirstOrThrow();
  await tx.db
    .updateTable('audit_head')
    .set({ seq: Number(inserted.seq), hash: event.hash, at: event.at })
    .where('id', '=', 1)
    .execute();
  return Number(inserted.seq);
}

/**
 * On PostgreSQL an event appended on its own (outside a transaction, as a chart read's is) is one
 * statement, one round trip instead of four (begin, lock the head, insert and move it, commit): it
 * locks the head row, inserts the event chained to it, and moves the head, committed together. The
 * database computes the hash as chainHash does (SHA-256 of the previous hash and the chained text
 * as UTF-8), since only it knows the head under the lock; verify recomputes it in JavaScript, so a
 * difference between the two would show as a broken chain at the first event. A concurrent append
 * (renkei-admin beside the server) waits on the row lock and then reads the head it left. False when
 * the head row is missing (deleted, which verify reports): the general path then chains the event.
 */
async function appendInOneStatement(store: Store, row: ChainedColumns): Promise<boolean> {
  const appended = await sql<{ seq: number }>`
    with head as (select hash from audit_head where id = 1 for update),
    inserted as (
      insert into audit_events (at, actor_user_id, actor_device_id, actor_label, action, patient_id, outcome, detail, prev_hash, hash)
      select ${row.at}::timestamptz, ${row.actor_user_id}::uuid, ${row.actor_device_id}::uuid, ${row.actor_label}::text,
             ${row.action}::text, ${row.patient_id}::uuid, ${row.outcome}::text, ${row.detail}::text,
             head.hash, encode(sha256(convert_to(head.hash || ${chainedText(row)}::text, 'UTF8')), 'hex')
      from head
      returning seq, hash, at
    ),
    moved as (update audit_head set seq = inserted.seq, hash = inserted.hash, at = inserted.at from inserted where audit_head.id = 1)
    select seq from inserted`.execute(store.db);
  return appended.rows.length > 0;
}

interface Waiting {
  row: ChainedColumns;
  stored: () => void;
  failed: (error: unknown) => void;
}

/** The events of one database waiting for the append under way to finish. */
class AuditAppender {
  private waiting: Waiting[] = [];
  private appending = false;

  constructor(private readonly store: Store) {}

  append(row: ChainedColumns): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ row, stored: resolve, failed: reject });
      if (!this.appending) void this.appendWaiting();
    });
  }

  private async appendWaiting(): Promise<void> {
    this.appending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await appendChained(
          this.store,
          batch.map((w) => w.row),
        );
        for (const w of batch) w.stored();
      } catch (error) {
        if (batch.length === 1) batch[0]!.failed(error);
        // One bad event must not cost the others theirs: each again on its own, each told its outcome.
        else for (const w of batch) await appendChained(this.store, [w.row]).then(w.stored, w.failed);
      }
    }
    this.appending = false;
  }
}

const appenders = new WeakMap<object, AuditAppender>();

function appenderOf(store: Store): AuditAppender {
  let appender = appenders.get(store.db);
  if (!appender) appenders.set(store.db, (appender = new AuditAppender(store)));
  return appender;
}

/** The chain's last event as the appends left it: what the office anchors. */
export interface AuditHead {
  seq: number;
  hash: string;
  /** When that event was recorded; null while the log is empty. */
  at: string | null;
}

export async function readHead(store: Store): Promise<AuditHead> {
  return (await storedHead(store)) ?? { seq: 0, hash: GENESIS, at: null };
}

/** The head row; the migration writes it, so without one it was deleted, which verify reports. */
async function storedHead(store: Store): Promise<AuditHead | undefined> {
  const head = await store.db.selectFrom('audit_head').select(['seq', 'hash', 'at']).where('id', '=', 1).executeTakeFirst();
  return head && { seq: Number(head.seq), hash: head.hash, at: head.at };
}

export interface ChainVerification {
  events: number;
  /** The first event whose hash does not follow from its content and predecessor. */
  brokenAtSeq?: number;
  /** The chain ends before its recorded head: the events after `lastSeq` up to `headSeq` were removed. */
  truncated?: { lastSeq: number; headSeq: number };
  /** The head row itself was deleted. */
  headMissing?: true;
  head: AuditHead;
}

/**
 * Walks the chain from the first event up to the head read at the start (events appended while it
 * runs are left for the next run): every event must follow from its predecessor, and the last one
 * must be the head.
 */
export async function verifyAuditChain(store: Store): Promise<ChainVerification> {
  const stored = await storedHead(store);
  if (!stored) return { events: 0, headMissing: true, head: await readHead(store) };
  const head = stored;
  let prevHash = GENESIS;
  let events = 0;
  let afterSeq = 0;
  for (;;) {
    const rows = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', afterSeq)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prev_hash !== prevHash || row.hash !== chainHash(prevHash, row)) return { events, brokenAtSeq: Number(row.seq), head };
      prevHash = row.hash;
      events += 1;
      afterSeq = Number(row.seq);
    }
  }
  if (afterSeq !== head.seq || prevHash !== head.hash) return { events, truncated: { lastSeq: afterSeq, headSeq: head.seq }, head };
  return { events, head };
}

/** A head the office kept: the event (by seq, when known) and its hash. */
export interface AuditAnchor {
  seq?: number;
  hash: string;
}

export type AnchorCheck = { found: true; seq: number } | { found: false; reason: 'missing' | 'different' };

/**
 * Whether the anchored event is still in the chain as anchored. With a chain that verifies, its
 * presence means nothing up to it was changed since the anchor was taken.
 */
export async function checkAnchor(store: Store, anchor: AuditAnchor): Promise<AnchorCheck> {
  if (anchor.seq === undefined) {
    const row = await store.db.selectFrom('audit_events').select('seq').where('hash', '=', anchor.hash).executeTakeFirst();
    return row ? { found: true, seq: Number(row.seq) } : { found: false, reason: 'missing' };
  }
  const row = await store.db.selectFrom('audit_events').select('hash').where('seq', '=', anchor.seq).executeTakeFirst();
  if (!row) return { found: false, reason: 'missing' };
  return row.hash === anchor.hash ? { found: true, seq: anchor.seq } : { found: false, reason: 'different' };
}
