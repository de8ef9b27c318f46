// Who may see a patient: the users currently on that patient's care team, and, beyond the office
// that registered the patient, only while a consent (患者同意書) covering the user's office is in
// force. Every query and RPC that reaches patient data goes through this module; nothing else
// decides it: lists filter by visiblePatientIds(), and a call about one patient opens its scope
// (access/call-scope.ts) with the same subquery. (What a user may see *within* the chart is
// access/chart-access.ts.)
import { RenkeiError } from '@renkei/proto';
import type { Queryable } from '../db/database';

/**
 * The relation (user_id, patient_id) of who may see whom, as a subquery: every user currently on a
 * patient's team whose office registered the patient or is covered by a consent in force. Narrow
 * it with where() on `m.user_id` or `m.patient_id`.
 */
export function patientVisibility(db: Queryable) {
  return db
    .selectFrom('care_team_memberships as m')
    .innerJoin('patients as p', 'p.id', 'm.patient_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.patient_id', 'm.user_id'])
    .where('m.left_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('p.registered_by_facility_id', '=', eb.ref('u.facility_id')),
        eb.exists(
          eb
            .selectFrom('patient_consents as c')
            .select('c.id')
            .whereRef('c.patient_id', '=', 'm.patient_id')
            .where('c.withdrawn_at', 'is', null)
            .where((inner) =>
              inner.or([
                inner('c.scope', '=', 'CONSENT_SCOPE_CARE_TEAM'),
                inner.exists(
                  inner
                    .selectFrom('patient_consent_facilities as cf')
                    .select('cf.consent_id')
                    .whereRef('cf.consent_id', '=', 'c.id')
                    .whereRef('cf.facility_id', '=', 'u.facility_id'),
                ),
              ]),
            ),
        ),
      ]),
    );
}

/** Subquery of the ids of patients `userId` may see; use inside `where('id', 'in', …)`. */
export function visiblePatientIds(db: Queryable, userId: string) {
  return patientVisibility(db).clearSelect().select('m.patient_id').where('m.user_id', '=', userId);
}

/**
 * The refusal for a user who may not see the patient: PATIENT_NOT_ON_CARE_TEAM for anyone off the
 * team (a patient that does not exist gets the same answer, so ids cannot be probed), and
 * CONSENT_REQUIRED for a team member from another office while no consent covers it — they know
 * the patient already, and the message tells them what to ask for.
 */
export function refusalToSee(onCareTeam: boolean): RenkeiError {
  return new RenkeiError({ reason: onCareTeam ? 'CONSENT_REQUIRED' : 'PATIENT_NOT_ON_CARE_TEAM' });
}
