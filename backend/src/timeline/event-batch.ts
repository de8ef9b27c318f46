// A batch of what live streams deliver, read once and prepared once for every subscriber: the
// timeline events after a position (timeline/timeline-events.ts) and the change feed's rows after
// it (sync/change-feed.ts: a user's access to a patient changed, or a patient's overview did),
// with who may see each timeline and patient now (access/timeline-access.ts, the one rule), the
// posts as they are now and the read markers. A few queries per batch however many subscribers;
// `messagesFor` then only filters, per subscriber, what that user may receive.
import type { Post } from '@renkei/proto/generated/renkei/v1/Post';
import type { ReadMarker } from '@renkei/proto/generated/renkei/v1/ReadMarker';
import type { TimelineEvent } from '@renkei/proto/generated/renkei/v1/TimelineEvent';
import type { TimelineRef } from '@renkei/proto/generated/renkei/v1/TimelineRef';
import { patientVisibility } from '../access/patient-access';
import { patientTimelineAudience, refOf, timelineAudience } from '../access/timeline-access';
import type { Store } from '../db/database';
import { toTimestamp } from '../time';
import { loadPosts } from './post-view';
import type { StreamPosition } from './stream-cursor';
import { eventsAfter, type TimelineEventRow } from './timeline-events';
import { summarise, summariseUnopened } from './timelines';

/** A row of the change feed: an access change of `userId`, or (userId null) an overview change. */
export interface FeedRow {
  seq: number;
  patientId: string;
  userId: string | null;
}

export interface EventBatch {
  /** The batch holds what follows `after` up to `to`, in both logs. */
  after: StreamPosition;
  to: StreamPosition;
  events: TimelineEventRow[];
  feed: FeedRow[];
  refs: Map<string, TimelineRef>;
  /** Timeline id → who may see it now. */
  audience: Map<string, Set<string>>;
  posts: Map<string, Post>;
  /** `${timelineId}|${userId}` → that member's marker now. */
  markers: Map<string, ReadMarker>;
  /** Patient id (of access changes) → who may see the patient's timeline now. */
  patientAudience: Map<string, Set<string>>;
  /** Patient id → its timeline's id, for patients whose timeline has a row. */
  patientTimelines: Map<string, string>;
  /** Patient id (of overview changes) → who may see the patient now. */
  viewers: Map<string, Set<string>>;
  /** How many events and rows the batch holds (the hub's memory bound counts them). */
  size: number;
}

/** Change-feed rows after `afterSeq`, oldest first; only `userId`'s access changes when given (a replay: overview hints are not replayed). */
export async function feedRowsAfter(store: Store, afterSeq: number, limit: number, userId?: string, upTo?: number): Promise<FeedRow[]> {
  let query = store.db.selectFrom('patient_changes').select(['seq', 'patient_id', 'user_id']).where('seq', '>', afterSeq);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  if (upTo !== undefined) query = query.where('seq', '<=', upTo);
  const rows = await query.orderBy('seq').limit(limit).execute();
  return rows.map((row) => ({ seq: Number(row.seq), patientId: row.patient_id, userId: row.user_id }));
}

/** Reads and prepares what follows `after` (at most `limit` of each log); for one user's replay when `forUser` is given. */
export async function readBatch(store: Store, after: StreamPosition, limit: number, forUser?: string): Promise<EventBatch> {
  // A replay reads only its user's rows of the feed, so finding none must still move it on: to the
  // feed's head, read first (rows appended after that are read next time).
  const feedHead = forUser === undefined ? undefined : await changeFeedHead(store);
  const [events, feed] = await Promise.all([eventsAfter(store, after.seq, limit), feedRowsAfter(store, after.feed, limit, forUser, feedHead)]);
  const feedTo = feed.length === limit ? feed.at(-1)!.seq : (feedHead ?? feed.at(-1)?.seq ?? after.feed);
  return prepareBatch(store, after, { seq: events.at(-1)?.seq ?? after.seq, feed: Math.max(after.feed, feedTo) }, events, feed);
}

/** The change feed's newest seq (0 when empty). */
export async function changeFeedHead(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('patient_changes')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return Number(row?.head ?? 0);
}

