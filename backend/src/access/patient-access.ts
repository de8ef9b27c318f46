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
 * patient's team whose office registered the patient or is covered by a consent in force, while the
 * patient is not archived (an archived patient leaves every list and cache; patients/patient-archive.ts).
 * Narrow it with where() on `m.user_id` or `m.patient_id`.
 */
export function patientVisibility(db: Queryable) {
  return db
    .selectFrom('care_team_memberships as m')
    .innerJoin('patients as p', 'p.id', 'm.patient_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.patient_id', 'm.user_id'])
    .where('m.left_at', 'is', null)
    .where('p.archived_at', 'is', null)
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
 * Subquery of the ids of archived patients `userId` may still read: registered by the user's office,
 * with the user on the care team (call-scope.ts lets them read, not write, the chart).
 */
export function readableArchivedPatientIds(db: Queryable, userId: string) {
  return db
    .selectFrom('care_team_memberships as m')
    .innerJoin('patients as p', 'p.id', 'm.patient_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.patient_id')
    .where('m.user_id', '=', userId)
    .where('m.left_at', 'is', null)
    .where('p.archived_at', 'is not', null)
    .whereRef('p.registered_by_facility_id', '=', 'u.facility_id');
}

/**
 * The refusal for a user who may not see the patient: PATIENT_NOT_ON_CARE_TEAM for anyone off the
 * team (a patient that does not exist gets the same answer, so ids cannot be probed), and
 * CONSENT_REQUIRED for a team member from another office while no consent covers it — they know
 * the patient already, and the message tells them what to ask for.
 */
export function refusalToSee(onCareTeam: boolean, archived = false): RenkeiError {
  if (onCareTeam && archived) return new RenkeiError({ reason: 'PATIENT_ARCHIVED' });
  return new RenkeiError({ reason: onCareTeam ? 'CONSENT_REQUIRED' : 'PATIENT_NOT_ON_CARE_TEAM' });
}

/**
 * Whether a call on an archived patient only reads: the registering office's members of the team
 * may still read the chart (a 開示請求, a question years later); nothing is added to it. The API
 * names its reading methods so (GetPatientOverview, ListNotes, DownloadDocument, ReadTimeline …).
 */
export function readsOnly(path: string): boolean {
  return /\/(Get|List|Read|Download|Search)[A-Z]\w*$/.test(path);
}
