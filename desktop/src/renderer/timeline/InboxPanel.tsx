// The inbox beside the patient list: every timeline with something the user has not seen —
// urgent ones first, then the newest — with how many posts are unread, how many name the user,
// and how many of the user's own wait unsent on this PC. A patient's opens the chart at 連絡帳; a
// group's opens the group. A new group is made here, and opens once made.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TimelineRefView, TimelineSummaryView } from '../../shared/timeline-views';
import { useUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { useNow } from '../app/use-now';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatRelative } from '../format/relative-time';
import { useLocale, useMessages } from '../i18n/locale-context';
import { useInbox } from './timeline-queries';
import './timeline.css';

export function InboxPanel({ onOpen }: { onOpen(timeline: TimelineRefView): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const inbox = useInbox();
  const error = useUserFacingError(inbox.error);
  const [creating, setCreating] = useState(false);
  const waiting = (inbox.data?.timelines ?? []).filter((s) => s.unread > 0 || s.pending > 0 || s.timeline.kind === 'group');
  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <h2 id="inbox-title" className="inbox__title">
        {t('inboxTitle')}
      </h2>
      <ErrorNotice error={error} />
      {creating ? (
        <NewGroupForm
          onCreated={(timeline) => {
            setCreating(false);
            onOpen(timeline);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <button type="button" className="button button--quiet inbox__new-group" onClick={() => setCreating(true)}>
          {t('groupCreate')}
        </button>
      )}
      {inbox.data !== undefined && waiting.length === 0 ? <p className="muted">{t('inboxEmpty')}</p> : null}
      <ul className="inbox__list">
        {waiting.map((summary) => (
          <li key={`${summary.timeline.kind}:${summary.timeline.id}`}>
            <button type="button" className={`inbox__row${summary.urgentUnread > 0 ? ' inbox__row--urgent' : ''}`} onClick={() => onOpen(summary.timeline)}>
              <span className="inbox__name">
                {summary.timeline.kind === 'group' ? <span className="tag">{t('inboxGroup')}</span> : null} {summary.title}
              </span>
              <span className="inbox__counts">
                {summary.urgentUnread > 0 ? <span className="tag tag--urgent">{t('inboxUrgent', { count: summary.urgentUnread })}</span> : null}
                {summary.mentions > 0 ? <span className="tag tag--confirm">{t('inboxMentions', { count: summary.mentions })}</span> : null}
                {summary.unread > 0 ? <span className="chart-tabs__badge">{summary.unread}</span> : null}
                {summary.pending > 0 ? <span className="tag tag--pending">{t('inboxPending', { count: summary.pending })}</span> : null}
              </span>
              <span className="inbox__excerpt muted user-text">
                {excerpt(summary)}
                {summary.lastPostedAt !== null ? ` · ${formatRelative(summary.lastPostedAt, locale, now, t('relativeJustNow'))}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function excerpt(summary: TimelineSummaryView): string {
  return summary.lastPostExcerpt.replace(/\s+/gu, ' ');
}

/** A new group: its name; the user owns it and adds members once it is open. */
function NewGroupForm({ onCreated, onCancel }: { onCreated(timeline: TimelineRefView): void; onCancel(): void }) {
  const t = useMessages();
  const api = useDesktopApi();
  const [title, setTitle] = useState('');
  const create = useMutation({ mutationFn: (name: string) => api.createGroup(name), onSuccess: (group) => onCreated(group.summary.timeline) });
  const error = useUserFacingError(create.error);
  return (
    <form
      className="inbox__new-group-form"
      aria-label={t('groupCreate')}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(title);
      }}
    >
      <label className="group-members__field">
        <span>{t('groupName')}</span>
        <input value={title} maxLength={60} placeholder={t('groupNamePlaceholder')} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <p className="muted group-members__hint">{t('groupCreateHint')}</p>
      <ErrorNotice error={error} />
      <div className="inbox__new-group-actions">
        <button type="submit" className="button" disabled={create.isPending}>
          {t('groupCreateSubmit')}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
