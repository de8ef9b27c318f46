// The chart policy as the regional office sees and changes it (renkei-admin policy): which care-team
// role may read and write which kind of record. The policy is evaluated by access/chart-access.ts
// (for each call's scope, and for a page of overviews); a change applies to the next call.
//
// Cached overviews on devices were filtered by the old policy, so setting a cell puts every
// patient with an active member in that role into the change feed: their devices fetch the
// overview again, filtered by the new policy. A change of whether the role reads the contact
// timeline (TIMELINE) is also an access change of each of those members, as leaving the team is:
// their live streams drop the patient's timeline or open it (timeline/event-batch.ts). Both
// showing and setting are logged, with the administrator's label as the actor.
import { CARE_TEAM_ROLES, RECORD_KINDS, isImportedRecordKind, type CareTeamRoleName, type RecordKindName } from '@renkei/proto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import { recordAccessChanged, recordPatientsChanged } from '../sync/change-feed';
import { parseInput } from '../validation';

export interface ChartPolicyCell {
  recordKind: RecordKindName;
  role: CareTeamRoleName;
  canRead: boolean;
  canWrite: boolean;
  updatedAt: string;
  updatedBy: string;
}

const role = z.enum(CARE_TEAM_ROLES);
const recordKind = z.enum(RECORD_KINDS as [RecordKindName, ...RecordKindName[]]);

export const showPolicyInput = z.object({ role: role.optional() });

export const setPolicyInput = z
  .object({ recordKind, role, canRead: z.boolean(), canWrite: z.boolean() })
  // Nobody files what they could not see afterwards.
  .refine((cell) => cell.canRead || !cell.canWrite, { path: ['canWrite'], message: 'WRITE_NEEDS_READ' })
  // Lab results come only from hospital imports: no role writes them in the app.
  .refine((cell) => !(cell.canWrite && isImportedRecordKind(cell.recordKind)), { path: ['canWrite'], message: 'IMPORTED_ONLY' });

function cellOf(row: { record_kind: string; role: string; can_read: number; can_write: number; updated_at: string; updated_by: string }): ChartPolicyCell {
  return {
    recordKind: row.record_kind as RecordKindName,
    role: row.role as CareTeamRoleName,
    canRead: Number(row.can_read) === 1,
    canWrite: Number(row.can_write) === 1,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Orders cells as the labels list roles and record kinds, so the matrix reads the same every time. */
function byMatrixOrder(a: ChartPolicyCell, b: ChartPolicyCell): number {
  return CARE_TEAM_ROLES.indexOf(a.role) - CARE_TEAM_ROLES.indexOf(b.role) || RECORD_KINDS.indexOf(a.recordKind) - RECORD_KINDS.indexOf(b.recordKind);
}

/** The policy matrix (or one role's row of it). */
export async function showChartPolicy(store: Store, input: z.input<typeof showPolicyInput>, actorLabel: string, now: Date): Promise<ChartPolicyCell[]> {
  const valid = parseInput(showPolicyInput, input);
  let query = store.db.selectFrom('chart_policy').selectAll();
  if (valid.role) query = query.where('role', '=', valid.role);
  const cells = (await query.execute()).map(cellOf).sort(byMatrixOrder);
  await recordAudit(store, { action: 'policy.show', outcome: 'ok', actorLabel, detail: { role: valid.role ?? null, cells: cells.length } }, now);
  return cells;
}

interface PolicyChange {
  before: ChartPolicyCell | null;
  after: ChartPolicyCell;
  /** Patients whose cached overviews are refreshed (they have an active member in the role). */
  patientsNotified: number;
}

/** Sets one cell of the matrix. */
export async function setChartPolicyCell(store: Store, input: z.input<typeof setPolicyInput>, actorLabel: string, now: Date): Promise<PolicyChange> {
  const valid = parseInput(setPolicyInput, input);
  return transaction(store, async (tx) => {
    const existing = await tx.db
      .selectFrom('chart_policy')
      .selectAll()
      .where('record_kind', '=', valid.recordKind)
      .where('role', '=', valid.role)
      .executeTakeFirst();
    const values = { can_read: valid.canRead ? 1 : 0, can_write: valid.canWrite ? 1 : 0, updated_at: now.toISOString(), updated_by: actorLabel };
    if (existing) {
      await tx.db.updateTable('chart_policy').set(values).where('record_kind', '=', valid.recordKind).where('role', '=', valid.role).execute();
    } else {
      // A role or record kind added after the region was set up has no row until someone sets it.
      await tx.db
        .insertInto('chart_policy')
        .values({ record_kind: valid.recordKind, role: valid.role, ...values })
        .execute();
    }
    const members = await tx.db
      .selectFrom('care_team_memberships')
      .select(['patient_id', 'user_id'])
      .where('role', '=', valid.role)
      .where('left_at', 'is', null)
      .execute();
    const affected = [...new Set(members.map((row) => row.patient_id))];
    await recordPatientsChanged(tx, affected, now);
    if (valid.recordKind === 'TIMELINE' && Number(existing?.can_read ?? 0) !== values.can_read) {
      await recordAccessChanged(
        tx,
        members.map((row) => ({ patientId: row.patient_id, userId: row.user_id })),
        now,
      );
    }
    const before = existing ? cellOf(existing) : null;
    const after = cellOf({ record_kind: valid.recordKind, role: valid.role, ...values });
    await recordAudit(
      tx,
      {
        action: 'policy.set',
        outcome: 'ok',
        actorLabel,
        detail: {
          recordKind: valid.recordKind,
          role: valid.role,
          before: before && { canRead: before.canRead, canWrite: before.canWrite },
          after: { canRead: after.canRead, canWrite: after.canWrite },
          patientsNotified: affected.length,
        },
      },
      now,
    );
    return { before, after, patientsNotified: affected.length };
  });
}
