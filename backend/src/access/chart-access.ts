// What a user may do within a patient's chart: the chart policy (table chart_policy) applied to
// the user's role(s) on that patient's care team. A user with two roles on one team gets the
// union. This is the only place the policy is evaluated: for one call, access/call-scope.ts hands
// it the rows of the user's roles once the user may see the patient at all
// (access/patient-access.ts), and its `require` asks here; the overview asks for a page at once.
//
// The policy is keyed by care-team *role*, not by licence: the same doctor is attending for one
// patient and cooperating for another, and what they need differs with the role.
import { RECORD_KINDS, RenkeiError, isImportedRecordKind, type CareTeamRoleName, type RecordKindName } from '@renkei/proto';
import type { RecordAccess } from '@renkei/proto/generated/renkei/v1/RecordAccess';
import type { Store } from '../db/database';

export type ChartAction = 'read' | 'write';

export interface ChartAccess {
  roles: CareTeamRoleName[];
  may(kind: RecordKindName, action: ChartAction): boolean;
  /** The record kinds this user may read, for `where(kind, 'in', …)`. */
  readable: RecordKindName[];
  /** For the app, to offer only what the user may do. */
  asRecordAccess(): RecordAccess[];
}

/** A row of table chart_policy, as the queries that evaluate it select it. */
export interface PolicyRule {
  record_kind: string;
  role: string;
  can_read: number;
  can_write: number;
}

/** What `roles` may do, by the policy rules given (rules of other roles are ignored). */
export function evaluateChartPolicy(roles: CareTeamRoleName[], rules: readonly PolicyRule[]): ChartAccess {
  const read = new Set<string>();
  const write = new Set<string>();
  for (const rule of rules) {
    if (!(roles as string[]).includes(rule.role)) continue;
    if (Number(rule.can_read)) read.add(rule.record_kind);
    // Imported kinds (lab results) are never written in the app, whatever a policy row says.
    if (Number(rule.can_write) && !isImportedRecordKind(rule.record_kind as RecordKindName)) write.add(rule.record_kind);
  }
  return {
    roles,
    may: (kind, action) => (action === 'read' ? read : write).has(kind),
    readable: RECORD_KINDS.filter((kind) => read.has(kind)),
    asRecordAccess: () => RECORD_KINDS.map((kind) => ({ recordKind: kind, canRead: read.has(kind), canWrite: write.has(kind) })),
  };
}

/**
 * The user's chart access on each of the patients, in two queries however many patients (a sync
 * page carries hundreds). A patient the user has no role on gets no access at all.
 */
export async function chartAccessForPatients(store: Store, userId: string, patientIds: readonly string[]): Promise<Map<string, ChartAccess>> {
  const ids = [...new Set(patientIds)];
  const memberships =
    ids.length === 0
      ? []
      : await store.db
          .selectFrom('care_team_memberships')
          .select(['patient_id', 'role'])
          .where('user_id', '=', userId)
          .where('patient_id', 'in', ids)
          .where('left_at', 'is', null)
          .execute();
  const roles = [...new Set(memberships.map((m) => m.role))];
  const rules =
    roles.length === 0
      ? []
      : await store.db.selectFrom('chart_policy').select(['record_kind', 'role', 'can_read', 'can_write']).where('role', 'in', roles).execute();
  const rolesOf = new Map<string, CareTeamRoleName[]>();
  for (const m of memberships) rolesOf.set(m.patient_id, [...(rolesOf.get(m.patient_id) ?? []), m.role as CareTeamRoleName]);
  return new Map(ids.map((id) => [id, evaluateChartPolicy(rolesOf.get(id) ?? [], rules)]));
}

/**
 * The refusal of `action` on `kind`: RECORD_NOT_VISIBLE_TO_ROLE / RECORD_NOT_WRITABLE_BY_ROLE, naming
 * the kind and the caller's roles by their codes; each client says them in its user's language.
 */
export function chartRefusal(access: ChartAccess, kind: RecordKindName, action: ChartAction): RenkeiError {
  return new RenkeiError({
    reason: action === 'read' ? 'RECORD_NOT_VISIBLE_TO_ROLE' : 'RECORD_NOT_WRITABLE_BY_ROLE',
    metadata: {
      recordKind: kind,
      role: access.roles.join(','),
    },
  });
}

/** The kind of record a DocumentType name is, refusing UNSPECIFIED (callers validate first). */
export function recordKindOfDocumentType(documentType: string): RecordKindName {
  if (documentType === 'DOCUMENT_TYPE_UNSPECIFIED' || !(RECORD_KINDS as readonly string[]).includes(documentType)) {
    throw new Error(`not a record kind: ${documentType}`);
  }
  return documentType as RecordKindName;
}
