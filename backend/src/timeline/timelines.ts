// The timelines a user is on, as the inbox and the timeline screen read them: a patient's (made on
// its first post) or a group's, with unread and mention counts from the user's read marker, the
// members with theirs (「既読 n/m」 is counted from them), and a page of posts.
import type { ReadTimelineResponse } from '@renkei/proto/generated/renkei/v1/ReadTimelineResponse';
import type { TimelineMember } from '@renkei/proto/generated/renkei/v1/TimelineMember';
import type { TimelineSummary } from '@renkei/proto/generated/renkei/v1/TimelineSummary';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { UserScope } from '../access/call-scope';
import { patientTimelineAudience, refOf, timelineAudience, visibleTimelineIds, type TimelineScope } from '../access/timeline-access';
import { transaction, type Store } from '../db/database';
import { personNameOf } from '../person-name';
import { toTimestamp } from '../time';
import { parseInput } from '../validation';
import { loadPosts } from './post-view';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const EXCERPT_LENGTH = 60;

export const readTimelineInput = z.object({
  beforeSeq: z.number().int().min(0).default(0),
  pageSize: z
    .number()
    .int()
    .min(0)
    .max(MAX_PAGE_SIZE)
    .default(0)
    .transform((n) => (n === 0 ? DEFAULT_PAGE_SIZE : n)),
});

/** The timeline's id, making a patient's timeline on its first write (inside the writer's transaction). */
export async function ensureTimeline(tx: Store, scope: TimelineScope): Promise<string> {
  if (scope.timeline) return scope.timeline.id;
  if (scope.target.kind !== 'patient') throw new Error('a group always has its row');
  const patientId = scope.target.patientId;
  await tx.db
    .insertInto('timelines')
    .values({
      id: randomUUID(),
      kind: 'patient',
      patient_id: patientId,
      title: '',
      owner_user_id: null,
      created_at: scope.now.toISOString(),
      created_by: null,
      client_request_id: null,
    })
    .onConflict((oc) => oc.column('patient_id').doNothing())
    .execute();
  const row = await tx.db.selectFrom('timelines').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow();
  return row.id;
}

interface Counts {
  unread: number;
  mentions: number;
  urgentUnread: number;
}

