// The longest a session lasts before the user must log in again, for the whole region. The server
// configuration's auth.sessionHours is the default for a region whose office has set nothing; once
// the office sets it (`renkei-admin policy session --max-hours`), the database's setting wins over
// the configuration, so the office changes it without editing files or restarting the server. A
// change applies to sessions issued after it: a session keeps the expiry it was issued with
// (LoginResponse.expires_at told the app), and ends at it even during a live stream.
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import { parseInput } from '../validation';

/** At least an hour (a visit's paperwork); at most a day, so every session ends within one. */
export const SESSION_MAX_HOURS_RANGE = { min: 1, max: 24 } as const;

const hoursInput = z.number().int().min(SESSION_MAX_HOURS_RANGE.min).max(SESSION_MAX_HOURS_RANGE.max);

export interface SessionMaxAge {
  hours: number;
  /** Where it comes from: the office's setting, or the server configuration. */
  source: 'region' | 'config';
  updatedAt?: string;
  updatedBy?: string;
}

/** The maximum age that applies to a session issued now; `configHours` is the configuration's auth.sessionHours. */
export async function sessionMaxAge(store: Store, configHours: number): Promise<SessionMaxAge> {
  const row = await store.db.selectFrom('session_policy').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? { hours: row.max_hours, source: 'region', updatedAt: row.updated_at, updatedBy: row.updated_by } : { hours: configHours, source: 'config' };
}

export interface SessionMaxAgeChange {
  hours: number;
  /** What applied before this change. */
  before: number;
}

/** Sets the region's session maximum age. Audited; applies to sessions issued from now on. */
export async function setSessionMaxHours(store: Store, hours: number, configHours: number, actorLabel: string, now: Date): Promise<SessionMaxAgeChange> {
  const valid = parseInput(z.object({ maxHours: hoursInput }), { maxHours: hours }).maxHours;
  return transaction(store, async (tx) => {
    const before = (await sessionMaxAge(tx, configHours)).hours;
    const values = { max_hours: valid, updated_at: now.toISOString(), updated_by: actorLabel };
    const updated = await tx.db.updateTable('session_policy').set(values).where('id', '=', 1).executeTakeFirst();
    if (updated.numUpdatedRows === 0n)
      await tx.db
        .insertInto('session_policy')
        .values({ id: 1, ...values })
        .execute();
    await recordAudit(tx, { action: 'policy.session-max-age', outcome: 'ok', actorLabel, detail: { maxHours: valid, before } }, now);
    return { hours: valid, before };
  });
}
