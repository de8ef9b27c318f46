// One event of the live stream, filed into the user's timeline cache: a post (new, edited,
// retracted, confirmed, promoted), a read marker, a timeline the user joined or left. Called inside
// the cache transaction that also stores the event's cursor. Returns what the screens are told, and
// a post that is new to this PC (for notifications).
import type { ReadMarker__Output } from '@renkei/proto/generated/renkei/v1/ReadMarker';
import type { TimelineEvent__Output } from '@renkei/proto/generated/renkei/v1/TimelineEvent';
import type { PostView, TimelineChange } from '../../shared/timeline-views';
import type { TimelineCache } from './timeline-cache';
import { keyOf, memberView, postView, refView, summaryView } from './timeline-mapping';

const EXCERPT_LENGTH = 60;
// More than 30 days of any timeline's posts.
const CACHED_POSTS_BOUND = 100_000;

export interface Applied {
  changes: TimelineChange[];
  /** A post this PC had not seen before. */
  newPost?: PostView;
}

export function applyStreamEvent(cache: TimelineCache, event: TimelineEvent__Output, me: string, at: Date): Applied {
  switch (event.event) {
    case 'post': {
      const post = postView(event.post!);
      const key = keyOf(post.timeline);
      const cachedPost = cache.post(post.postId);
      // The PC's own post, already filed from the server's answer to it (or one read meanwhile):
      // nothing new to tell.
      if (cachedPost && sameOnServer(cachedPost, post)) return { changes: [] };
      const seen = cachedPost !== undefined;
      cache.putPost(key, post);
      const changes: TimelineChange[] = [{ kind: 'post', post }];
      const cached = cache.timeline(key);
      if (cached && !seen) {
        // The inbox's counts follow without asking the server: a new post by someone else is unread.
        const summary = { ...cached.summary };
        if (post.seq > summary.lastPostSeq) {
          summary.lastPostSeq = post.seq;
          summary.lastPostedAt = post.postedAt;
          summary.lastPostExcerpt = post.body.slice(0, EXCERPT_LENGTH);
        }
        if (post.author.userId !== me && post.seq > summary.readUpTo) {
          summary.unread += 1;
          if (post.mentionedUserIds.includes(me)) summary.mentions += 1;
          if (post.urgent) summary.urgentUnread += 1;
        }
        cache.putTimeline(key, { summary, members: cached.members }, at);
        changes.push({ kind: 'summary', summary });
      }
      return { changes, ...(!seen && { newPost: post }) };
    }
    case 'read':
      return applyReadMarker(cache, event.read!, me, at);
    case 'joined': {
      const summary = summaryView(event.joined!);
      cache.putTimeline(keyOf(summary.timeline), { summary, members: event.joined!.members.map(memberView) }, at);
      return { changes: [{ kind: 'summary', summary }] };
    }
    case 'left': {
      const timeline = refView(event.left!.timeline);
      cache.removeTimeline(keyOf(timeline));
      return { changes: [{ kind: 'left', timeline }] };
    }
    default:
      // Heartbeats, hints and resets are the subscription's own business.
      return { changes: [] };
  }
}

/**
 * A member's read marker (from the stream, or the server's answer to this PC's own MarkRead): the
 * member's 既読 on the timeline, and for the user's own marker the counts, from the cached posts.
 */
export function applyReadMarker(cache: TimelineCache, marker: ReadMarker__Output, me: string, at: Date): Applied {
  const timeline = refView(marker.timeline);
  const key = keyOf(timeline);
  const readUpTo = Number(marker.readUpTo);
  const cached = cache.timeline(key);
  const changes: TimelineChange[] = [{ kind: 'read', timeline, userId: marker.userId, readUpTo }];
  if (cached) {
    const members = cached.members.map((m) => (m.userId === marker.userId ? { ...m, readUpTo: Math.max(m.readUpTo, readUpTo) } : m));
    let summary = cached.summary;
    if (marker.userId === me && readUpTo > summary.readUpTo) {
      // The user read (here or on another PC): what is unread is counted again from the cached posts.
      const unread = cache.posts(key, 0, CACHED_POSTS_BOUND).posts.filter((p) => p.seq > readUpTo && p.author.userId !== me && !p.retracted);
      summary = {
        ...summary,
        readUpTo,
        unread: unread.length,
        mentions: unread.filter((p) => p.mentionedUserIds.includes(me)).length,
        urgentUnread: unread.filter((p) => p.urgent).length,
      };
      changes.push({ kind: 'summary', summary });
    }
    cache.putTimeline(key, { summary, members }, at);
  }
  return { changes };
}

/** The same version of a post as the server has it (what this PC adds, the outbox's id, aside). */
function sameOnServer(a: PostView, b: PostView): boolean {
  return JSON.stringify({ ...a, clientRequestId: '' }) === JSON.stringify({ ...b, clientRequestId: '' });
}
