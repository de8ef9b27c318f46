// A patient's access log in the app (the chart's アクセス記録), for the people who answer for the
// record: the patient's attending doctor (主治医 on the care team now) and staff of the office that
// registered the patient. They read it for a patient's 開示請求 or to check after an incident. The
// other members of the care team work in the chart but do not oversee who else did, so they are
// refused like anyone else, and the refusal is recorded. Every page read is recorded too, so the log
// shows who read it. An unknown patient is refused the same way as one the caller may not oversee,
// as elsewhere in the API, so the answer does not tell which patient ids exist.
import { RenkeiError } from '@renkei/proto';
import type { UserScope } from '../access/call-scope';
import { periodOfDays, readAccessLog, type AccessLogEntry } from './access-log';

export interface PatientAccessLogQuery {
  patientId: string;
  fromDay: string;
  toDay: string;
  pageSize: number;
  /** The seq of the last event of the previous page; 0 for the first page. */
  afterSeq: number;
}

export interface PatientAccessLogPage {
  entries: AccessLogEntry[];
  /** The seq to continue after, when there may be more. */
  nextAfterSeq?: number;
}

const ACTION = 'audit.patient.read';

export async function readPatientAccessLog(scope: UserScope, query: PatientAccessLogQuery): Promise<PatientAccessLogPage> {
  // Input first: a bad day is the caller's typing and refuses before anything is looked up or recorded.
  const period = periodOfDays(query.fromDay || undefined, query.toDay || undefined, { from: 'fromDay', to: 'toDay' });
  const role = await overseerRole(scope, query.patientId);
  if (!role) {
    await scope.audit({ action: ACTION, outcome: 'denied', patientId: query.patientId, detail: { reason: 'ACCESS_LOG_NOT_PERMITTED' } });
    throw new RenkeiError({ reason: 'ACCESS_LOG_NOT_PERMITTED' });
  }
  // One more than asked for says whether there is a next page.
  const read = await readAccessLog(scope.store, { patientId: query.patientId, ...period }, { afterSeq: query.afterSeq, limit: query.pageSize + 1 });
  const entries = read.slice(0, query.pageSize);
  await scope.audit({
    action: ACTION,
    outcome: 'ok',
    patientId: query.patientId,
    detail: { as: role, from: query.fromDay || null, to: query.toDay || null, afterSeq: query.afterSeq, entries: entries.length },
  });
  return { entries, ...(read.length > query.pageSize && { nextAfterSeq: entries.at(-1)!.seq }) };
}

/** Why the caller may read the patient's access log: as attending doctor or as the registering office; undefined if neither. */
async function overseerRole(scope: UserScope, patientId: string): Promise<'attending-doctor' | 'registering-office' | undefined> {
  const patient = await scope.store.db.selectFrom('patients').select('registered_by_facility_id').where('id', '=', patientId).executeTakeFirst();
  if (!patient) return undefined;
  const attending = await scope.store.db
    .selectFrom('care_team_memberships')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('user_id', '=', scope.user.id)
    .where('role', '=', 'CARE_TEAM_ROLE_ATTENDING_DOCTOR')
    .where('left_at', 'is', null)
    .executeTakeFirst();
  if (attending) return 'attending-doctor';
  return patient.registered_by_facility_id === scope.facilityId ? 'registering-office' : undefined;
}
