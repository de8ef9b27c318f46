// The scope of a user's call: who calls (the user, at which device, for which office) and, for a
// call about a patient, what they may do there — their roles on the patient's care team and what
// the chart policy lets those roles read and write. The dispatcher (rpc/dispatcher.ts) opens one
// per call once the caller is authenticated, as Medplum builds one repository per login; handlers
// and the domain modules they call take it instead of loose user and device ids.
//
// A PatientScope exists only once the user was found allowed to see the patient: opening one
// refuses (and records the refusal) otherwise, and nothing outside this module can make one (it
// carries a symbol only this module has), so code that holds one has passed that check.
// Within the chart, `require(kind, action)` is the one check of the chart policy for a kind of
// record, and records its own refusal. Opening costs one query: the user's current memberships on
// the patient's team, whether they may see the patient (decided by access/patient-access.ts), and
// the policy rows of their roles (evaluated by access/chart-access.ts).
//
// One read comes without a device: a clinician's, run by the regional office through renkei-admin
// on their behalf (`export fhir --form`). The office has no authority of its own over the chart,
// so the read is the clinician's, under the same rules as in the app; openPatientOnBehalf opens it
// as a PatientReadScope: a PatientScope but the device. Writing records the device (the author of
// a record, chart/record-author.ts), so code that writes takes a PatientScope and cannot be handed
// such a read; the reads made that way (exporting a referral letter) take a PatientReadScope,
// which a PatientScope also is.
import type { CareTeamRoleName, RecordKindName } from '@renkei/proto';
import { recordAudit, type AuditEvent } from '../audit/audit-log';
import type { Store } from '../db/database';
import type { DeviceRow, UserRow } from '../db/schema';
import type { CallTiming } from '../call-timing';
import { chartRefusal, evaluateChartPolicy, type ChartAccess, type ChartAction, type PolicyRule } from './chart-access';
import { fieldViolation, invalidRequest } from '../validation';
import { readsOnly, refusalToSee, visiblePatientIds } from './patient-access';

/** An audit event of the scope's user (at their device, if any); in a patient scope, about that patient unless it says otherwise. */
export type ScopedAuditEvent = Omit<AuditEvent, 'actorUserId' | 'actorDeviceId' | 'actorLabel'>;

/** How a refused `require` is recorded: the action refused, as the audit log names it, and what it was about. */
export interface Refusal {
  action: string;
  detail?: Record<string, unknown>;
}

/** Who acts, for which office, when: what every scope has, with or without a device. */
export interface CallerScope {
  readonly store: Store;
  /** The time of the call: its records and audit events carry it. */
  readonly now: Date;
  readonly user: UserRow;
  /** The office the user works for. */
  readonly facilityId: string;
  /** Records an event of this user (at their device, if any); inside a transaction, pass it as `tx`. */
  audit(event: ScopedAuditEvent, tx?: Store): Promise<void>;
}

export interface UserScope extends CallerScope {
  readonly device: DeviceRow;
  /**
   * This user's scope on a patient, evaluated now: refused with PATIENT_NOT_ON_CARE_TEAM or
   * CONSENT_REQUIRED (recorded as `refusedAs`) when they may not see the patient. A call that
   * lasts (a stream of events about patients) opens it again to re-check before each event.
   */
  openPatient(patientId: string, refusedAs: string): Promise<PatientScope>;
}

/** Marks a patient scope as opened here: no other module can write an object that has it. */
const opened = Symbol('patient scope opened by openPatient');

/** What opening a patient adds to the caller's scope, once the user was found allowed to see them. */
interface OnPatient {
  readonly [opened]: true;
  readonly patientId: string;
  /** The user's current roles on the patient's care team (never empty). */
  readonly roles: readonly CareTeamRoleName[];
  /** What those roles may read and write in the chart, to list only what the user may see. */
  readonly chartAccess: ChartAccess;
  /**
   * Throws RECORD_NOT_VISIBLE_TO_ROLE / RECORD_NOT_WRITABLE_BY_ROLE unless the user's roles may
   * `action` records of `kind`, after recording the refusal (with the kind, roles and reason).
   */
  require(kind: RecordKindName, action: ChartAction, refusal: Refusal): Promise<void>;
}

/** A user's scope on a patient, at their device: what a call of the app holds. */
export interface PatientScope extends UserScope, OnPatient {}

/** A user's scope on a patient, with or without a device: enough to read the chart, not to write it. */
export interface PatientReadScope extends CallerScope, OnPatient {}

