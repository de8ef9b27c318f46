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
import type { CareTeamRoleName, RecordKindName } from '@renkei/proto';
import { recordAudit, type AuditEvent } from '../audit/audit-log';
import type { Store } from '../db/database';
import type { DeviceRow, UserRow } from '../db/schema';
import type { CallTiming } from '../call-timing';
import { chartRefusal, evaluateChartPolicy, type ChartAccess, type ChartAction, type PolicyRule } from './chart-access';
import { readsOnly, refusalToSee, visiblePatientIds } from './patient-access';

/** An audit event of the scope's user at their device; in a patient scope, about that patient unless it says otherwise. */
export type ScopedAuditEvent = Omit<AuditEvent, 'actorUserId' | 'actorDeviceId' | 'actorLabel'>;

/** How a refused `require` is recorded: the action refused, as the audit log names it, and what it was about. */
export interface Refusal {
  action: string;
  detail?: Record<string, unknown>;
}

export interface UserScope {
  readonly store: Store;
  /** The time of the call: its records and audit events carry it. */
  readonly now: Date;
  readonly user: UserRow;
  readonly device: DeviceRow;
  /** The office the user works for. */
  readonly facilityId: string;
  /** Records an event of this user at this device; inside a transaction, pass it as `tx`. */
  audit(event: ScopedAuditEvent, tx?: Store): Promise<void>;
  /**
   * This user's scope on a patient, evaluated now: refused with PATIENT_NOT_ON_CARE_TEAM or
   * CONSENT_REQUIRED (recorded as `refusedAs`) when they may not see the patient. A call that
   * lasts (a stream of events about patients) opens it again to re-check before each event.
   */
  openPatient(patientId: string, refusedAs: string): Promise<PatientScope>;
}

/** Marks a PatientScope as opened here: no other module can write an object that has it. */
const opened = Symbol('patient scope opened by openPatient');

export interface PatientScope extends UserScope {
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

async function openPatientScope(userScope: UserScope, patientId: string, refusedAs: string): Promise<PatientScope> {
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
  const scope: PatientScope = {
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
