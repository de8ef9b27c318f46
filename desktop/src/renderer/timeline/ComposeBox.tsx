// Writing a post: the text (line breaks kept), 至急 and 確認依頼, @ to mention a member (completed
// from the timeline's members, by name or kana reading), a reply to one post, and photos or PDFs
// dropped on the box or picked. Ctrl+Enter posts. With the server out of reach the post is kept
// on this PC as 未送信 and sent when it returns. What is being written is kept over a screen lock
// (KeptState, per timeline), so a post half-typed before walking away is there after unlocking.
import { useId, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { nameMatches } from '@renkei/proto/japanese-search';
import type { StagedFileView, UserFacingError } from '../../shared/desktop-api';
import type { PostView, TimelineMemberView, TimelineRefView } from '../../shared/timeline-views';
import { fieldProblem, toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { useKeptState } from '../app/kept-state';
import { formatFileSize } from '../chart/documents/upload-form';
import { useFileDrop } from '../chart/documents/use-file-drop';
import { localError } from '../chart/shared/local-error';
import { ErrorNotice } from '../components/ErrorNotice';
import { writtenName } from '../format/person-name';
import { professionLabel } from '../format/record-labels';
import { useLocale, useMessages } from '../i18n/locale-context';
import { useWritePost } from './timeline-queries';

const ACCEPTED = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

interface ComposeBoxProps {
  timeline: TimelineRefView;
  members: readonly TimelineMemberView[];
  myUserId: string;
  /** The server answers: else the post waits in the outbox. */
  online: boolean;
  replyTo: PostView | null;
  onCancelReply(): void;
  onPosted(post: PostView): void;
}

/**
 * The @word being typed just before the caret, if any. Japanese puts no space before it (「確認します。@児玉」);
 * only an @ inside a Latin word or an e-mail address (foo@example) is not a mention.
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[^A-Za-z0-9._%+-])[@＠]([^\s@＠]*)$/u.exec(before);
  return match ? { start: caret - match[2]!.length - 1, query: match[2]! } : null;
}

export function ComposeBox({ timeline, members, myUserId, online, replyTo, onCancelReply, onPosted }: ComposeBoxProps) {
  const api = useDesktopApi();
  const write = useWritePost();
  const t = useMessages();
  const { locale } = useLocale();
  const ids = useId();
  const draft = `compose:${timeline.kind}:${timeline.id}`;
  const [body, setBody] = useKeptState(`${draft}:body`, '');
  const [urgent, setUrgent] = useKeptState(`${draft}:urgent`, false);
  const [asksConfirmation, setAsksConfirmation] = useKeptState(`${draft}:asksConfirmation`, false);
  const [mentioned, setMentioned] = useKeptState<readonly string[]>(`${draft}:mentioned`, []);
  const [files, setFiles] = useKeptState<readonly StagedFileView[]>(`${draft}:files`, []);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [completion, setCompletion] = useState<{ start: number; query: string } | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const text = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  const candidates =
    completion === null ? [] : members.filter((m) => m.userId !== myUserId && (completion.query === '' || nameMatches(m.name, completion.query))).slice(0, 8);

  const stage = async (dropped: File[]) => {
    setError(null);
    for (const file of dropped) {
      try {
        const staged = await api.stageDroppedFile(file);
        setFiles((current) => [...current, staged]);
      } catch (thrown) {
        setError(toUserFacingError(thrown));
      }
    }
  };
  const drop = useFileDrop((dropped) => void stage(dropped));

  const choose = (member: TimelineMemberView) => {
    if (completion === null) return;
    const caret = text.current?.selectionStart ?? body.length;
    const inserted = `@${writtenName(member.name)} `;
    const next = body.slice(0, completion.start) + inserted + body.slice(caret);
    setBody(next);
    setMentioned((current) => (current.includes(member.userId) ? current : [...current, member.userId]));
    setCompletion(null);
    const at = completion.start + inserted.length;
    requestAnimationFrame(() => text.current?.setSelectionRange(at, at));
  };

  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    const value = event.currentTarget.value;
    setBody(value);
    setCompletion(mentionQuery(value, event.currentTarget.selectionStart));
    setHighlighted(0);
  };

  const send = () => {
    if (body.trim() === '' && files.length === 0) {
      setError(localError('POST_EMPTY', 'composeEmpty'));
      return;
    }
    setError(null);
    // A mention whose name was deleted from the text is not sent.
    const stillMentioned = mentioned.filter((id) => {
      const member = members.find((m) => m.userId === id);
      return member !== undefined && body.includes(`@${writtenName(member.name)}`);
    });
    write.mutate(
      {
        timeline,
        body,
        urgent,
        asksConfirmation,
        mentionedUserIds: stillMentioned,
        replyToPostId: replyTo?.postId ?? '',
        stagedFileIds: files.map((f) => f.stagedFileId),
      },
      {
        onSuccess: (post) => {
          setBody('');
          setUrgent(false);
          setAsksConfirmation(false);
          setMentioned([]);
          setFiles([]);
          onPosted(post);
        },
        onError: (thrown) => setError(toUserFacingError(thrown)),
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (candidates.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setHighlighted((i) => (i + (event.key === 'ArrowDown' ? 1 : candidates.length - 1)) % candidates.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        choose(candidates[highlighted] ?? candidates[0]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setCompletion(null);
        return;
      }
    }
  };

  const bodyProblem = fieldProblem(error, 'body', locale);

  return (
    <form
      className={`compose${drop.active ? ' compose--drop-target' : ''}`}
      aria-label={t('composeLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      // Ctrl+Enter posts from anywhere in the box: the text, a flag just ticked, the attach button.
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
          event.preventDefault();
          send();
        }
      }}
      {...drop.handlers}
    >
      {replyTo !== null ? (
        <p className="compose__reply">
          {t('composeReplyingTo', { author: writtenName(replyTo.author.name) })}
          <button type="button" className="button button--quiet button--small" onClick={onCancelReply}>
            {t('composeCancelReply')}
          </button>
        </p>
      ) : null}
      <div className="compose__text">
        <textarea
          ref={text}
          id={`${ids}-body`}
          className="compose__input"
          rows={3}
          value={body}
          placeholder={t(timeline.kind === 'group' ? 'groupComposePlaceholder' : 'composePlaceholder')}
          aria-label={t('composeLabel')}
          aria-invalid={bodyProblem !== null}
          aria-describedby={bodyProblem !== null ? `${ids}-body-problem` : undefined}
          aria-autocomplete="list"
          aria-controls={candidates.length > 0 ? `${ids}-mentions` : undefined}
          aria-expanded={candidates.length > 0}
          onChange={onChange}
          onKeyDown={onKeyDown}
          onBlur={() => window.setTimeout(() => setCompletion(null), 150)}
        />
        {bodyProblem !== null ? (
          <p id={`${ids}-body-problem`} className="field__problem">
            {bodyProblem}
          </p>
        ) : null}
        {completion !== null ? (
          <ul id={`${ids}-mentions`} role="listbox" aria-label={t('mentionSuggestions')} className="compose__mentions">
            {candidates.length === 0 ? <li className="muted">{t('mentionNone')}</li> : null}
            {candidates.map((member, index) => (
              <li
                key={member.userId}
                role="option"
                aria-selected={index === highlighted}
                className={`compose__mention${index === highlighted ? ' compose__mention--active' : ''}`}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(member);
                }}
              >
                <strong>{writtenName(member.name)}</strong> {professionLabel(member.profession, locale)} · {member.facilityName}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {files.length > 0 ? (
        <ul className="compose__files" aria-label={t('composeAttachments')}>
          {files.map((file) => (
            <li key={file.stagedFileId}>
              <span className="user-text">{file.fileName}</span> <span className="muted">{formatFileSize(file.size)}</span>
              <button
                type="button"
                className="button button--quiet button--small"
                aria-label={t('composeRemoveAttachment', { name: file.fileName })}
                onClick={() => {
                  setFiles((current) => current.filter((f) => f.stagedFileId !== file.stagedFileId));
                  void api.discardStagedFile(file.stagedFileId).catch(() => undefined);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNotice error={bodyProblem === null ? error : null} />
      <div className="compose__bar">
        <label className="compose__flag compose__flag--urgent" title={t('composeUrgentHint')}>
          <input type="checkbox" checked={urgent} onChange={(event) => setUrgent(event.currentTarget.checked)} />
          {t('composeUrgent')}
        </label>
        <label className="compose__flag" title={t('composeAsksConfirmationHint')}>
          <input type="checkbox" checked={asksConfirmation} onChange={(event) => setAsksConfirmation(event.currentTarget.checked)} />
          {t('composeAsksConfirmation')}
        </label>
        <button type="button" className="button button--quiet" onClick={() => picker.current?.click()}>
          {t('composeAttach')}
        </button>
        <span className="compose__hint muted">{drop.active ? t('composeDropHint') : t('composeCtrlEnter')}</span>
        <button type="submit" className="button button--primary" disabled={write.isPending}>
          {online ? t('composeSend') : t('composeSendOffline')}
        </button>
      </div>
      <input
        ref={picker}
        type="file"
        multiple
        accept={ACCEPTED}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const picked = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          if (picked.length > 0) void stage(picked);
        }}
      />
    </form>
  );
}
