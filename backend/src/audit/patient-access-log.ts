// A patient's access log in the app (the chart's アクセス記録), for the people who answer for the
// record: the patient's attending doctor (主治医 on the care team now) and staff of the office that
// registered the patient. They read it for a patient's 開示請求 or to check after an incident. The
// other members of the care team work in the chart but do not oversee who else did, so they are
// refused like anyone else, and the refusal is recorded. Every page read is recorded too, so the log
// shows who read it. An unknown patient is refused the same way as one the caller may not oversee,
// as elsewhere in the API, so the answer does not tell which patient ids exist.
import { RenkeiError } from '@renkei/proto';
import type { UserScope } from '../access/call-scope';
import { formatRegionalNumber } from '@renkei/proto/regional-number';
import { japanClockOf } from '@renkei/proto/calendar';
import { accessLogCsv, periodOfDays, readAccessLog, type AccessLogEntry } from './access-log';

export interface PatientAccessLogQuery {
  patientId: string;
  fromDay: string;
  toDay: string;
  pageSize: number;
  /** The seq of the last (oldest) event of the previous page; undefined for the first page. */
  beforeSeq?: number;
}

export interface PatientAccessLogPage {
  entries: AccessLogEntry[];
  /** The seq to continue before (older events), when there may be more. */
  nextBeforeSeq?: number;
}

const ACTION = 'audit.patient.read';
const EXPORT_ACTION = 'audit.patient.export';

export async function readPatientAccessLog(scope: UserScope, query: PatientAccessLogQuery): Promise<PatientAccessLogPage> {
  // Input first: a bad day is the caller's typing and refuses before anything is looked up or recorded.
  const period = periodOfDays(query.fromDay || undefined, query.toDay || undefined, { from: 'fromDay', to: 'toDay' });
  const role = await overseerRole(scope, query.patientId);
  if (!role) {
    await scope.audit({ action: ACTION, outcome: 'denied', patientId: query.patientId, detail: { reason: 'ACCESS_LOG_NOT_PERMITTED' } });
    throw new RenkeiError({ reason: 'ACCESS_LOG_NOT_PERMITTED' });
  }
  // One more than asked for says whether there is a next page.
  const read = await readAccessLog(
    scope.store,
    { patientId: query.patientId, ...period },
    { ...(query.beforeSeq !== undefined && { beforeSeq: query.beforeSeq }), limit: query.pageSize + 1 },
  );
  const entries = read.slice(0, query.pageSize);
  await scope.audit({
    action: ACTION,
    outcome: 'ok',
    patientId: query.patientId,
    detail: { as: role, from: query.fromDay || null, to: query.toDay || null, beforeSeq: query.beforeSeq ?? null, entries: entries.length },
  });
  return { entries, ...(read.length > query.pageSize && { nextBeforeSeq: entries.at(-1)!.seq }) };
}

/** The most events one export from the app holds; a longer log is the regional office's CLI export. */
export const MAX_EXPORT_EVENTS = 20_000;

export interface PatientAccessLogExport {
  csv: string;
  rows: number;
  fileName: string;
}

/**
 * The patient's access log for the period as CSV (the columns of `renkei-admin audit export`),
 * newest first, for the same people who may read it on screen. Recorded as audit.patient.export:
 * saving the log to a file is reading it, and the file can leave the office.
 */
export async function exportPatientAccessLog(
  scope: UserScope,
  query: Pick<PatientAccessLogQuery, 'patientId' | 'fromDay' | 'toDay'>,
): Promise<PatientAccessLogExport> {
  const period = periodOfDays(query.fromDay || undefined, query.toDay || undefined, { from: 'fromDay', to: 'toDay' });
  const role = await overseerRole(scope, query.patientId);
  if (!role) {
    await scope.audit({ action: EXPORT_ACTION, outcome: 'denied', patientId: query.patientId, detail: { reason: 'ACCESS_LOG_NOT_PERMITTED' } });
    throw new RenkeiError({ reason: 'ACCESS_LOG_NOT_PERMITTED' });
  }
  const about = { as: role, from: query.fromDay || null, to: query.toDay || null };
  const entries = await readAccessLog(scope.store, { patientId: query.patientId, ...period }, { limit: MAX_EXPORT_EVENTS + 1 });
  if (entries.length > MAX_EXPORT_EVENTS) {
    await scope.audit({ action: EXPORT_ACTION, outcome: 'failed', patientId: query.patientId, detail: { ...about, reason: 'ACCESS_LOG_EXPORT_TOO_LARGE' } });
    throw new RenkeiError({ reason: 'ACCESS_LOG_EXPORT_TOO_LARGE' });
  }
  await scope.audit({ action: EXPORT_ACTION, outcome: 'ok', patientId: query.patientId, detail: { ...about, rows: entries.length } });
  const patient = await scope.store.db.selectFrom('patients').select('regional_number').where('id', '=', query.patientId).executeTakeFirstOrThrow();
  const today = japanClockOf(scope.now);
  const day = `${today.year}${String(today.month).padStart(2, '0')}${String(today.day).padStart(2, '0')}`;
  return { csv: accessLogCsv(entries), rows: entries.length, fileName: `access-log-${formatRegionalNumber(patient.regional_number)}-${day}.csv` };
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
