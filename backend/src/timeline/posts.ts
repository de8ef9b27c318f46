// Posts on a timeline (在宅連絡帳): written, edited and retracted, append-only like the chart. An
// edit or a retraction is a new version row (who, from which device, when); the post keeps its
// author, office, device and server time of writing. A retried write (the same client request id)
// answers the post already written, so an outbox that sends twice never posts twice.
//
// Every write appends a 'post' event to the log (timeline/timeline-events.ts) in its transaction;
// the post's seq is that event's, so posts are ordered, and read up to, in commit order.
import { randomUUID } from 'node:crypto';
import { RenkeiError } from '@renkei/proto';
import type { Post } from '@renkei/proto/generated/renkei/v1/Post';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { patientTimelineAudience, timelineAudience, type TimelineScope } from '../access/timeline-access';
import { authorOf } from '../chart/record-author';
import { transaction, type Store } from '../db/database';
import type { TimelinePostTable } from '../db/schema';
import { isUniqueViolation } from '../db/database';
import { fieldViolation, invalidRequest, parseInput, uuid } from '../validation';
import { claimableSince } from './attachments';
import { loadPosts } from './post-view';
import { appendTimelineEvent } from './timeline-events';
import { ensureTimeline } from './timelines';

/** About two screens of text: what happened at a visit, not a report (file those as documents). */
export const MAX_POST_LENGTH = 4_000;
export const MAX_ATTACHMENTS = 10;
export const MAX_MENTIONS = 50;

// Newlines are kept (they are the post's layout); trailing blanks are not.
const body = z
  .string()
  .max(MAX_POST_LENGTH)
  .default('')
  .transform((text) => text.replace(/\s+$/u, ''));
const mentions = z
  .array(uuid)
  .max(MAX_MENTIONS)
  .default([])
  .transform((ids) => [...new Set(ids)]);

export const writePostInput = z
  .object({
    clientRequestId: uuid,
    body,
    urgent: z.boolean().default(false),
    asksConfirmation: z.boolean().default(false),
    mentionedUserIds: mentions,
    replyToPostId: z
      .union([z.literal(''), uuid])
      .default('')
      .transform((id) => (id === '' ? null : id)),
    attachmentIds: z
      .array(uuid)
      .max(MAX_ATTACHMENTS)
      .default([])
      .transform((ids) => [...new Set(ids)]),
  })
  .refine((post) => post.body.trim() !== '' || post.attachmentIds.length > 0, { message: 'POST_EMPTY', path: ['body'] });

export const editPostInput = z
  .object({ postId: uuid, baseVersion: z.number().int().min(1), body, mentionedUserIds: mentions })
  .refine((post) => post.body.trim() !== '', { message: 'POST_EMPTY', path: ['body'] });

export const retractPostInput = z.object({ postId: uuid, baseVersion: z.number().int().min(1) });

type PostRow = Selectable<TimelinePostTable>;

async function loadPost(store: Store, postId: string): Promise<Post> {
  const [post] = await loadPosts(store, [postId]);
  if (!post) throw new Error(`post ${postId} vanished`);
  return post;
}

/** Mentions must name members of the timeline: the people who will see the post. */
async function checkMentions(scope: TimelineScope, userIds: readonly string[], field: string): Promise<void> {
  if (userIds.length === 0) return;
  const { target, store } = scope;
  const members =
    target.kind === 'patient'
      ? (await patientTimelineAudience(store, [target.patientId])).get(target.patientId)!
      : (await timelineAudience(store, [target.groupId])).get(target.groupId)!;
  const strangers = userIds.filter((id) => !members.has(id));
  if (strangers.length > 0) throw invalidRequest(strangers.map(() => fieldViolation(field, 'MENTION_NOT_MEMBER')));
}

