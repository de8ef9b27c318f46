// Whether a user must log in with a second factor. MHLW's guideline (第6.0版) asks for two-factor
// authentication in systems put in service from FY2027 (令和9年度); the regional office decides for
// the region and may decide otherwise for one facility (`renkei-admin policy 2fa`). A facility's own
// row wins over the region's; with no row at all the guideline's own date applies: optional until
// the end of FY2026, required from 1 April 2027 (Japan time).
// A user who has an authenticator is asked for its code whatever the policy says.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import type { UserRow } from '../db/schema';

export type SecondFactorDue = 'code' | 'setup';

/** 令和9年度 begins: 2027-04-01 00:00 in Japan. */
export const SECOND_FACTOR_REQUIRED_FROM = new Date('2027-04-01T00:00:00+09:00');

/** What applies where the regional office has set nothing. */
export function secondFactorRequiredByDefault(now: Date): boolean {
  return now.getTime() >= SECOND_FACTOR_REQUIRED_FROM.getTime();
}

export async function secondFactorRequired(store: Store, facilityId: string, now: Date): Promise<boolean> {
  const rows = await store.db
    .selectFrom('second_factor_policy')
    .select(['facility_id', 'required'])
    .where((eb) => eb.or([eb('facility_id', '=', facilityId), eb('facility_id', 'is', null)]))
    .execute();
  const own = rows.find((r) => r.facility_id === facilityId) ?? rows.find((r) => r.facility_id === null);
  return own ? own.required === 1 : secondFactorRequiredByDefault(now);
}

/** What the password step leads to: the code, the setup, or nothing (the session right away). */
export async function secondFactorDue(store: Store, user: UserRow, now: Date): Promise<SecondFactorDue | undefined> {
  const factor = await store.db.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
  if (factor?.confirmed_at) return 'code';
  return (await secondFactorRequired(store, user.facility_id, now)) ? 'setup' : undefined;
}

export interface SecondFactorPolicyChange {
  /** Undefined: the region's policy. */
  facilityId?: string;
  required: boolean;
  /** What applied before this change (the default when nothing was set). */
  before: boolean;
}

/** Sets the region's policy, or one facility's. Audited; applies from the next login. */
export async function setSecondFactorPolicy(
  store: Store,
  change: { facilityId?: string; required: boolean },
  actorLabel: string,
  now: Date,
): Promise<SecondFactorPolicyChange> {
  const facilityId = change.facilityId ?? null;
  return transaction(store, async (tx) => {
    const existing = await tx.db
      .selectFrom('second_factor_policy')
      .select(['id', 'required'])
      .where((eb) => (facilityId === null ? eb('facility_id', 'is', null) : eb('facility_id', '=', facilityId)))
      .executeTakeFirst();
    const before =
      facilityId === null ? (existing ? existing.required === 1 : secondFactorRequiredByDefault(now)) : await secondFactorRequired(tx, facilityId, now);
    const values = { required: change.required ? 1 : 0, updated_at: now.toISOString(), updated_by: actorLabel };
    if (existing) await tx.db.updateTable('second_factor_policy').set(values).where('id', '=', existing.id).execute();
    else
      await tx.db
        .insertInto('second_factor_policy')
        .values({ id: randomUUID(), facility_id: facilityId, ...values })
        .execute();
    await recordAudit(tx, { action: 'policy.second-factor', outcome: 'ok', actorLabel, detail: { facilityId, required: change.required, before } }, now);
    return { ...(change.facilityId !== undefined && { facilityId: change.facilityId }), required: change.required, before };
  });
}
