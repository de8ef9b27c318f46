// A timeline's posts in their API shape, as they are now: the current version's text and
// mentions, the attachments, confirmations and promotion, the author as they were when posting.
// Read by the timeline screen, by every write that answers its post, and by the live stream.
import type { Post } from '@renkei/proto/generated/renkei/v1/Post';
import type { PostAttachment } from '@renkei/proto/generated/renkei/v1/PostAttachment';
import type { Selectable } from 'kysely';
import { refOf } from '../access/timeline-access';
import { loadAuthors, type AuthorRef } from '../chart/record-author';
import type { Store } from '../db/database';
import type { TimelineAttachmentTable, TimelinePostTable } from '../db/schema';
import { toTimestamp } from '../time';

/** The posts, as they are now, in the order of `postIds` (ids not found are left out). */
export async function loadPosts(store: Store, postIds: readonly string[]): Promise<Post[]> {
  const ids = [...new Set(postIds)];
  if (ids.length === 0) return [];
  const posts = await store.db
    .selectFrom('timeline_posts as p')
    .innerJoin('timelines as t', 't.id', 'p.timeline_id')
    .innerJoin('timeline_post_versions as v', (join) => join.onRef('v.post_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .selectAll('p')
    .select(['t.kind as timeline_kind', 't.patient_id', 'v.body', 'v.retracted', 'v.recorded_at'])
    .where('p.id', 'in', ids)
    .execute();
  const [mentionRows, attachments, confirmations, promotions] = await Promise.all([
    store.db
      .selectFrom('timeline_mentions as m')
      .innerJoin('timeline_posts as p', 'p.id', 'm.post_id')
      .select(['m.post_id', 'm.user_id'])
      .whereRef('m.version', '=', 'p.current_version')
      .where('m.post_id', 'in', ids)
      .execute(),
    store.db.selectFrom('timeline_attachments').selectAll().where('post_id', 'in', ids).orderBy('ordinal').execute(),
    store.db.selectFrom('timeline_confirmations').selectAll().where('post_id', 'in', ids).orderBy('confirmed_at').execute(),
    store.db.selectFrom('timeline_promotions').selectAll().where('post_id', 'in', ids).execute(),
  ]);
  const promotionOf = new Map(promotions.map((p) => [p.post_id, p]));
  const refs: AuthorRef[] = [
    ...posts.map((p) => authorRefOf(p)),
    ...promotions.map((p) => ({
      userId: p.promoted_by,
      profession: p.promoted_by_profession,
      facilityId: p.promoted_by_facility_id,
      deviceId: p.promoted_by_device_id,
    })),
  ];
  const authorOfRef = await loadAuthors(store, refs);
  const byId = new Map(
    posts.map((row): [string, Post] => {
      const retracted = Number(row.retracted) === 1;
      const promotion = promotionOf.get(row.id);
      return [
        row.id,
        {
          postId: row.id,
          timeline: refOf({ kind: row.timeline_kind, id: row.timeline_id, patient_id: row.patient_id }),
          seq: Number(row.seq),
          replyToPostId: row.reply_to_post_id ?? '',
          version: Number(row.current_version),
          body: retracted ? '' : row.body,
          urgent: Number(row.urgent) === 1,
          asksConfirmation: Number(row.asks_confirmation) === 1,
          mentionedUserIds: retracted ? [] : mentionRows.filter((m) => m.post_id === row.id).map((m) => m.user_id),
          attachments: retracted ? [] : attachments.filter((a) => a.post_id === row.id).map(toPostAttachment),
          author: authorOfRef(authorRefOf(row)),
          postedAt: toTimestamp(row.posted_at),
          editedAt: toTimestamp(row.recorded_at),
          retracted,
          confirmations: confirmations.filter((c) => c.post_id === row.id).map((c) => ({ userId: c.user_id, confirmedAt: toTimestamp(c.confirmed_at) })),
          promotedNoteId: promotion?.note_id ?? '',
          promotedBy: promotion
            ? authorOfRef({
                userId: promotion.promoted_by,
                profession: promotion.promoted_by_profession,
                facilityId: promotion.promoted_by_facility_id,
                deviceId: promotion.promoted_by_device_id,
              })
            : null,
          promotedAt: promotion ? toTimestamp(promotion.promoted_at) : null,
        },
      ];
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** An attachment as a post (and its upload and download) shows it. */
export function toPostAttachment(row: Selectable<TimelineAttachmentTable>): PostAttachment {
  return {
    attachmentId: row.id,
    fileName: row.file_name,
    mediaType: row.media_type as PostAttachment['mediaType'],
    size: Number(row.size),
    sha256: row.sha256,
    pageCount: Number(row.page_count),
    filedDocumentId: row.filed_document_id ?? '',
  };
}

function authorRefOf(row: Selectable<TimelinePostTable>): AuthorRef {
  return { userId: row.author_user_id, profession: row.author_profession, facilityId: row.author_facility_id, deviceId: row.author_device_id };
}
