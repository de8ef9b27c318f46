// Reading and writing the contact timeline. What the core pushes (a post arrived, someone read,
// the user left a timeline) is applied to what the screens hold: a post to its timeline's page,
// anything else by reading again. The inbox's counts are read again on every change.
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { EditPostInput, PostView, SoapSectionName, TimelinePageView, TimelineRefView, WritePostInput } from '../../shared/timeline-views';
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

function postChanged(client: QueryClient, post: PostView): void {
  client.setQueryData<TimelinePageView>(queryKeys.timeline(timelineKey(post.timeline)), (page) => (page ? placePost(page, post) : page));
  void client.invalidateQueries({ queryKey: queryKeys.inbox });
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
            postChanged(client, change.post);
            break;
          case 'read':
          case 'summary':
          case 'left':
            void client.invalidateQueries({ queryKey: queryKeys.timelines });
            break;
          case 'reset':
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
