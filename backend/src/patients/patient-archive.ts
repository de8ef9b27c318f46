// Archiving a patient once care has ended (死亡, 施設入所, 転居): the regional office's
// `renkei-admin patient archive`. Nothing is deleted: 診療録 must be kept at least 5 years (医師法
// 第24条, 療養担当規則第9条), and Renkei keeps every record for good. An archived patient only
// leaves the lists: access/patient-access.ts no longer counts the care team as seeing the patient,
// so ListPatients, SearchPatients and every member's sync drop the patient (their PCs' caches
// remove it on the next sync, by the feed's access change, as when a member leaves the team). The
// registering office's members of the team can still open the chart to read it (call-scope.ts),
// the access log and its exports show everything, and `patient unarchive` brings the patient back.
import { transaction, type Store } from '../db/database';
import { recordAudit } from '../audit/audit-log';
import { recordAccessChanged, recordPatientsChanged } from '../sync/change-feed';
import { fieldViolation, invalidRequest } from '../validation';
import { requirePatient } from './patients';

export const MAX_ARCHIVE_REASON = 200;

export interface ArchiveChange {
  patientId: string;
  /** Care-team members whose lists and caches lose (or regain) the patient. */
  members: number;
}

/** Archives `patientId` for `reason`, recorded as done by `actorLabel`. */
export async function archivePatient(store: Store, patientId: string, reason: string, actorLabel: string, now: Date): Promise<ArchiveChange> {
  const why = reason.trim();
  if (why === '') throw invalidRequest([fieldViolation('reason', 'ARCHIVE_REASON_REQUIRED')]);
  if ([...why].length > MAX_ARCHIVE_REASON) throw invalidRequest([fieldViolation('reason', 'TOO_LONG', { max: String(MAX_ARCHIVE_REASON) })]);
  return transaction(store, async (tx) => {
    const patient = await requirePatient(tx, patientId);
    if (patient.archived_at) throw invalidRequest([fieldViolation('patient', 'ALREADY_ARCHIVED', { archivedAt: patient.archived_at })]);
    await tx.db
      .updateTable('patients')
      .set({ archived_at: now.toISOString(), archived_by: actorLabel, archive_reason: why, updated_at: now.toISOString() })
      .where('id', '=', patient.id)
      .execute();
    const members = await announce(tx, patient.id, now);
    await recordAudit(tx, { action: 'patient.archive', outcome: 'ok', actorLabel, patientId: patient.id, detail: { reason: why, members } }, now);
    return { patientId: patient.id, members };
  });
}

/** Brings an archived patient back to the care team's lists and caches. */
export async function unarchivePatient(store: Store, patientId: string, actorLabel: string, now: Date): Promise<ArchiveChange> {
  return transaction(store, async (tx) => {
    const patient = await requirePatient(tx, patientId);
    if (!patient.archived_at) throw invalidRequest([fieldViolation('patient', 'NOT_ARCHIVED')]);
    await tx.db
      .updateTable('patients')
      .set({ archived_at: null, archived_by: null, archive_reason: null, updated_at: now.toISOString() })
      .where('id', '=', patient.id)
      .execute();
    const members = await announce(tx, patient.id, now);
    await recordAudit(
      tx,
      {
        action: 'patient.unarchive',
        outcome: 'ok',
        actorLabel,
        patientId: patient.id,
        detail: { archivedAt: patient.archived_at, archivedBy: patient.archived_by, reason: patient.archive_reason, members },
      },
      now,
    );
    return { patientId: patient.id, members };
  });
}

/** Tells each current member's feed that their access to the patient changed. */
async function announce(tx: Store, patientId: string, now: Date): Promise<number> {
  const members = await tx.db
    .selectFrom('care_team_memberships')
    .select('user_id')
    .distinct()
    .where('patient_id', '=', patientId)
    .where('left_at', 'is', null)
    .execute();
  await recordPatientsChanged(tx, [patientId], now);
  await recordAccessChanged(
    tx,
    members.map((m) => ({ patientId, userId: m.user_id })),
    now,
  );
  return members.length;
}
