// Groups (自由グループ): timelines tied to no patient — a region's multi-profession group, an
// office's staff, a conference. The user who creates one owns it and adds and removes members
// from any office of the region; members see its posts and nobody else does. A member may leave;
// the owner stays (a group without an owner could not be looked after). Each change of members is
// an event, so members' apps learn of it live (and the one removed drops the group's posts).
import { randomUUID } from 'node:crypto';
import { RenkeiError } from '@renkei/proto';
import type { TimelineSummary } from '@renkei/proto/generated/renkei/v1/TimelineSummary';
import { z } from 'zod';
import type { UserScope } from '../access/call-scope';
import { isGroupMember, type TimelineScope } from '../access/timeline-access';
import { transaction, type Store } from '../db/database';
import { isUniqueViolation } from '../db/database';
import { fieldViolation, invalidRequest, parseInput, singleLine, uuid } from '../validation';
import { appendTimelineEvent } from './timeline-events';
import { summarise } from './timelines';

export const MAX_GROUP_MEMBERS = 200;

export const createGroupInput = z.object({
  clientRequestId: uuid,
  title: singleLine(60, 1),
  memberUserIds: z
    .array(uuid)
    .max(MAX_GROUP_MEMBERS)
    .default([])
    .transform((ids) => [...new Set(ids)]),
});

export const groupMemberInput = z.object({ userId: uuid });

/** Refuses user ids that are not active users of the region. */
async function checkUsers(store: Store, userIds: readonly string[], field: string): Promise<void> {
  if (userIds.length === 0) return;
  const found = await store.db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...userIds])
    .where('disabled_at', 'is', null)
    .execute();
  const known = new Set(found.map((u) => u.id));
  const unknown = userIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw invalidRequest(unknown.map(() => fieldViolation(field, 'NOT_A_USER')));
}

async function addMember(tx: Store, timelineId: string, userId: string, addedBy: string, now: Date): Promise<void> {
  await tx.db
    .insertInto('timeline_group_members')
    .values({ id: randomUUID(), timeline_id: timelineId, user_id: userId, added_at: now.toISOString(), added_by: addedBy, removed_at: null, removed_by: null })
    .execute();
  await appendTimelineEvent(tx, { timelineId, kind: 'joined', userId }, now);
}

export async function createGroup(scope: UserScope, input: z.input<typeof createGroupInput>): Promise<TimelineSummary> {
  const valid = parseInput(createGroupInput, input);
  const { store, now, user } = scope;
  const replay = async () => {
    const existing = await store.db
      .selectFrom('timelines')
      .select(['id', 'created_by'])
      .where('client_request_id', '=', valid.clientRequestId)
      .executeTakeFirst();
    if (!existing) return undefined;
    if (existing.created_by !== user.id) throw invalidRequest([fieldViolation('clientRequestId', 'REQUEST_ID_REUSED')]);
    return existing.id;
  };
  let id = await replay();
  if (!id) {
    await checkUsers(store, valid.memberUserIds, 'memberUserIds');
    const groupId = randomUUID();
    try {
      await transaction(store, async (tx) => {
        await tx.db
          .insertInto('timelines')
          .values({
            id: groupId,
            kind: 'group',
            patient_id: null,
            title: valid.title,
            owner_user_id: user.id,
            created_at: now.toISOString(),
            created_by: user.id,
            client_request_id: valid.clientRequestId,
          })
          .execute();
        for (const member of [user.id, ...valid.memberUserIds.filter((m) => m !== user.id)]) await addMember(tx, groupId, member, user.id, now);
        await scope.audit({ action: 'timeline.group.create', outcome: 'ok', detail: { groupId, members: valid.memberUserIds } }, tx);
      });
      id = groupId;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      id = await replay();
      if (!id) throw error;
    }
  }
  return (await summarise(store, user.id, [id], { withMembers: true }))[0]!;
}

function requireOwner(scope: TimelineScope): void {
  if (scope.timeline?.kind !== 'group') throw invalidRequest([fieldViolation('groupId', 'NOT_AN_ID')]);
}

export async function addGroupMember(scope: TimelineScope, input: z.input<typeof groupMemberInput>): Promise<TimelineSummary> {
  const valid = parseInput(groupMemberInput, input);
  requireOwner(scope);
  const { store, now, user } = scope;
  const group = scope.timeline!;
  if (group.owner_user_id !== user.id) {
    await scope.audit({ action: 'timeline.group.add', outcome: 'denied', detail: { groupId: group.id, reason: 'TIMELINE_NOT_GROUP_OWNER' } });
    throw new RenkeiError({ reason: 'TIMELINE_NOT_GROUP_OWNER' });
  }
  await checkUsers(store, [valid.userId], 'userId');
  await transaction(store, async (tx) => {
    if (await isGroupMember(tx, group.id, valid.userId)) return;
    await addMember(tx, group.id, valid.userId, user.id, now);
    await scope.audit({ action: 'timeline.group.add', outcome: 'ok', detail: { groupId: group.id, member: valid.userId } }, tx);
  });
  return (await summarise(store, user.id, [group.id], { withMembers: true }))[0]!;
}

/** The owner removes a member, or a member leaves. */
export async function removeGroupMember(scope: TimelineScope, input: z.input<typeof groupMemberInput>): Promise<TimelineSummary> {
  const valid = parseInput(groupMemberInput, input);
  requireOwner(scope);
  const { store, now, user } = scope;
  const group = scope.timeline!;
  if (group.owner_user_id !== user.id && valid.userId !== user.id) {
    await scope.audit({ action: 'timeline.group.remove', outcome: 'denied', detail: { groupId: group.id, reason: 'TIMELINE_NOT_GROUP_OWNER' } });
    throw new RenkeiError({ reason: 'TIMELINE_NOT_GROUP_OWNER' });
  }
  if (valid.userId === group.owner_user_id) throw invalidRequest([fieldViolation('userId', 'GROUP_OWNER_STAYS')]);
  await transaction(store, async (tx) => {
    const removed = await tx.db
      .updateTable('timeline_group_members')
      .set({ removed_at: now.toISOString(), removed_by: user.id })
      .where('timeline_id', '=', group.id)
      .where('user_id', '=', valid.userId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (Number(removed.numUpdatedRows) === 0) return;
    await appendTimelineEvent(tx, { timelineId: group.id, kind: 'left', userId: valid.userId }, now);
    await scope.audit({ action: 'timeline.group.remove', outcome: 'ok', detail: { groupId: group.id, member: valid.userId } }, tx);
  });
  return (await summarise(store, user.id, [group.id], { withMembers: true }))[0]!;
}