/** `timing`: the call's, when an RPC opens the scope (its audit appends are measured there). */
export function openUserScope(store: Store, caller: { user: UserRow; device: DeviceRow }, now: Date, timing?: CallTiming): UserScope {
  const { user, device } = caller;
  const append = (event: AuditEvent, tx: Store) => recordAudit(tx, event, now);
  const scope: UserScope = {
    store,
    now,
    user,
    device,
    facilityId: user.facility_id,
    audit: (event, tx = store) => {
      const actor = { ...event, actorUserId: user.id, actorDeviceId: device.id };
      return timing ? timing.measure('audit', () => append(actor, tx)) : append(actor, tx);
    },
    openPatient: (patientId, refusedAs) => openPatientScope(scope, patientId, refusedAs),
  };
  return scope;
}

async function openPatientScope<S extends CallerScope>(userScope: S, patientId: string, refusedAs: string): Promise<S & OnPatient> {
  const { store, user } = userScope;
  // One row per membership and policy rule of its role; every row carries the same `visible`.
  const rows = await store.db
    .selectFrom('care_team_memberships as m')
    .leftJoin('chart_policy as rule', 'rule.role', 'm.role')
    .select(['m.role', 'rule.record_kind', 'rule.can_read', 'rule.can_write'])
    .select((eb) => eb.exists(visiblePatientIds(store.db, user.id).where('m.patient_id', '=', patientId)).as('visible'))
    .where('m.user_id', '=', user.id)
    .where('m.patient_id', '=', patientId)
    .where('m.left_at', 'is', null)
    .execute();
  const onCareTeam = rows.length > 0;
  // SQLite answers EXISTS with 1, PostgreSQL with true.
  if (!onCareTeam || Number(rows[0]!.visible) !== 1) {
    const patient = onCareTeam
      ? await store.db.selectFrom('patients').select(['archived_at', 'registered_by_facility_id']).where('id', '=', patientId).executeTakeFirst()
      : undefined;
    const archived = Boolean(patient?.archived_at);
    // An archived patient's chart stays readable by the registering office's members of the team.
    const readableArchive = archived && patient!.registered_by_facility_id === user.facility_id && readsOnly(refusedAs);
    if (!readableArchive) {
      const refusal = refusalToSee(onCareTeam, archived);
      // The audit says which rule refused: off the team, on it without a consent for this office, or archived.
      await userScope.audit({ action: refusedAs, outcome: 'denied', patientId, detail: { reason: refusal.reason } });
      throw refusal;
    }
  }

  const roles = [...new Set(rows.map((row) => row.role as CareTeamRoleName))];
  const rules = rows.filter((row): row is typeof row & PolicyRule => row.record_kind !== null);
  const chartAccess = evaluateChartPolicy(roles, rules);
  const scope: S & OnPatient = {
    ...userScope,
    [opened]: true,
    patientId,
    roles,
    chartAccess,
    audit: (event, tx) => userScope.audit({ patientId, ...event }, tx),
    async require(kind, action, refusal) {
      if (chartAccess.may(kind, action)) return;
      const error = chartRefusal(chartAccess, kind, action);
      await scope.audit({ action: refusal.action, outcome: 'denied', detail: { ...refusal.detail, recordKind: kind, roles, reason: error.reason } });
      throw error;
    },
  };
  return scope;
}

/** The regional office's read of a patient's chart on a user's behalf, through renkei-admin. */
export interface OnBehalf {
  /** The user whose read it is: their care team roles, consent and the chart policy decide it. */
  user: UserRow;
  /** Who ran it, as the audit log labels the regional office (admin:<account>@<host>). */
  operator: string;
  /**
   * Recorded with every event of the read, over the event's own detail: how it came and what for
   * (keys no event uses for its own facts, e.g. via and purpose — not `reason`, a refusal's code).
   */
  detail: Record<string, unknown>;
}

/**
 * `behalf.user`'s scope on a patient, opened by the regional office on their behalf: the checks of
 * `UserScope.openPatient` (care team, consent, archive; then the chart policy by `require`), for a
 * user who may still log in — a disabled user is refused, as the app refuses them at login. No
 * device took part, so its events name the user as the actor, no device, the operator by label,
 * and `behalf.detail`. Refusals are recorded as the app's are.
 */
export async function openPatientOnBehalf(store: Store, behalf: OnBehalf, patientId: string, refusedAs: string, now: Date): Promise<PatientReadScope> {
  const { user, operator, detail } = behalf;
  const caller: CallerScope = {
    store,
    now,
    user,
    facilityId: user.facility_id,
    audit: (event, tx = store) =>
      recordAudit(tx, { ...event, detail: { ...event.detail, ...detail }, actorUserId: user.id, actorDeviceId: null, actorLabel: operator }, now),
  };
  if (user.disabled_at !== null) {
    await caller.audit({ action: refusedAs, outcome: 'denied', patientId, detail: { reason: 'USER_DISABLED' } });
    throw invalidRequest([fieldViolation('user', 'USER_DISABLED', { loginId: user.login_id })]);
  }
  return openPatientScope(caller, patientId, refusedAs);
}
