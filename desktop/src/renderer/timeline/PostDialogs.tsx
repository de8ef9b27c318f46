// The dialogs a post opens: who has read and confirmed it (「既読 n/m」), editing one's own post,
// retracting it, and copying chosen posts into a progress note.
import { useState } from 'react';
import type { UserFacingError } from '../../shared/desktop-api';
import type { PostView, SoapSectionName, TimelineMemberView } from '../../shared/timeline-views';
import { toUserFacingError, useUserFacingError } from '../api/user-facing-error';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatInstant } from '../format/clock-time';
import { writtenName } from '../format/person-name';
import { professionLabel } from '../format/record-labels';
import { useLocale, useMessages } from '../i18n/locale-context';
import { useEditPost, usePostReaders, useRetractPost } from './timeline-queries';
import { useEra } from '../chart/shared/era-preference';

export function ReadersDialog({ post, now, onClose }: { post: PostView; now: Date; onClose(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const readers = usePostReaders(post);
  const error = useUserFacingError(readers.error);
  const era = useEra();
  const clock = { now, era };
  return (
    <Dialog title={t('postReadersTitle')} onClose={onClose} testId="post-readers">
      <ErrorNotice error={error} />
      {readers.data === undefined ? (
        error === null ? (
          <p className="muted">{t('loading')}</p>
        ) : null
      ) : (
        <ul className="readers">
          {readers.data.map((reader) => (
            <li key={reader.member.userId} className={`readers__row${reader.readAt === null ? ' readers__row--unread' : ''}`}>
              <span className="readers__name">{writtenName(reader.member.name)}</span>
              <span className="readers__detail">
                {professionLabel(reader.member.profession, locale)} · {reader.member.facilityName}
              </span>
              <span>{reader.readAt === null ? t('postReaderUnread') : t('postReaderRead', { time: formatInstant(reader.readAt, locale, clock) })}</span>
              {post.asksConfirmation ? (
                <span>
                  {reader.confirmedAt === null
                    ? t('postReaderNotConfirmed')
                    : t('postReaderConfirmed', { time: formatInstant(reader.confirmedAt, locale, clock) })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

export function EditPostDialog({ post, members, onClose }: { post: PostView; members: readonly TimelineMemberView[]; onClose(): void }) {
  const t = useMessages();
  const edit = useEditPost();
  const [body, setBody] = useState(post.body);
  const [error, setError] = useState<UserFacingError | null>(null);
  const save = () =>
    edit.mutate(
      {
        timeline: post.timeline,
        postId: post.postId,
        baseVersion: post.version,
        body,
        // The mentions whose names are still in the text.
        mentionedUserIds: post.mentionedUserIds.filter((id) => {
          const member = members.find((m) => m.userId === id);
          return member !== undefined && body.includes(`@${writtenName(member.name)}`);
        }),
      },
      { onSuccess: onClose, onError: (thrown) => setError(toUserFacingError(thrown)) },
    );
  return (
    <Dialog
      title={t('postEditTitle')}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--primary" disabled={edit.isPending} onClick={save}>
            {t('postEditSave')}
          </button>
        </>
      }
    >
      <textarea className="compose__input" rows={6} value={body} aria-label={t('postEditTitle')} onChange={(event) => setBody(event.currentTarget.value)} />
      <ErrorNotice error={error} />
    </Dialog>
  );
}

export function RetractPostDialog({ post, onClose }: { post: PostView; onClose(): void }) {
  const t = useMessages();
  const retract = useRetractPost();
  const [error, setError] = useState<UserFacingError | null>(null);
  return (
    <ConfirmDialog
      title={t('postRetractTitle')}
      confirmLabel={t('postRetract')}
      danger
      onCancel={onClose}
      onConfirm={() => retract.mutate({ post }, { onSuccess: onClose, onError: (thrown) => setError(toUserFacingError(thrown)) })}
    >
      <p>{t('postRetractBody')}</p>
      <ErrorNotice error={error} />
    </ConfirmDialog>
  );
}

const SECTIONS: readonly SoapSectionName[] = ['subjective', 'objective', 'assessment', 'plan'];
const SECTION_LABEL = { subjective: 'soapSubjectiveLabel', objective: 'soapObjectiveLabel', assessment: 'soapAssessmentLabel', plan: 'soapPlanLabel' } as const;

export function PromoteDialog({
  count,
  pending,
  error,
  onPromote,
  onClose,
}: {
  count: number;
  pending: boolean;
  error: UserFacingError | null;
  onPromote(section: SoapSectionName): void;
  onClose(): void;
}) {
  const t = useMessages();
  const [section, setSection] = useState<SoapSectionName>('objective');
  return (
    <Dialog
      title={t('promoteTitle')}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--primary" disabled={pending} onClick={() => onPromote(section)}>
            {t('promoteConfirm')}
          </button>
        </>
      }
    >
      <p>{t('promoteIntro')}</p>
      <p className="muted">{t('promoteSelected', { count })}</p>
      <fieldset className="promote__sections">
        <legend>{t('promoteSection')}</legend>
        {SECTIONS.map((name) => (
          <label key={name}>
            <input type="radio" name="promote-section" checked={section === name} onChange={() => setSection(name)} />
            {t(SECTION_LABEL[name])}
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={error} />
    </Dialog>
  );
}
