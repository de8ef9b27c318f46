// Promotion to the chart: a member allowed to write progress notes turns a post, or several posts
// of a patient's timeline, into one SOAP progress note with one action. The note's chosen section
// carries each post's text under 「連絡帳より」 with its author, office and time; each post records
// the note, who promoted it and when. Promoting the same posts again answers the same note; a post
// already in another note is refused (one post, one note).
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { PROFESSION_LABELS, type ProfessionName } from '@renkei/proto';
import type { PromoteToNoteResponse } from '@renkei/proto/generated/renkei/v1/PromoteToNoteResponse';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { authorOf, loadAuthors } from '../chart/record-author';
import { serialize, SerialLock, transaction } from '../db/database';
import { MAX_SOAP_LENGTH, noteHistory, writeNote } from '../progress-notes/progress-notes';
import { isUniqueViolation } from '../db/database';
import { fieldViolation, invalidRequest, parseInput, uuid } from '../validation';
import { loadPosts } from './post-view';
import { appendTimelineEvent } from './timeline-events';

const SECTIONS = {
  SOAP_SECTION_SUBJECTIVE: 'subjective',
  SOAP_SECTION_OBJECTIVE: 'objective',
  SOAP_SECTION_ASSESSMENT: 'assessment',
  SOAP_SECTION_PLAN: 'plan',
} as const;

export const MAX_PROMOTED_POSTS = 20;

export const promoteInput = z.object({
  postIds: z
    .array(uuid)
    .min(1)
    .max(MAX_PROMOTED_POSTS)
    .transform((ids) => [...new Set(ids)]),
  section: z.enum(Object.keys(SECTIONS) as [keyof typeof SECTIONS, ...(keyof typeof SECTIONS)[]]),
});

export async function promoteToNote(scope: PatientScope, input: z.input<typeof promoteInput>, retried = false): Promise<PromoteToNoteResponse> {
  const valid = parseInput(promoteInput, input);
  const { store, now, patientId } = scope;
  await scope.require('PROGRESS_NOTES', 'write', { action: 'timeline.promote' });
  await scope.require('TIMELINE', 'read', { action: 'timeline.promote' });

  const rows = await store.db
    .selectFrom('timeline_posts as p')
    .innerJoin('timelines as t', 't.id', 'p.timeline_id')
    .innerJoin('timeline_post_versions as v', (join) => join.onRef('v.post_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .leftJoin('timeline_promotions as pr', 'pr.post_id', 'p.id')
    .select([
      'p.id',
      'p.seq',
      'p.timeline_id',
      'p.posted_at',
      'p.author_user_id',
      'p.author_profession',
      'p.author_facility_id',
      'p.author_device_id',
      'v.body',
      'v.retracted',
      'pr.note_id',
    ])
    .where('p.id', 'in', valid.postIds)
    .where('t.patient_id', '=', patientId)
    .orderBy('p.seq')
    .execute();
  const found = new Set(rows.map((r) => r.id));
  const violations = valid.postIds.flatMap((id, i) => (found.has(id) ? [] : [fieldViolation(`postIds.${i}`, 'NOT_A_PATIENT_POST')]));
  for (const [i, id] of valid.postIds.entries()) {
    const row = rows.find((r) => r.id === id);
    if (row && Number(row.retracted) === 1) violations.push(fieldViolation(`postIds.${i}`, 'POST_RETRACTED'));
  }
  if (violations.length > 0) throw invalidRequest(violations);

  const promotedTo = new Set(rows.map((r) => r.note_id));
  if (promotedTo.size === 1 && !promotedTo.has(null)) {
    // The same posts again (a double click, a retry): the note already written.
    const noteId = rows[0]!.note_id!;
    const history = await noteHistory(scope, { noteId });
    return { note: history.versions!.at(-1)!, posts: await loadPosts(store, valid.postIds), alreadyPromoted: true };
  }
  const taken = valid.postIds.flatMap((id, i) => (rows.find((r) => r.id === id)?.note_id ? [fieldViolation(`postIds.${i}`, 'POST_ALREADY_PROMOTED')] : []));
  if (taken.length > 0) throw invalidRequest(taken);

  const authors = await loadAuthors(
    store,
    rows.map((r) => ({ userId: r.author_user_id, profession: r.author_profession, facilityId: r.author_facility_id, deviceId: r.author_device_id })),
  );
  const text = rows
    .map((r) => {
      const a = authors({ userId: r.author_user_id, profession: r.author_profession, facilityId: r.author_facility_id, deviceId: r.author_device_id });
      const profession = PROFESSION_LABELS[r.author_profession as ProfessionName]?.ja ?? '';
      const who = `${profession} ${a.name?.family ?? ''} ${a.name?.given ?? ''}（${a.facilityName}）`.replace(/\s+/g, ' ').trim();
      return `【連絡帳より】${formatJapanDateTime(new Date(r.posted_at))} ${who}\n${r.body}`;
    })
    .join('\n\n');
  if ([...text].length > MAX_SOAP_LENGTH) throw invalidRequest([fieldViolation('postIds', 'TOO_LONG', { max: String(MAX_SOAP_LENGTH) })]);
  const soap = { subjective: '', objective: '', assessment: '', plan: '', [SECTIONS[valid.section]]: text };
  const promoter = authorOf(scope);

  try {
    const note = await transaction(store, async (tx) => {
      // The note, the promotions and their events commit together: two promotions of the same
      // post at once leave one note (the second fails on the post's promotion row and rolls back).
      // The serial locks are taken in their order before writeNote takes the audit chain's.
      await serialize(tx, SerialLock.PatientChanges);
      await serialize(tx, SerialLock.TimelineEvents);
      const written = await writeNote({ ...scope, store: tx }, { soap, observedAt: rows[0]!.posted_at });
      await tx.db
        .insertInto('timeline_promotions')
        .values(
          rows.map((r) => ({
            post_id: r.id,
            note_id: written.noteId!,
            promoted_by: promoter.userId,
            promoted_by_profession: promoter.profession,
            promoted_by_facility_id: promoter.facilityId,
            promoted_by_device_id: promoter.deviceId,
            promoted_at: now.toISOString(),
          })),
        )
        .execute();
      for (const r of rows) await appendTimelineEvent(tx, { timelineId: r.timeline_id, kind: 'post', postId: r.id }, now);
      await scope.audit({ action: 'timeline.promote', outcome: 'ok', detail: { noteId: written.noteId, posts: rows.map((r) => r.id) } }, tx);
      return written;
    });
    return { note, posts: await loadPosts(store, valid.postIds), alreadyPromoted: false };
  } catch (error) {
    // Promoted by someone else at the same moment: answer as a repeat (once).
    if (isUniqueViolation(error) && !retried) return promoteToNote(scope, input, true);
    throw error;
  }
}