/** Unread, mention and urgent counts of `userId` on each timeline: posts by others after their marker, not retracted. */
async function countsFor(store: Store, userId: string, timelineIds: readonly string[]): Promise<Map<string, Counts>> {
  const counts = new Map<string, Counts>(timelineIds.map((id) => [id, { unread: 0, mentions: 0, urgentUnread: 0 }]));
  if (timelineIds.length === 0) return counts;
  const rows = await store.db
    .selectFrom('timeline_posts as p')
    .innerJoin('timeline_post_versions as v', (join) => join.onRef('v.post_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .leftJoin('timeline_read_markers as r', (join) => join.onRef('r.timeline_id', '=', 'p.timeline_id').on('r.user_id', '=', userId))
    .select(['p.timeline_id', 'p.urgent'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('timeline_mentions as m')
            .select('m.post_id')
            .whereRef('m.post_id', '=', 'p.id')
            .whereRef('m.version', '=', 'p.current_version')
            .where('m.user_id', '=', userId),
        )
        .as('mentioned'),
    )
    .where('p.timeline_id', 'in', [...timelineIds])
    .where('p.author_user_id', '!=', userId)
    .where('v.retracted', '=', 0)
    .where((eb) => eb('p.seq', '>', eb.fn.coalesce('r.read_up_to', eb.lit(0))))
    .execute();
  for (const row of rows) {
    const c = counts.get(row.timeline_id)!;
    c.unread += 1;
    if (Number(row.mentioned) === 1 || (row.mentioned as unknown) === true) c.mentions += 1;
    if (Number(row.urgent) === 1) c.urgentUnread += 1;
  }
  return counts;
}

/** The members of each timeline (who may see it now), with their read markers. */
async function membersOf(store: Store, timelineIds: readonly string[]): Promise<Map<string, TimelineMember[]>> {
  const [audience, markers, owners] = await Promise.all([
    timelineAudience(store, timelineIds),
    timelineIds.length === 0
      ? []
      : store.db
          .selectFrom('timeline_read_markers')
          .selectAll()
          .where('timeline_id', 'in', [...timelineIds])
          .execute(),
    timelineIds.length === 0
      ? []
      : store.db
          .selectFrom('timelines')
          .select(['id', 'owner_user_id'])
          .where('id', 'in', [...timelineIds])
          .execute(),
  ]);
  const markerOf = new Map(markers.map((m) => [`${m.timeline_id}|${m.user_id}`, Number(m.read_up_to)]));
  const ownerOf = new Map(owners.map((o) => [o.id, o.owner_user_id]));
  return describeMembers(store, audience, {
    readUpTo: (timelineId, userId) => markerOf.get(`${timelineId}|${userId}`) ?? 0,
    owns: (timelineId, userId) => ownerOf.get(timelineId) === userId,
  });
}

/** The users of each entry of `audience` as members (name, profession, office), keyed as the audience is. */
async function describeMembers(
  store: Store,
  audience: Map<string, Set<string>>,
  state: { readUpTo(key: string, userId: string): number; owns(key: string, userId: string): boolean },
): Promise<Map<string, TimelineMember[]>> {
  const userIds = [...new Set([...audience.values()].flatMap((users) => [...users]))];
  const users =
    userIds.length === 0
      ? []
      : await store.db
          .selectFrom('users as u')
          .innerJoin('facilities as f', 'f.id', 'u.facility_id')
          .select([
            'u.id',
            'u.family_name',
            'u.given_name',
            'u.family_name_kana',
            'u.given_name_kana',
            'u.profession',
            'u.facility_id',
            'f.name as facility_name',
          ])
          .where('u.id', 'in', userIds)
          .execute();
  const userById = new Map(users.map((u) => [u.id, u]));
  return new Map(
    [...audience].map(([key, members]) => [
      key,
      [...members].flatMap((userId): TimelineMember[] => {
        const user = userById.get(userId);
        if (!user) return [];
        return [
          {
            userId,
            name: personNameOf(user),
            profession: user.profession as TimelineMember['profession'],
            facilityId: user.facility_id,
            facilityName: user.facility_name,
            readUpTo: state.readUpTo(key, userId),
            owner: state.owns(key, userId),
          },
        ];
      }),
    ]),
  );
}

interface SummaryOptions {
  /** Include the members and their markers (one timeline's screen; not the inbox). */
  withMembers: boolean;
  /** The caller may post here (the inbox does not ask per timeline; it opens a scope to write). */
  canWrite?: (timelineId: string) => boolean;
}

/** Summaries of the timelines for `userId`, in the order given. */
export async function summarise(store: Store, userId: string, timelineIds: readonly string[], options: SummaryOptions): Promise<TimelineSummary[]> {
  if (timelineIds.length === 0) return [];
  const [timelines, counts, lastPosts, members, marker] = await Promise.all([
    store.db
      .selectFrom('timelines as t')
      .leftJoin('patients as p', 'p.id', 't.patient_id')
      .select(['t.id', 't.kind', 't.patient_id', 't.title', 'p.family_name', 'p.given_name', 'p.family_name_kana', 'p.given_name_kana'])
      .where('t.id', 'in', [...timelineIds])
      .execute(),
    countsFor(store, userId, timelineIds),
    store.db
      .selectFrom('timeline_posts as p')
      .innerJoin('timeline_post_versions as v', (join) => join.onRef('v.post_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
      .select(['p.timeline_id', 'p.seq', 'p.posted_at', 'v.body', 'v.retracted'])
      .where('p.timeline_id', 'in', [...timelineIds])
      .where('p.seq', 'in', (eb) =>
        eb
          .selectFrom('timeline_posts')
          .select((inner) => inner.fn.max('seq').as('seq'))
          .where('timeline_id', 'in', [...timelineIds])
          .groupBy('timeline_id'),
      )
      .execute(),
    options.withMembers ? membersOf(store, timelineIds) : Promise.resolve(new Map<string, TimelineMember[]>()),
    store.db
      .selectFrom('timeline_read_markers')
      .select(['timeline_id', 'read_up_to'])
      .where('user_id', '=', userId)
      .where('timeline_id', 'in', [...timelineIds])
      .execute(),
  ]);
  const byId = new Map(timelines.map((t) => [t.id, t]));
  const lastOf = new Map(lastPosts.map((p) => [p.timeline_id, p]));
  const markerOf = new Map(marker.map((m) => [m.timeline_id, Number(m.read_up_to)]));
  return timelineIds.flatMap((id): TimelineSummary[] => {
    const t = byId.get(id);
    if (!t) return [];
    const last = lastOf.get(id);
    const count = counts.get(id)!;
    return [
      {
        timeline: refOf(t),
        ...(t.kind === 'patient' ? patientTitle(t) : { title: t.title, titleKana: '' }),
        unread: count.unread,
        mentions: count.mentions,
        urgentUnread: count.urgentUnread,
        readUpTo: markerOf.get(id) ?? 0,
        lastPostSeq: last ? Number(last.seq) : 0,
        lastPostedAt: last ? toTimestamp(last.posted_at) : null,
        lastPostExcerpt: last && Number(last.retracted) === 0 ? [...last.body].slice(0, EXCERPT_LENGTH).join('') : '',
        members: members.get(id) ?? [],
        canWrite: options.canWrite?.(id) ?? true,
      },
    ];
  });
}

/**
 * Summaries of patients' timelines that have no row yet (nobody has opened or posted to them), for
 * a user who has just gained access: nothing to count yet, and the members who may read it.
 */
export async function summariseUnopened(store: Store, patientIds: readonly string[]): Promise<TimelineSummary[]> {
  if (patientIds.length === 0) return [];
  const [patients, audience] = await Promise.all([
    store.db
      .selectFrom('patients')
      .select(['id', 'family_name', 'given_name', 'family_name_kana', 'given_name_kana'])
      .where('id', 'in', [...patientIds])
      .execute(),
    patientTimelineAudience(store, patientIds),
  ]);
  const members = await describeMembers(store, audience, { readUpTo: () => 0, owns: () => false });
  return patients.map((p) => ({
    timeline: { patientId: p.id },
    ...patientTitle(p),
    unread: 0,
    mentions: 0,
    urgentUnread: 0,
    readUpTo: 0,
    lastPostSeq: 0,
    lastPostedAt: null,
    lastPostExcerpt: '',
    members: members.get(p.id) ?? [],
    canWrite: true,
  }));
}

/** A patient's timeline is titled with the patient's name (kanji, and its kana reading). */
function patientTitle(p: { family_name: string | null; given_name: string | null; family_name_kana: string | null; given_name_kana: string | null }) {
  return {
    title: `${p.family_name ?? ''} ${p.given_name ?? ''}`.trim(),
    titleKana: `${p.family_name_kana ?? ''} ${p.given_name_kana ?? ''}`.trim(),
  };
}

/** The inbox: every timeline the caller may see that has posts, or is a group; urgent unread first, then newest. */
export async function listTimelines(scope: UserScope): Promise<{ timelines: TimelineSummary[] }> {
  const ids = await visibleTimelineIds(scope.store, scope.user.id);
  // A patient's timeline only opened, never posted to, is not news.
  const summaries = (await summarise(scope.store, scope.user.id, ids, { withMembers: false })).filter((s) => s.timeline?.groupId || Number(s.lastPostSeq) > 0);
  summaries.sort(
    (a, b) =>
      Number((b.urgentUnread ?? 0) > 0) - Number((a.urgentUnread ?? 0) > 0) ||
      Number(b.lastPostSeq) - Number(a.lastPostSeq) ||
      (a.titleKana ?? '').localeCompare(b.titleKana ?? '', 'ja'),
  );
  await scope.audit({ action: 'timeline.list', outcome: 'ok', detail: { timelines: ids.length } });
  return { timelines: summaries };
}

/** A page of posts, newest first (before `beforeSeq`), with the timeline's summary and members. */
export async function readTimeline(scope: TimelineScope, input: z.input<typeof readTimelineInput>): Promise<ReadTimelineResponse> {
  const valid = parseInput(readTimelineInput, input);
  const { store } = scope;
  // A patient's timeline gets its row when first opened, so that it has members to mention.
  const timelineId = await transaction(store, (tx) => ensureTimeline(tx, scope));
  let query = store.db.selectFrom('timeline_posts').select(['id']).where('timeline_id', '=', timelineId);
  if (valid.beforeSeq > 0) query = query.where('seq', '<', valid.beforeSeq);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(valid.pageSize + 1)
    .execute();
  const page = rows.slice(0, valid.pageSize);
  const [summary] = await summarise(store, scope.user.id, [timelineId], { withMembers: true, canWrite: () => scope.canWrite });
  await scope.audit({ action: 'timeline.read', outcome: 'ok', detail: { posts: page.map((r) => r.id) } });
  return {
    summary: summary!,
    posts: await loadPosts(
      store,
      page.map((r) => r.id),
    ),
    hasMore: rows.length > valid.pageSize,
  };
}
