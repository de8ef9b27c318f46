// One timeline (a patient's 連絡帳, or a group's): the posts in the order they were written, newest
// at the bottom, with each post's replies under it — read top to bottom like the paper notebook
// at the patient's home, with the compose box beside the newest post. A post counts as read when
// it has been on screen (not when it arrived): the user's marker follows what was shown. Offline,
// the posts kept on this PC are shown with their age, and new posts wait as 未送信.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { UserFacingError, UserView } from '../../shared/desktop-api';
import type { PostView, SoapSectionName, TimelineRefView } from '../../shared/timeline-views';
import { toUserFacingError, useUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { useNow } from '../app/use-now';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatInstant } from '../format/clock-time';
import { useLocale, useMessages } from '../i18n/locale-context';
import { ComposeBox } from './ComposeBox';
import { FileAttachmentDialog } from './FileAttachmentDialog';
import { EditPostDialog, PromoteDialog, ReadersDialog, RetractPostDialog } from './PostDialogs';
import { PostItem, type PostActions } from './PostItem';
import { useCancelPendingPost, useConfirmPost, usePromotePosts, useTimelinePage } from './timeline-queries';
import './timeline.css';

interface TimelineViewProps {
  timeline: TimelineRefView;
  user: UserView;
  /** The server answers (writes other than new posts need it). */
  online: boolean;
  /** A patient's timeline where the user may write progress notes: posts can be promoted. */
  canPromote: boolean;
  /** Opens an attachment (the chart's viewer). */
  onOpenAttachment(post: PostView, attachmentId: string): void;
  /** A patient's timeline: the document types the user may file its attachments as (none: no filing). */
  fileTypes?: readonly string[];
  /** Said after a promotion. */
  onNotice(message: string): void;
}

type Open = { kind: 'readers' | 'edit' | 'retract'; post: PostView } | { kind: 'file'; post: PostView; attachmentId: string } | null;

