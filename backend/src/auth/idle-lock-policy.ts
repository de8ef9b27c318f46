// How long a shared clinic PC may sit without input before the app locks its screen (MHLW's
// guideline: no unattended sessions). The regional office sets it for the region and may set it
// otherwise for one facility (`renkei-admin policy lock`): a facility's own row wins over the
// region's; with no row at all, 10 minutes. The app learns it at every login (LoginResponse).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import { parseInput } from '../validation';

/** What applies where the regional office has set nothing. */
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
/** A lock sooner than a minute interrupts typing; later than an hour leaves a chart open on an empty desk. */
export const IDLE_LOCK_MINUTES_RANGE = { min: 1, max: 60 } as const;

const minutesInput = z.number().int().min(IDLE_LOCK_MINUTES_RANGE.min).max(IDLE_LOCK_MINUTES_RANGE.max);

/** The minutes that apply to the users of a facility. */
export async function idleLockMinutes(store: Store, facilityId: string): Promise<number> {
  const rows = await store.db
    .selectFrom('idle_lock_policy')
    .select(['facility_id', 'minutes'])
    .where((eb) => eb.or([eb('facility_id', '=', facilityId), eb('facility_id', 'is', null)]))
    .execute();
  const own = rows.find((r) => r.facility_id === facilityId) ?? rows.find((r) => r.facility_id === null);
  return own?.minutes ?? DEFAULT_IDLE_LOCK_MINUTES;
}

export interface IdleLockSetting {
  /** Undefined: the region's. */
  facilityId?: string;
  facilityName?: string;
  minutes: number;
  /** Undefined when nothing was set (the default applies). */
  updatedAt?: string;
  updatedBy?: string;
}

/** The region's setting (first) and every facility's own, as the office reviews them. */
export async function idleLockSettings(store: Store): Promise<IdleLockSetting[]> {
  const rows = await store.db
    .selectFrom('idle_lock_policy as p')
    .leftJoin('facilities as f', 'f.id', 'p.facility_id')
    .select(['p.facility_id', 'f.name', 'f.name_kana', 'p.minutes', 'p.updated_at', 'p.updated_by'])
    .execute();
  const region = rows.find((r) => r.facility_id === null);
  const facilities = rows
    .filter((r) => r.facility_id !== null)
    .sort((a, b) => (a.name_kana ?? '').localeCompare(b.name_kana ?? '', 'ja'))
    .map((r) => ({ facilityId: r.facility_id!, facilityName: r.name ?? '', minutes: r.minutes, updatedAt: r.updated_at, updatedBy: r.updated_by }));
  return [
    region ? { minutes: region.minutes, updatedAt: region.updated_at, updatedBy: region.updated_by } : { minutes: DEFAULT_IDLE_LOCK_MINUTES },
    ...facilities,
  ];
}

export interface IdleLockChange {
  facilityId?: string;
  minutes: number;
  /** What applied before this change. */
  before: number;
}

/** Sets the region's minutes, or one facility's. Audited; the app applies it from the next login. */
export async function setIdleLockMinutes(
  store: Store,
  change: { facilityId?: string; minutes: number },
  actorLabel: string,
  now: Date,
): Promise<IdleLockChange> {
  const minutes = parseInput(z.object({ minutes: minutesInput }), { minutes: change.minutes }).minutes;
  const facilityId = change.facilityId ?? null;
  return transaction(store, async (tx) => {
    const existing = await tx.db
      .selectFrom('idle_lock_policy')
      .select(['id', 'minutes'])
      .where((eb) => (facilityId === null ? eb('facility_id', 'is', null) : eb('facility_id', '=', facilityId)))
      .executeTakeFirst();
    const before = facilityId === null ? (existing?.minutes ?? DEFAULT_IDLE_LOCK_MINUTES) : await idleLockMinutes(tx, facilityId);
    const values = { minutes, updated_at: now.toISOString(), updated_by: actorLabel };
    if (existing) await tx.db.updateTable('idle_lock_policy').set(values).where('id', '=', existing.id).execute();
    else
      await tx.db
        .insertInto('idle_lock_policy')
        .values({ id: randomUUID(), facility_id: facilityId, ...values })
        .execute();
    await recordAudit(tx, { action: 'policy.idle-lock', outcome: 'ok', actorLabel, detail: { facilityId, minutes, before } }, now);
    return { ...(change.facilityId !== undefined && { facilityId: change.facilityId }), minutes, before };
  });
}
