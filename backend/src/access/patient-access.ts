// Who may see a patient: exactly the users currently on that patient's care team. Every query
// and RPC that reaches patient data goes through this module; nothing else decides it.
import { RenkeiError } from '@renkei/proto';
import type { Queryable, Store } from '../db/database';

/** Subquery of the ids of patients `userId` may see; use inside `where('id', 'in', …)`. */
export function visiblePatientIds(db: Queryable, userId: string) {
  return db
    .selectFrom('care_team_memberships')
    .select('care_team_memberships.patient_id')
    .where('care_team_memberships.user_id', '=', userId)
    .where('care_team_memberships.left_at', 'is', null);
}

export async function canSeePatient(store: Store, userId: string, patientId: string): Promise<boolean> {
  const row = await visiblePatientIds(store.db, userId).where('care_team_memberships.patient_id', '=', patientId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Throws PATIENT_NOT_ON_CARE_TEAM unless the user may see the patient. A patient that does not
 * exist gets the same answer, so ids cannot be probed.
 */
export async function assertCanSeePatient(store: Store, userId: string, patientId: string): Promise<void> {
  if (!(await canSeePatient(store, userId, patientId))) {
    throw new RenkeiError({ reason: 'PATIENT_NOT_ON_CARE_TEAM' });
  }
}
