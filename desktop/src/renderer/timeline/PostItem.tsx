// One post as the team reads it: who (name, profession, office, as they were), when (「5分前」,
// the full Japan time on hover), 至急 and 確認依頼, the text with its line breaks, who it was for,
// the attachments (name, kind, size; 開く in the document viewer, and on a patient's timeline, for
// a role that may file documents, 「カルテの文書に登録」), and what happened to it since: edited,
// retracted (who and when), confirmed, copied into a progress note. 「既読 n/m」 opens who read it and when. The author edits and
// retracts; the others confirm. A post still in this PC's outbox says 未送信 and can be withdrawn.
import type { PostView, TimelineMemberView } from '../../shared/timeline-views';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatFileSize } from '../chart/documents/upload-form';
import { AuthorLine } from '../chart/shared/AuthorLine';
import { formatInstant } from '../format/clock-time';
import { writtenName } from '../format/person-name';
import { formatRelative } from '../format/relative-time';
import { useLocale, useMessages } from '../i18n/locale-context';
import { useEra } from '../chart/shared/era-preference';

export interface PostActions {
  reply(post: PostView): void;
  edit(post: PostView): void;
  retract(post: PostView): void;
  confirm(post: PostView): void;
  cancelPending(post: PostView): void;
  showReaders(post: PostView): void;
  openAttachment(post: PostView, attachmentId: string): void;
  fileAttachment(post: PostView, attachmentId: string): void;
}

interface PostItemProps {
  post: PostView;
  members: readonly TimelineMemberView[];
  myUserId: string;
  now: Date;
  /** Writes are possible (online, and the user may post here). */
  canAct: boolean;
  /** Its attachments may be filed into the chart (a patient's timeline, a role that files documents, online). */
  canFile: boolean;
  actions: PostActions;
  /** Promotion to a progress note: whether this post may be chosen, and whether it is. */
  selectable: boolean;
  selected: boolean;
  onSelect(selected: boolean): void;
  busy: boolean;
}

function nameOf(members: readonly TimelineMemberView[], userId: string): string {
  const member = members.find((m) => m.userId === userId);
  return member ? writtenName(member.name) : '';
}

/** 'application/pdf' → 'PDF', 'image/jpeg' → 'JPEG'. */
const kindOf = (mediaType: string) => (mediaType.split('/')[1] ?? '').toUpperCase();

