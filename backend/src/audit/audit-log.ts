// The access log MHLW's guideline asks for: who (user, device) did what to which patient's data,
// when, and whether it was allowed. Append-only and hash-chained: each event's hash covers the
// previous event's hash, so deleting or editing a past event breaks the chain and
// `renkei-admin audit verify` finds where.
import { createHash } from 'node:crypto';
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

function chainHash(prevHash: string, r: ChainedColumns): string {
  const fields = [r.at, r.actor_user_id, r.actor_device_id, r.actor_label, r.action, r.patient_id, r.outcome, r.detail];
  return createHash('sha256').update(prevHash).update(JSON.stringify(fields)).digest('hex');
}

export async function recordAudit(store: Store, event: AuditEvent, now: Date): Promise<void> {
  await transaction(store, async (tx) => {
    await serialize(tx, SerialLock.AuditChain);
    const last = await tx.db.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const prevHash = last?.hash ?? GENESIS;
    const row: ChainedColumns = {
      at: now.toISOString(),
      actor_user_id: event.actorUserId ?? null,
      actor_device_id: event.actorDeviceId ?? null,
      actor_label: event.actorLabel ?? '',
      action: event.action,
      patient_id: event.patientId ?? null,
      outcome: event.outcome,
      detail: JSON.stringify(event.detail ?? {}),
    };
    await tx.db
      .insertInto('audit_events')
      .values({ ...row, prev_hash: prevHash, hash: chainHash(prevHash, row) })
      .execute();
  });
}

interface ChainVerification {
  events: number;
  /** The first event whose hash does not follow from its content and predecessor. */
  brokenAtSeq?: number;
}

export async function verifyAuditChain(store: Store): Promise<ChainVerification> {
  let prevHash = GENESIS;
  let events = 0;
  let afterSeq = 0;
  for (;;) {
    const rows = await store.db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(1000).execute();
    if (rows.length === 0) return { events };
    for (const row of rows) {
      if (row.prev_hash !== prevHash || row.hash !== chainHash(prevHash, row)) return { events, brokenAtSeq: Number(row.seq) };
      prevHash = row.hash;
      events += 1;
      afterSeq = Number(row.seq);
    }
  }
}