export function TimelineView({ timeline, user, online, canPromote, onOpenAttachment, fileTypes = [], onNotice }: TimelineViewProps) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow(15_000);
  const page = useTimelinePage(timeline);
  const error = useUserFacingError(page.error);
  const confirm = useConfirmPost();
  const cancel = useCancelPendingPost();
  const promote = usePromotePosts();
  const [replyTo, setReplyTo] = useState<PostView | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [promoting, setPromoting] = useState(false);
  const [actionError, setActionError] = useState<UserFacingError | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const marked = useRef(0);

  const data = page.data;
  const members = data?.members ?? [];
  const canWrite = data?.summary.canWrite ?? false;

  // Replies sit under the post they answer; a reply whose post is not on this page stands alone.
  const threads = useMemo(() => {
    const posts = data?.posts ?? [];
    const ids = new Set(posts.map((p) => p.postId));
    const roots = posts.filter((p) => p.replyToPostId === '' || !ids.has(p.replyToPostId));
    // A post waiting in the outbox has no id yet: nothing is a reply to it (and it is not its own reply).
    return roots.map((root) => ({ root, replies: root.postId === '' ? [] : posts.filter((p) => p.replyToPostId === root.postId) }));
  }, [data?.posts]);

  // Read = shown: posts that were on screen while the window was visible move the marker.
  useEffect(() => {
    const container = list.current;
    if (!container || !data || data.source !== 'server') return;
    marked.current = Math.max(marked.current, data.summary.readUpTo);
    let seen = marked.current;
    let timer: number | undefined;
    const flush = () => {
      timer = undefined;
      if (seen > marked.current) {
        marked.current = seen;
        // What the marker changes (既読, the inbox's counts) comes back as the core's events.
        void api.markTimelineRead(timeline, seen).catch(() => undefined);
      }
    };
    const observer = new IntersectionObserver(
      (entries) => {
        if (document.visibilityState !== 'visible') return;
        for (const entry of entries) {
          const seq = Number((entry.target as HTMLElement).dataset.seq ?? 0);
          if (entry.isIntersecting && seq > seen) seen = seq;
        }
        if (seen > marked.current && timer === undefined) timer = window.setTimeout(flush, 800);
      },
      { root: null, threshold: 0.6 },
    );
    for (const element of container.querySelectorAll<HTMLElement>('[data-testid="post"][data-seq]')) {
      if (Number(element.dataset.seq) > 0) observer.observe(element);
    }
    return () => {
      observer.disconnect();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [api, data, timeline]);

  // The newest post is in view when the timeline opens and when one arrives.
  const newest = data?.posts.at(-1)?.postId;
  useEffect(() => {
    // The list's own box scrolls, not the page (scrollIntoView would scroll every ancestor).
    const box = list.current;
    if (newest !== undefined && box) box.scrollTop = box.scrollHeight;
  }, [newest]);

  const actions: PostActions = {
    reply: setReplyTo,
    edit: (post) => setOpen({ kind: 'edit', post }),
    retract: (post) => setOpen({ kind: 'retract', post }),
    showReaders: (post) => setOpen({ kind: 'readers', post }),
    confirm: (post) => confirm.mutate(post, { onError: (thrown) => setActionError(toUserFacingError(thrown)) }),
    cancelPending: (post) => cancel.mutate(post, { onError: (thrown) => setActionError(toUserFacingError(thrown)) }),
    openAttachment: onOpenAttachment,
    fileAttachment: (post, attachmentId) => setOpen({ kind: 'file', post, attachmentId }),
  };

  const choose = (post: PostView, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(post.postId);
      else next.delete(post.postId);
      return next;
    });

  const doPromote = (section: SoapSectionName) => {
    if (timeline.kind !== 'patient') return;
    // In the order written, whatever order they were ticked in.
    const postIds = (data?.posts ?? []).filter((p) => selected.has(p.postId)).map((p) => p.postId);
    promote.mutate(
      { patientId: timeline.id, postIds, section },
      {
        onSuccess: (result) => {
          setPromoting(false);
          setSelected(new Set());
          onNotice(result.alreadyPromoted ? t('promotedAlready') : t('promoted'));
        },
      },
    );
  };

  const filing = open?.kind === 'file' ? open.post.attachments.find((a) => a.attachmentId === open.attachmentId) : undefined;
  const promotable = (post: PostView) => canPromote && online && post.delivery === 'sent' && !post.retracted && post.promotedNoteId === '';
  const writable = canWrite && online;
  const item = (post: PostView) => (
    <PostItem
      key={post.postId || post.clientRequestId}
      post={post}
      members={members}
      myUserId={user.id}
      now={now}
      canAct={writable}
      canFile={timeline.kind === 'patient' && online && fileTypes.length > 0 && post.delivery === 'sent' && !post.retracted}
      actions={actions}
      selectable={promotable(post)}
      selected={selected.has(post.postId)}
      onSelect={(on) => choose(post, on)}
      busy={confirm.isPending || cancel.isPending}
    />
  );

  return (
    <section className="timeline" aria-label={t('tabTimeline')}>
      <ErrorNotice error={error} />
      {data?.source === 'cache' ? (
        <p className="timeline__cache" role="note">
          {t('timelineFromCache', { time: data.asOf ? formatInstant(data.asOf, locale, { now }) : '—' })}
        </p>
      ) : null}
      {data === undefined ? (
        error === null ? (
          <p className="muted">{t('loading')}</p>
        ) : null
      ) : (
        <>
          <div className="timeline__posts" ref={list} data-testid="timeline-posts">
            {threads.length === 0 ? <p className="muted timeline__empty">{t(timeline.kind === 'group' ? 'groupTimelineEmpty' : 'timelineEmpty')}</p> : null}
            {threads.map(({ root, replies }) => (
              <div key={root.postId || root.clientRequestId} className="timeline__thread">
                {item(root)}
                {replies.length > 0 ? <div className="timeline__replies">{replies.map(item)}</div> : null}
              </div>
            ))}
          </div>
          <ErrorNotice error={actionError} />
          {selected.size > 0 ? (
            <div className="timeline__selection" role="region" aria-label={t('promoteTitle')}>
              <button type="button" className="button button--primary" onClick={() => setPromoting(true)}>
                {t('promoteSelected', { count: selected.size })}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setSelected(new Set())}>
                {t('clearSelection')}
              </button>
            </div>
          ) : null}
          {canWrite ? (
            <ComposeBox
              timeline={timeline}
              members={members}
              myUserId={user.id}
              online={online}
              replyTo={replyTo}
              onCancelReply={() => setReplyTo(null)}
              onPosted={() => setReplyTo(null)}
            />
          ) : (
            <p className="muted">{t('composeNotWritable')}</p>
          )}
        </>
      )}
      {open?.kind === 'readers' ? <ReadersDialog post={open.post} now={now} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'edit' ? <EditPostDialog post={open.post} members={members} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'retract' ? <RetractPostDialog post={open.post} onClose={() => setOpen(null)} /> : null}
      {filing !== undefined && open?.kind === 'file' && timeline.kind === 'patient' ? (
        <FileAttachmentDialog
          patientId={timeline.id}
          post={open.post}
          attachment={filing}
          documentTypes={fileTypes}
          onFiled={(already) => {
            setOpen(null);
            onNotice(already ? t('attachmentFiledAlready') : t('attachmentFiledNotice'));
          }}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {promoting ? (
        <PromoteDialog
          count={selected.size}
          pending={promote.isPending}
          error={promote.error ? toUserFacingError(promote.error) : null}
          onPromote={doPromote}
          onClose={() => setPromoting(false)}
        />
      ) : null}
    </section>
  );
}