/** Writes a post (version 1). A retry with the same client request id returns the post already written. */
export async function writePost(scope: TimelineScope, input: z.input<typeof writePostInput>): Promise<Post> {
  const { store, now } = scope;
  const valid = parseInput(writePostInput, input);
  await scope.requireWrite('timeline.post');
  const author = authorOf(scope);

  const replay = async (): Promise<Post | undefined> => {
    const existing = await store.db
      .selectFrom('timeline_posts as p')
      .innerJoin('timelines as t', 't.id', 'p.timeline_id')
      .select(['p.id', 'p.author_user_id', 't.id as timeline_id', 't.patient_id'])
      .where('p.client_request_id', '=', valid.clientRequestId)
      .executeTakeFirst();
    if (!existing) return undefined;
    // Compared by what the request named: a patient's first post may have made the timeline's row.
    const sameTimeline = scope.target.kind === 'patient' ? existing.patient_id === scope.target.patientId : existing.timeline_id === scope.target.groupId;
    if (!sameTimeline || existing.author_user_id !== author.userId) {
      throw invalidRequest([fieldViolation('clientRequestId', 'REQUEST_ID_REUSED')]);
    }
    await scope.audit({ action: 'timeline.post', outcome: 'ok', detail: { postId: existing.id, retried: true } });
    return loadPost(store, existing.id);
  };
  const earlier = await replay();
  if (earlier) return earlier;

  if (valid.replyToPostId) {
    const parent = scope.timeline
      ? await store.db
          .selectFrom('timeline_posts')
          .select(['id', 'reply_to_post_id'])
          .where('id', '=', valid.replyToPostId)
          .where('timeline_id', '=', scope.timeline.id)
          .executeTakeFirst()
      : undefined;
    if (!parent) throw invalidRequest([fieldViolation('replyToPostId', 'REPLY_NOT_IN_TIMELINE')]);
    if (parent.reply_to_post_id) throw invalidRequest([fieldViolation('replyToPostId', 'REPLY_TO_REPLY')]);
  }
  await checkMentions(scope, valid.mentionedUserIds, 'mentionedUserIds');

  const postId = randomUUID();
  try {
    await transaction(store, async (tx) => {
      const timelineId = await ensureTimeline(tx, scope);
      const seq = await appendTimelineEvent(tx, { timelineId, kind: 'post', postId }, now);
      await tx.db
        .insertInto('timeline_posts')
        .values({
          id: postId,
          timeline_id: timelineId,
          seq,
          reply_to_post_id: valid.replyToPostId,
          urgent: valid.urgent ? 1 : 0,
          asks_confirmation: valid.asksConfirmation ? 1 : 0,
          current_version: 1,
          author_user_id: author.userId,
          author_profession: author.profession,
          author_facility_id: author.facilityId,
          author_device_id: author.deviceId,
          posted_at: now.toISOString(),
          client_request_id: valid.clientRequestId,
        })
        .execute();
      if (valid.attachmentIds.length > 0) {
        // Each attachment must be the caller's, uploaded to this timeline lately, and on no post yet;
        // claiming it is guarded by post_id being null, so two posts can never share one.
        for (const [ordinal, attachmentId] of valid.attachmentIds.entries()) {
          const claimed = await tx.db
            .updateTable('timeline_attachments')
            .set({ post_id: postId, ordinal })
            .where('id', '=', attachmentId)
            .where('timeline_id', '=', timelineId)
            .where('uploaded_by', '=', author.userId)
            .where('post_id', 'is', null)
            // An upload left unclaimed past its time belongs to no post, ever.
            .where('uploaded_at', '>=', claimableSince(now))
            .executeTakeFirst();
          if (Number(claimed.numUpdatedRows) !== 1) throw invalidRequest([fieldViolation(`attachmentIds.${ordinal}`, 'ATTACHMENT_UNKNOWN')]);
        }
      }
      await insertVersion(tx, { postId, version: 1, body: valid.body, retracted: false, deviceId: author.deviceId, at: now, mentions: valid.mentionedUserIds });
      await scope.audit(
        {
          action: 'timeline.post',
          outcome: 'ok',
          detail: { postId, urgent: valid.urgent, asksConfirmation: valid.asksConfirmation, attachments: valid.attachmentIds },
        },
        tx,
      );
    });
  } catch (error) {
    // The same request arriving twice at once: the first one's row won the client request id.
    if (isUniqueViolation(error)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
  return loadPost(store, postId);
}

interface VersionInput {
  postId: string;
  version: number;
  body: string;
  retracted: boolean;
  deviceId: string;
  at: Date;
  mentions: readonly string[];
}

async function insertVersion(tx: Store, version: VersionInput): Promise<void> {
  await tx.db
    .insertInto('timeline_post_versions')
    .values({
      post_id: version.postId,
      version: version.version,
      body: version.body,
      retracted: version.retracted ? 1 : 0,
      device_id: version.deviceId,
      recorded_at: version.at.toISOString(),
    })
    .execute();
  if (version.mentions.length > 0) {
    await tx.db
      .insertInto('timeline_mentions')
      .values(version.mentions.map((user_id) => ({ post_id: version.postId, version: version.version, user_id })))
      .execute();
  }
}

/** The post, if it is on the scope's timeline: a post of another timeline is answered like a missing one. */
export async function postOnTimeline(scope: TimelineScope, postId: string): Promise<PostRow> {
  const row = scope.timeline
    ? await scope.store.db.selectFrom('timeline_posts').selectAll().where('id', '=', postId).where('timeline_id', '=', scope.timeline.id).executeTakeFirst()
    : undefined;
  if (!row) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  return row;
}

interface Amendment {
  postId: string;
  baseVersion: number;
  /** The new text; undefined for a retraction. */
  body?: string;
  mentions: readonly string[];
}

/** Adds version base+1 of a post, if its author asks and base is still the current version. */
async function amendPost(scope: TimelineScope, change: Amendment, action: string): Promise<Post> {
  const { store, now } = scope;
  await scope.requireWrite(action);
  const author = authorOf(scope);
  const current = await postOnTimeline(scope, change.postId);
  if (current.author_user_id !== author.userId) {
    await scope.audit({ action, outcome: 'denied', detail: { postId: change.postId, reason: 'POST_NOT_AUTHOR' } });
    throw new RenkeiError({ reason: 'POST_NOT_AUTHOR' });
  }
  const superseded = (version: number) => new RenkeiError({ reason: 'POST_VERSION_SUPERSEDED', metadata: { currentVersion: String(version) } });
  if (Number(current.current_version) !== change.baseVersion) throw superseded(Number(current.current_version));
  const latest = await store.db
    .selectFrom('timeline_post_versions')
    .select('retracted')
    .where('post_id', '=', current.id)
    .where('version', '=', Number(current.current_version))
    .executeTakeFirstOrThrow();
  if (Number(latest.retracted) === 1) throw invalidRequest([fieldViolation('postId', 'POST_RETRACTED')]);
  if (change.body !== undefined) await checkMentions(scope, change.mentions, 'mentionedUserIds');

  const version = change.baseVersion + 1;
  try {
    await transaction(store, async (tx) => {
      // Guarded like a progress note's correction: of two edits of one version, one wins.
      const moved = await tx.db
        .updateTable('timeline_posts')
        .set({ current_version: version })
        .where('id', '=', current.id)
        .where('current_version', '=', change.baseVersion)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) {
        const winner = await tx.db.selectFrom('timeline_posts').select('current_version').where('id', '=', current.id).executeTakeFirstOrThrow();
        throw superseded(Number(winner.current_version));
      }
      await insertVersion(tx, {
        postId: current.id,
        version,
        body: change.body ?? '',
        retracted: change.body === undefined,
        deviceId: author.deviceId,
        at: now,
        mentions: change.body === undefined ? [] : change.mentions,
      });
      await appendTimelineEvent(tx, { timelineId: current.timeline_id, kind: 'post', postId: current.id }, now);
      await scope.audit({ action, outcome: 'ok', detail: { postId: current.id, version } }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw superseded(version);
    throw error;
  }
  return loadPost(store, current.id);
}

export async function editPost(scope: TimelineScope, input: z.input<typeof editPostInput>): Promise<Post> {
  const valid = parseInput(editPostInput, input);
  return amendPost(scope, { postId: valid.postId, baseVersion: valid.baseVersion, body: valid.body, mentions: valid.mentionedUserIds }, 'timeline.edit');
}

/** Leaves 「取り消されました」 with who and when; the earlier versions stay in the record. */
export async function retractPost(scope: TimelineScope, input: z.input<typeof retractPostInput>): Promise<Post> {
  const valid = parseInput(retractPostInput, input);
  return amendPost(scope, { postId: valid.postId, baseVersion: valid.baseVersion, mentions: [] }, 'timeline.retract');
}
