// Who may see and write a timeline (在宅連絡帳, timeline/):
//   - a patient's timeline: whoever may see the patient (access/patient-access.ts) and whose role
//     the chart policy lets read the record kind TIMELINE (access/chart-access.ts evaluates it;
//     writing needs its write);
//   - a group: its current members, nobody else. A group implies no patient data.
// A call about one timeline opens its scope here (the dispatcher does, for the level
// 'timeline-member' of rpc-policy.ts); a stream of events asks `timelineAudience` who may receive
// each event, at the time it is sent.
import { RenkeiError, type CareTeamRoleName } from '@renkei/proto';
import type { TimelineRef } from '@renkei/proto/generated/renkei/v1/TimelineRef';
import type { Store } from '../db/database';
import type { TimelineRow } from '../db/schema';
import type { PatientScope, UserScope } from './call-scope';
import { chartAccessForPatients, evaluateChartPolicy } from './chart-access';
import { patientVisibility, visiblePatientIds } from './patient-access';

/** A timeline named by a request: a patient's, or a group's. */
export type TimelineTarget = { kind: 'patient'; patientId: string } | { kind: 'group'; groupId: string };

export function targetOf(ref: TimelineRef | null | undefined): TimelineTarget | undefined {
  if (ref?.patientId) return { kind: 'patient', patientId: ref.patientId };
  if (ref?.groupId) return { kind: 'group', groupId: ref.groupId };
  return undefined;
}

export function refOf(timeline: Pick<TimelineRow, 'kind' | 'id' | 'patient_id'>): TimelineRef {
  return timeline.kind === 'patient' ? { patientId: timeline.patient_id! } : { groupId: timeline.id };
}

export interface TimelineScope extends UserScope {
  readonly target: TimelineTarget;
  readonly ref: TimelineRef;
  /** The timeline's row; a patient's timeline has none until its first post. */
  readonly timeline: TimelineRow | undefined;
  /** For a patient's timeline: the caller's scope on the patient. */
  readonly patient: PatientScope | undefined;
  readonly canWrite: boolean;
  /** Throws TIMELINE_NOT_WRITABLE (recorded as `action`) unless the caller may post here. */
  requireWrite(action: string): Promise<void>;
}

/**
 * The caller's scope on a timeline, refused when they may not see it: for a patient, as the chart
 * refuses (PATIENT_NOT_ON_CARE_TEAM, CONSENT_REQUIRED, RECORD_NOT_VISIBLE_TO_ROLE); for a group,
 * TIMELINE_NOT_MEMBER (a group that does not exist gets the same answer, so ids cannot be probed).
 */
export async function openTimelineScope(userScope: UserScope, target: TimelineTarget, refusedAs: string): Promise<TimelineScope> {
  const { store, user } = userScope;
  if (target.kind === 'patient') {
    const patient = await userScope.openPatient(target.patientId, refusedAs);
    await patient.require('TIMELINE', 'read', { action: refusedAs });
    const timeline = await store.db.selectFrom('timelines').selectAll().where('patient_id', '=', target.patientId).executeTakeFirst();
    const canWrite = patient.chartAccess.may('TIMELINE', 'write');
    return {
      ...patient,
      target,
      ref: { patientId: target.patientId },
      timeline,
      patient,
      canWrite,
      requireWrite: (action) => patient.require('TIMELINE', 'write', { action }),
    };
  }
  const timeline = await store.db.selectFrom('timelines').selectAll().where('id', '=', target.groupId).where('kind', '=', 'group').executeTakeFirst();
  const member = timeline && (await isGroupMember(store, timeline.id, user.id));
  if (!timeline || !member) {
    await userScope.audit({ action: refusedAs, outcome: 'denied', detail: { groupId: target.groupId, reason: 'TIMELINE_NOT_MEMBER' } });
    throw new RenkeiError({ reason: 'TIMELINE_NOT_MEMBER' });
  }
  return {
    ...userScope,
    target,
    ref: { groupId: timeline.id },
    timeline,
    patient: undefined,
    canWrite: true,
    requireWrite: async () => undefined,
  };
}