export function PostItem({ post, members, myUserId, now, canAct, canFile, actions, selectable, selected, onSelect, busy }: PostItemProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const mine = post.author.userId === myUserId;
  const sent = post.delivery === 'sent';
  const era = useEra();
  const clock = { now, era };
  const when = (iso: string) => formatRelative(iso, locale, now, t('relativeJustNow'));
  const audience = members.filter((m) => m.userId !== post.author.userId);
  const readers = audience.filter((m) => m.readUpTo >= post.seq);
  const confirmedByMe = post.confirmations.find((c) => c.userId === myUserId);
  const mentions = post.mentionedUserIds.map((id) => nameOf(members, id)).filter((name) => name !== '');

  return (
    <article
      className={`post${post.urgent && !post.retracted ? ' post--urgent' : ''}${post.replyToPostId ? ' post--reply' : ''}${sent ? '' : ' post--pending'}`}
      data-testid="post"
      data-post-id={post.postId}
      data-seq={post.seq}
      aria-label={writtenName(post.author.name)}
    >
      <header className="post__head">
        {selectable ? (
          <input
            type="checkbox"
            className="post__select"
            checked={selected}
            onChange={(event) => onSelect(event.currentTarget.checked)}
            aria-label={t('postSelectForPromotion')}
          />
        ) : null}
        <AuthorLine author={post.author} you={mine} />
        <time className="post__time" dateTime={post.postedAt} title={formatInstant(post.postedAt, locale, clock)}>
          {when(post.postedAt)}
        </time>
        {post.urgent && !post.retracted ? <span className="tag tag--urgent">{t('postUrgent')}</span> : null}
        {post.asksConfirmation && !post.retracted ? <span className="tag tag--confirm">{t('postAsksConfirmation')}</span> : null}
        {post.version > 1 && !post.retracted ? (
          <span className="tag" title={formatInstant(post.editedAt, locale, clock)}>
            {t('postEdited', { version: post.version })}
          </span>
        ) : null}
      </header>

      {post.retracted ? (
        <p className="post__retracted">{t('postRetracted', { author: writtenName(post.author.name), time: formatInstant(post.editedAt, locale, clock) })}</p>
      ) : (
        <>
          {mentions.length > 0 ? <p className="post__mentions">{mentions.map((name) => `@${name}`).join('　')}</p> : null}
          <p className="post__body user-text">{post.body}</p>
          {post.attachments.length > 0 ? (
            <ul className="post__attachments">
              {post.attachments.map((attachment) => (
                <li key={attachment.attachmentId} className="post__attachment">
                  <span className="user-text">{attachment.fileName}</span>
                  <span className="post__attachment-facts muted">
                    {kindOf(attachment.mediaType)}
                    {attachment.pageCount > 1 ? ` · ${t('attachmentPages', { count: attachment.pageCount })}` : ''} · {formatFileSize(attachment.size)}
                  </span>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => actions.openAttachment(post, attachment.attachmentId)}
                    aria-label={t('attachmentOpen', { name: attachment.fileName })}
                  >
                    {t('attachmentOpenShort')}
                  </button>
                  {attachment.filedDocumentId !== '' ? (
                    <span className="tag tag--done">{t('attachmentFiled')}</span>
                  ) : canFile ? (
                    <button
                      type="button"
                      className="button button--quiet button--small"
                      aria-label={t('attachmentFileNamed', { name: attachment.fileName })}
                      onClick={() => actions.fileAttachment(post, attachment.attachmentId)}
                    >
                      {t('attachmentFile')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {post.pendingFiles.length > 0 ? (
            <ul className="post__attachments" aria-label={t('postPendingFiles')}>
              {post.pendingFiles.map((file, index) => (
                <li key={index} className="post__attachment">
                  <span className="user-text">{file.fileName}</span>
                  <span className="post__attachment-facts muted">{formatFileSize(file.size)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}

      {post.promotedNoteId !== '' && post.promotedBy !== null ? (
        <p className="post__promoted">
          {t('postPromoted', { author: writtenName(post.promotedBy.name), time: formatInstant(post.promotedAt ?? '', locale, clock) })}
        </p>
      ) : null}

      {post.delivery !== 'sent' ? (
        <div className="post__outbox" role="status">
          <span className={`tag ${post.delivery === 'refused' ? 'tag--danger' : 'tag--pending'}`} title={t('postPendingHint')}>
            {post.delivery === 'pending' ? t('postPending') : t('postRefused')}
          </span>
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => actions.cancelPending(post)}>
            {t('postCancelPending')}
          </button>
          <ErrorNotice error={post.error} />
        </div>
      ) : (
        <footer className="post__foot">
          <button type="button" className="link-button post__readers" onClick={() => actions.showReaders(post)}>
            {t('postReadCount', { read: readers.length, total: audience.length })}
            {post.asksConfirmation && !post.retracted ? ` · ${t('postConfirmations', { confirmed: post.confirmations.length, total: audience.length })}` : ''}
          </button>
          {!post.retracted && canAct ? (
            <span className="post__actions">
              {post.asksConfirmation && !mine ? (
                confirmedByMe ? (
                  <span className="tag tag--done">{t('postConfirmedByMe', { time: formatInstant(confirmedByMe.confirmedAt, locale, clock) })}</span>
                ) : (
                  <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => actions.confirm(post)}>
                    {t('postConfirm')}
                  </button>
                )
              ) : null}
              {post.replyToPostId === '' ? (
                <button type="button" className="button button--quiet button--small" onClick={() => actions.reply(post)}>
                  {t('postReply')}
                </button>
              ) : null}
              {mine ? (
                <>
                  <button type="button" className="button button--quiet button--small" onClick={() => actions.edit(post)}>
                    {t('postEdit')}
                  </button>
                  <button type="button" className="button button--quiet button--small" onClick={() => actions.retract(post)}>
                    {t('postRetract')}
                  </button>
                </>
              ) : null}
            </span>
          ) : null}
        </footer>
      )}
    </article>
  );
}
