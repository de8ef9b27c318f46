// Reading and writing the contact timeline. What the core pushes (a post arrived, someone read,
// a timeline's counts moved, the user left a timeline) is applied to what the screens hold — the
// one page it concerns and the inbox's row — without asking the core again; only what a change
// does not carry is read again (the outbox's counts, a reset, a page the user can no longer see).
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  EditPostInput,
  InboxView,
  PostView,
  SoapSectionName,
  TimelinePageView,
  TimelineRefView,
  TimelineSummaryView,
  WritePostInput,
} from '../../shared/timeline-views';
import { inboxOrder } from '../../shared/timeline-views';
import { queryKeys } from '../api/query-keys';
import { useDesktopApi } from '../app/desktop-api-context';

export const timelineKey = (timeline: TimelineRefView) => `${timeline.kind}:${timeline.id}`;

export function useTimelinePage(timeline: TimelineRefView) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.timeline(timelineKey(timeline)), queryFn: () => api.readTimeline(timeline) });
}

export function useInbox() {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.inbox, queryFn: () => api.listTimelines() });
}

/** A post (new, edited, confirmed, sent from the outbox) replaces its older copy on the page it belongs to. */
function placePost(page: TimelinePageView, post: PostView): TimelinePageView {
  const others = page.posts.filter((p) => p.postId !== post.postId && !(post.clientRequestId !== '' && p.clientRequestId === post.clientRequestId));
  const older = page.posts.find((p) => p.postId === post.postId);
  // Versions only go forward: a late copy of an older version is not shown over a newer one.
  if (older && older.delivery === 'sent' && post.delivery === 'sent' && older.version > post.version) return page;
  const posts = [...others, post].sort((a, b) => (a.seq === 0 ? Number.MAX_SAFE_INTEGER : a.seq) - (b.seq === 0 ? Number.MAX_SAFE_INTEGER : b.seq));
  return { ...page, posts };
}

/** A post written here (or sent from the outbox): its page, and the inbox read again (the outbox's counts are the core's). */
function postChanged(client: QueryClient, post: PostView): void {
  placeOnPage(client, post);
  void client.invalidateQueries({ queryKey: queryKeys.inbox });
}

function placeOnPage(client: QueryClient, post: PostView): void {
  client.setQueryData<TimelinePageView>(queryKeys.timeline(timelineKey(post.timeline)), (page) => (page ? placePost(page, post) : page));
}

/** A timeline's counts moved: its inbox row and its page's summary (the outbox count held stays: the change has none). */
function summaryChanged(client: QueryClient, summary: TimelineSummaryView): void {
  const key = timelineKey(summary.timeline);
  let listed = true;
  client.setQueryData<InboxView>(queryKeys.inbox, (inbox) => {
    if (!inbox) return inbox;
    const row = inbox.timelines.find((t) => timelineKey(t.timeline) === key);
    if (!row) {
      listed = false;
      return inbox;
    }
    const timelines = inbox.timelines.map((t) => (t === row ? { ...summary, pending: row.pending } : t)).sort(inboxOrder);
    return { ...inbox, timelines };
  });
  // A timeline new to the inbox: its outbox count is not known here.
  if (!listed) void client.invalidateQueries({ queryKey: queryKeys.inbox });
  client.setQueryData<TimelinePageView>(queryKeys.timeline(key), (page) => (page ? { ...page, summary: { ...summary, pending: page.summary.pending } } : page));
}

/** A member's read marker (never back): 既読 on the open page. */
function readMoved(client: QueryClient, timeline: TimelineRefView, userId: string, readUpTo: number): void {
  client.setQueryData<TimelinePageView>(queryKeys.timeline(timelineKey(timeline)), (page) =>
    page ? { ...page, members: page.members.map((m) => (m.userId === userId && m.readUpTo < readUpTo ? { ...m, readUpTo } : m)) } : page,
  );
}

/** The user can no longer see the timeline: it leaves the inbox, and an open page reads again (and says why). */
function timelineLeft(client: QueryClient, timeline: TimelineRefView): void {
  const key = timelineKey(timeline);
  client.setQueryData<InboxView>(queryKeys.inbox, (inbox) =>
    inbox ? { ...inbox, timelines: inbox.timelines.filter((t) => timelineKey(t.timeline) !== key) } : inbox,
  );
  void client.invalidateQueries({ queryKey: queryKeys.timeline(key) });
}

/** Keeps what the screens hold in step with what the core pushes. Mounted once, by the frame. */
export function useTimelineEvents(): void {
  const api = useDesktopApi();
  const client = useQueryClient();
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type !== 'timeline') return;
        const change = event.change;
        switch (change.kind) {
          case 'post':
            // Someone else's post comes with a summary change; one from this PC's outbox moves counts only the core knows.
            if (change.post.clientRequestId !== '') postChanged(client, change.post);
            else placeOnPage(client, change.post);
            break;
          case 'read':
            readMoved(client, change.timeline, change.userId, change.readUpTo);
            break;
          case 'summary':
            summaryChanged(client, change.summary);
            break;
          case 'left':
            timelineLeft(client, change.timeline);
            break;
          case 'reset':
            // Everything may have changed.
            void client.invalidateQueries({ queryKey: queryKeys.timelines });
            break;
        }
      }),
    [api, client],
  );
}

export function useWritePost() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: WritePostInput) => api.writePost(input), onSuccess: (post) => postChanged(client, post) });
}

export function useEditPost() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: EditPostInput) => api.editPost(input), onSuccess: (post) => postChanged(client, post) });
}

export function useRetractPost() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ post }: { post: PostView }) => api.retractPost(post.timeline, post.postId, post.version),
    onSuccess: (post) => postChanged(client, post),
  });
}

export function useConfirmPost() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({ mutationFn: (post: PostView) => api.confirmPost(post.timeline, post.postId), onSuccess: (post) => postChanged(client, post) });
}

export function useCancelPendingPost() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (post: PostView) => api.cancelPendingPost(post.clientRequestId),
    onSuccess: (_, post) => {
      client.setQueryData<TimelinePageView>(queryKeys.timeline(timelineKey(post.timeline)), (page) =>
        page ? { ...page, posts: page.posts.filter((p) => p.clientRequestId !== post.clientRequestId || p.delivery === 'sent') } : page,
      );
      void client.invalidateQueries({ queryKey: queryKeys.inbox });
    },
  });
}

export function usePostReaders(post: PostView) {
  const api = useDesktopApi();
  return useQuery({ queryKey: queryKeys.postReaders(timelineKey(post.timeline), post.postId), queryFn: () => api.getPostReaders(post.timeline, post.postId) });
}

export function usePromotePosts() {
  const api = useDesktopApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ patientId, postIds, section }: { patientId: string; postIds: string[]; section: SoapSectionName }) =>
      api.promotePostsToNote(patientId, postIds, section),
    onSuccess: (_, { patientId }) => {
      void client.invalidateQueries({ queryKey: queryKeys.timeline(timelineKey({ kind: 'patient', id: patientId })) });
      void client.invalidateQueries({ queryKey: queryKeys.notes(patientId) });
      void client.invalidateQueries({ queryKey: queryKeys.overview(patientId) });
    },
  });
}
