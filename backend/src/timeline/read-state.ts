// Who has read what, and who has confirmed. Each member has one "read up to" marker per timeline,
// moved by the app when posts were shown on screen (not when they arrived), and never back; every
// move is kept, so 「既読」 can say when each member read a post. 確認 is a separate, explicit act on
// a post that asks for it (「確認しました」), once per member.
import type { Post } from '@renkei/proto/generated/renkei/v1/Post';
import type { PostReaders } from '@renkei/proto/generated/renkei/v1/PostReaders';
import type { ReadMarker } from '@renkei/proto/generated/renkei/v1/ReadMarker';
import { z } from 'zod';
import type { TimelineScope } from '../access/timeline-access';
import { transaction } from '../db/database';
import { toTimestamp } from '../time';
import { fieldViolation, invalidRequest, parseInput, uuid } from '../validation';
import { isUniqueViolation } from '../db/database';
import { loadPosts } from './post-view';
import { postOnTimeline } from './posts';
import { appendTimelineEvent } from './timeline-events';
import { summarise } from './timelines';

export const markReadInput = z.object({ upTo: z.number().int().min(1) });
export const postRefInput = z.object({ postId: uuid });

/** Moves the caller's marker to `upTo` if that is further on; answers the marker as it is. */
export async function markRead(scope: TimelineScope, input: z.input<typeof markReadInput>): Promise<ReadMarker> {
  const valid = parseInput(markReadInput, input);
  const { store, now, user, timeline } = scope;
  const newest = timeline
    ? await store.db
        .selectFrom('timeline_posts')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('timeline_id', '=', timeline.id)
        .executeTakeFirst()
    : undefined;
  if (!timeline || valid.upTo > Number(newest?.seq ?? 0)) throw invalidRequest([fieldViolation('upTo', 'READ_MARKER_AHEAD')]);

  await transaction(store, async (tx) => {
    const current = await tx.db
      .selectFrom('timeline_read_markers')
      .select('read_up_to')
      .where('timeline_id', '=', timeline.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (current && Number(current.read_up_to) >= valid.upTo) return;
    // Guarded: of two moves at once, the lower never overwrites the higher.
    if (current) {
      const moved = await tx.db
        .updateTable('timeline_read_markers')
        .set({ read_up_to: valid.upTo, moved_at: now.toISOString() })
        .where('timeline_id', '=', timeline.id)
        .where('user_id', '=', user.id)
        .where('read_up_to', '<', valid.upTo)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return;
    } else {
      await tx.db
        .insertInto('timeline_read_markers')
        .values({ timeline_id: timeline.id, user_id: user.id, read_up_to: valid.upTo, moved_at: now.toISOString() })
        .onConflict((oc) =>
          oc
            .columns(['timeline_id', 'user_id'])
            .doUpdateSet({ read_up_to: valid.upTo, moved_at: now.toISOString() })
            .where('timeline_read_markers.read_up_to', '<', valid.upTo),
        )
        .execute();
    }
    await tx.db
      .insertInto('timeline_read_moves')
      .values({ timeline_id: timeline.id, user_id: user.id, read_up_to: valid.upTo, moved_at: now.toISOString(), device_id: scope.device.id })
      .onConflict((oc) => oc.columns(['timeline_id', 'user_id', 'read_up_to']).doNothing())
      .execute();
    await appendTimelineEvent(tx, { timelineId: timeline.id, kind: 'read', userId: user.id }, now);
  });
  return readMarkerOf(scope, user.id);
}

/** The member's marker on the scope's timeline as it is now. */
export async function readMarkerOf(scope: TimelineScope, userId: string): Promise<ReadMarker> {
  const row = scope.timeline
    ? await scope.store.db
        .selectFrom('timeline_read_markers')
        .selectAll()
        .where('timeline_id', '=', scope.timeline.id)
        .where('user_id', '=', userId)
        .executeTakeFirst()
    : undefined;
  return { timeline: scope.ref, userId, readUpTo: Number(row?.read_up_to ?? 0), movedAt: row ? toTimestamp(row.moved_at) : null };
}

/** 「確認しました」: once per member, on a post that asks for it, not one's own. */
export async function confirmPost(scope: TimelineScope, input: z.input<typeof postRefInput>): Promise<Post> {
  const valid = parseInput(postRefInput, input);
  const { store, now, user } = scope;
  const post = await postOnTimeline(scope, valid.postId);
  if (Number(post.asks_confirmation) !== 1) throw invalidRequest([fieldViolation('postId', 'CONFIRMATION_NOT_ASKED')]);
  if (post.author_user_id === user.id) throw invalidRequest([fieldViolation('postId', 'OWN_POST')]);
  try {
    await transaction(store, async (tx) => {
      const already = await tx.db
        .selectFrom('timeline_confirmations')
        .select('user_id')
        .where('post_id', '=', post.id)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (already) return;
      await tx.db
        .insertInto('timeline_confirmations')
        .values({ post_id: post.id, user_id: user.id, confirmed_at: now.toISOString(), device_id: scope.device.id })
        .execute();
      await appendTimelineEvent(tx, { timelineId: post.timeline_id, kind: 'post', postId: post.id }, now);
      await scope.audit({ action: 'timeline.confirm', outcome: 'ok', detail: { postId: post.id } }, tx);
    });
  } catch (error) {
    // Confirmed twice at once: the first one's time stands.
    if (!isUniqueViolation(error)) throw error;
  }
  return (await loadPosts(store, [post.id]))[0]!;
}

/** Every member but the author: who read the post and when, who confirmed it; readers first. */
export async function postReaders(scope: TimelineScope, input: z.input<typeof postRefInput>): Promise<PostReaders> {
  const valid = parseInput(postRefInput, input);
  const { store } = scope;
  const post = await postOnTimeline(scope, valid.postId);
  const [summary] = await summarise(store, scope.user.id, [post.timeline_id], { withMembers: true });
  const [reads, confirmations] = await Promise.all([
    // The first move of each member's marker to or past the post is when they read it.
    store.db
      .selectFrom('timeline_read_moves')
      .select('user_id')
      .select((eb) => eb.fn.min('moved_at').as('read_at'))
      .where('timeline_id', '=', post.timeline_id)
      .where('read_up_to', '>=', Number(post.seq))
      .groupBy('user_id')
      .execute(),
    store.db.selectFrom('timeline_confirmations').select(['user_id', 'confirmed_at']).where('post_id', '=', post.id).execute(),
  ]);
  const readAt = new Map(reads.map((r) => [r.user_id, String(r.read_at)]));
  const confirmedAt = new Map(confirmations.map((c) => [c.user_id, c.confirmed_at]));
  const readers = (summary?.members ?? [])
    .filter((member) => member.userId !== post.author_user_id)
    .map((member) => ({
      member,
      readAt: readAt.has(member.userId!) ? toTimestamp(readAt.get(member.userId!)!) : null,
      confirmedAt: confirmedAt.has(member.userId!) ? toTimestamp(confirmedAt.get(member.userId!)!) : null,
    }))
    .sort((a, b) => (readAt.get(a.member.userId!) ?? '\uffff').localeCompare(readAt.get(b.member.userId!) ?? '\uffff'));
  await scope.audit({ action: 'timeline.readers', outcome: 'ok', detail: { postId: post.id } });
  return { readers };
}