export async function isGroupMember(store: Store, timelineId: string, userId: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('timeline_group_members')
    .select('id')
    .where('timeline_id', '=', timelineId)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Who may see each of the timelines now: for a patient's, the users who may see the patient and
 * whose roles the chart policy lets read TIMELINE; for a group, its members. Five queries however
 * many timelines, so a stream can check every event it sends for every subscriber.
 */
export async function timelineAudience(store: Store, timelineIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const audience = new Map<string, Set<string>>(timelineIds.map((id) => [id, new Set<string>()]));
  if (timelineIds.length === 0) return audience;
  const timelines = await store.db
    .selectFrom('timelines')
    .select(['id', 'kind', 'patient_id'])
    .where('id', 'in', [...timelineIds])
    .execute();
  const patientTimelines = new Map(timelines.filter((t) => t.kind === 'patient').map((t) => [t.patient_id!, t.id]));
  const groupIds = timelines.filter((t) => t.kind === 'group').map((t) => t.id);

  if (groupIds.length > 0) {
    const members = await store.db
      .selectFrom('timeline_group_members')
      .select(['timeline_id', 'user_id'])
      .where('timeline_id', 'in', groupIds)
      .where('removed_at', 'is', null)
      .execute();
    for (const m of members) audience.get(m.timeline_id)!.add(m.user_id);
  }
  if (patientTimelines.size > 0) {
    for (const [patientId, users] of await patientTimelineAudience(store, [...patientTimelines.keys()])) {
      for (const user of users) audience.get(patientTimelines.get(patientId)!)!.add(user);
    }
  }
  return audience;
}

/**
 * Who may see each patient's timeline now (whether or not it has a post yet): the users who may
 * see the patient, whose roles the chart policy lets read TIMELINE.
 */
export async function patientTimelineAudience(store: Store, patientIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const audience = new Map<string, Set<string>>(patientIds.map((id) => [id, new Set<string>()]));
  if (patientIds.length === 0) return audience;
  const [viewers, memberships, rules] = await Promise.all([
    patientVisibility(store.db)
      .where('m.patient_id', 'in', [...patientIds])
      .execute(),
    store.db
      .selectFrom('care_team_memberships')
      .select(['patient_id', 'user_id', 'role'])
      .where('patient_id', 'in', [...patientIds])
      .where('left_at', 'is', null)
      .execute(),
    store.db.selectFrom('chart_policy').select(['record_kind', 'role', 'can_read', 'can_write']).where('record_kind', '=', 'TIMELINE').execute(),
  ]);
  const rolesOf = new Map<string, CareTeamRoleName[]>();
  for (const m of memberships) {
    const key = `${m.patient_id}|${m.user_id}`;
    rolesOf.set(key, [...(rolesOf.get(key) ?? []), m.role as CareTeamRoleName]);
  }
  for (const viewer of viewers) {
    // The policy is evaluated where it always is, for the viewer's roles on this patient.
    if (evaluateChartPolicy(rolesOf.get(`${viewer.patient_id}|${viewer.user_id}`) ?? [], rules).may('TIMELINE', 'read')) {
      audience.get(viewer.patient_id)!.add(viewer.user_id);
    }
  }
  return audience;
}

/**
 * The ids of every timeline (with a row) `userId` may see now: the groups they are a member of,
 * and the timelines of the patients they may see whose chart policy lets their roles read
 * TIMELINE — the policy evaluated for this user's roles only (an inbox read of a doctor with a
 * thousand patients must not gather every team member of every patient, as the stream's audience does).
 */
export async function visibleTimelineIds(store: Store, userId: string): Promise<string[]> {
  const [groups, patientTimelines] = await Promise.all([
    store.db.selectFrom('timeline_group_members').select('timeline_id').where('user_id', '=', userId).where('removed_at', 'is', null).execute(),
    store.db
      .selectFrom('timelines')
      .select(['id', 'patient_id'])
      .where('kind', '=', 'patient')
      .where('patient_id', 'in', visiblePatientIds(store.db, userId))
      .execute(),
  ]);
  const access = await chartAccessForPatients(
    store,
    userId,
    patientTimelines.map((t) => t.patient_id!),
  );
  const readable = patientTimelines.filter((t) => access.get(t.patient_id!)?.may('TIMELINE', 'read')).map((t) => t.id);
  return [...new Set([...groups.map((g) => g.timeline_id), ...readable])];
}