async function prepareBatch(store: Store, after: StreamPosition, to: StreamPosition, events: TimelineEventRow[], feed: FeedRow[]): Promise<EventBatch> {
  const timelineIds = [...new Set(events.map((e) => e.timelineId))];
  const accessPatients = [...new Set(feed.filter((r) => r.userId !== null).map((r) => r.patientId))];
  const overviewPatients = [...new Set(feed.filter((r) => r.userId === null).map((r) => r.patientId))];
  const postIds = events.filter((e) => e.kind === 'post' && e.postId).map((e) => e.postId!);
  const readers = events.filter((e) => e.kind === 'read' && e.userId);
  const [audience, posts, timelines, markerRows, patientAudience, viewerRows] = await Promise.all([
    timelineAudience(store, timelineIds),
    loadPosts(store, postIds),
    timelineIds.length + accessPatients.length === 0
      ? []
      : store.db
          .selectFrom('timelines')
          .select(['id', 'kind', 'patient_id'])
          .where((eb) =>
            eb.or([
              ...(timelineIds.length > 0 ? [eb('id', 'in', timelineIds)] : []),
              ...(accessPatients.length > 0 ? [eb('patient_id', 'in', accessPatients)] : []),
            ]),
          )
          .execute(),
    readers.length === 0
      ? []
      : store.db
          .selectFrom('timeline_read_markers')
          .selectAll()
          .where('timeline_id', 'in', [...new Set(readers.map((e) => e.timelineId))])
          .where('user_id', 'in', [...new Set(readers.map((e) => e.userId!))])
          .execute(),
    patientTimelineAudience(store, accessPatients),
    overviewPatients.length === 0 ? [] : patientVisibility(store.db).where('m.patient_id', 'in', overviewPatients).execute(),
  ]);
  const refs = new Map(timelines.map((t) => [t.id, refOf(t)]));
  const viewers = new Map<string, Set<string>>();
  for (const row of viewerRows) viewers.set(row.patient_id, (viewers.get(row.patient_id) ?? new Set()).add(row.user_id));
  return {
    after,
    to,
    events,
    feed,
    refs,
    audience,
    posts: new Map(posts.map((p) => [p.postId!, p])),
    markers: new Map(
      markerRows.map((m) => [
        `${m.timeline_id}|${m.user_id}`,
        { timeline: refs.get(m.timeline_id) ?? null, userId: m.user_id, readUpTo: Number(m.read_up_to), movedAt: toTimestamp(m.moved_at) },
      ]),
    ),
    patientAudience,
    patientTimelines: new Map(timelines.filter((t) => t.kind === 'patient').map((t) => [t.patient_id!, t.id])),
    viewers,
    size: events.length + feed.length,
  };
}

/** A message for one subscriber and where its stream stands once the message is sent. */
export interface Delivery {
  position: StreamPosition;
  event: Omit<TimelineEvent, 'cursor'>;
}

/**
 * What of the batch `userId` receives, after `from` (a stream may stand inside a batch): access
 * changes first (so a timeline is known before its posts), then the events, in log order; and the
 * patients whose overviews changed that the user sees (hints, not in the cursor). A user who may
 * not see a timeline now gets nothing of it, except `left` for their own removal from a group.
 */
export async function messagesFor(store: Store, batch: EventBatch, userId: string, from: StreamPosition): Promise<{ deliveries: Delivery[]; hints: string[] }> {
  // A message, or a `joined` with the summary of a timeline (by id) or of a patient's timeline that has no row yet.
  type Pending =
    { position: StreamPosition; event: Delivery['event'] } | { position: StreamPosition; summaryOf: string } | { position: StreamPosition; unopenedOf: string };
  const pending: Pending[] = [];
  const hints: string[] = [];
  for (const row of batch.feed) {
    if (row.seq <= from.feed) continue;
    const position = { seq: from.seq, feed: row.seq };
    if (row.userId === null) {
      if (batch.viewers.get(row.patientId)?.has(userId)) hints.push(row.patientId);
    } else if (row.userId === userId) {
      const timelineId = batch.patientTimelines.get(row.patientId);
      if (!batch.patientAudience.get(row.patientId)?.has(userId)) pending.push({ position, event: { left: { timeline: { patientId: row.patientId } } } });
      else if (timelineId) pending.push({ position, summaryOf: timelineId });
      // Nobody has opened the timeline yet: the user learns of it all the same, so that its first
      // post lands in a timeline they hold.
      else pending.push({ position, unopenedOf: row.patientId });
    }
  }
  const feedTo = Math.max(from.feed, batch.to.feed);
  for (const event of batch.events) {
    if (event.seq <= from.seq) continue;
    const position = { seq: event.seq, feed: feedTo };
    const sees = batch.audience.get(event.timelineId)?.has(userId) ?? false;
    if (!sees) {
      if (event.kind === 'left' && event.userId === userId) pending.push({ position, event: { left: { timeline: batch.refs.get(event.timelineId) ?? null } } });
      continue;
    }
    switch (event.kind) {
      case 'post': {
        const post = batch.posts.get(event.postId ?? '');
        if (post) pending.push({ position, event: { post } });
        break;
      }
      case 'read': {
        const marker = batch.markers.get(`${event.timelineId}|${event.userId}`);
        if (marker) pending.push({ position, event: { read: marker } });
        break;
      }
      // The member who joined learns of the timeline; the others get its summary again, so their
      // member lists (and 既読 n/m) follow.
      case 'joined':
      case 'left':
        pending.push({ position, summaryOf: event.timelineId });
        break;
    }
  }
  // Membership changes are rare; their summaries are the user's own (unread counts), one query set per batch.
  const summaryIds = [...new Set(pending.flatMap((p) => ('summaryOf' in p ? [p.summaryOf] : [])))];
  const unopened = [...new Set(pending.flatMap((p) => ('unopenedOf' in p ? [p.unopenedOf] : [])))];
  const [opened, fresh] = await Promise.all([summarise(store, userId, summaryIds, { withMembers: true }), summariseUnopened(store, unopened)]);
  const summaries = new Map([...opened, ...fresh].map((s) => [refKey(s.timeline), s]));
  const deliveries = pending.flatMap((p): Delivery[] => {
    if ('event' in p) return [p];
    const summary = summaries.get('summaryOf' in p ? refKey(batch.refs.get(p.summaryOf)) : refKey({ patientId: p.unopenedOf }));
    return summary ? [{ position: p.position, event: { joined: summary } }] : [];
  });
  return { deliveries, hints: [...new Set(hints)] };
}

function refKey(ref: TimelineRef | null | undefined): string {
  return ref?.patientId ? `patient:${ref.patientId}` : `group:${ref?.groupId ?? ''}`;
}
