// Who is in a group (自由グループ), beside its timeline. Its owner adds people of the region (from
// those this PC knows: the server has no directory to search) and removes members; everyone else
// sees the list only. The answer to a change replaces the members the screens hold.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GroupView, TimelinePageView, TimelineRefView } from '../../shared/timeline-views';
import { queryKeys } from '../api/query-keys';
import { useUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { kanaName, writtenName } from '../format/person-name';
import { professionLabel } from '../format/record-labels';
import { useLocale, useMessages } from '../i18n/locale-context';
import { timelineKey, useTimelinePage } from './timeline-queries';

const SHOWN_CANDIDATES = 8;

export function GroupMembersPanel({ groupId, userId, online }: { groupId: string; userId: string; online: boolean }) {
  const t = useMessages();
  const { locale } = useLocale();
  const api = useDesktopApi();
  const client = useQueryClient();
  const timeline: TimelineRefView = { kind: 'group', id: groupId };
  const page = useTimelinePage(timeline);
  // One empty list for every render while the page loads, so the candidates below are not recomputed each time.
  const members = useMemo(() => page.data?.members ?? [], [page.data?.members]);
  const owner = members.some((m) => m.userId === userId && m.owner);
  const [query, setQuery] = useState('');
  const colleagues = useQuery({ queryKey: queryKeys.colleagues, queryFn: () => api.listColleagues(), enabled: owner });

  const changed = (group: GroupView) =>
    client.setQueryData<TimelinePageView>(queryKeys.timeline(timelineKey(timeline)), (held) =>
      held ? { ...held, summary: group.summary, members: group.members } : held,
    );
  const add = useMutation({ mutationFn: (memberId: string) => api.addGroupMember(groupId, memberId), onSuccess: changed });
  const remove = useMutation({ mutationFn: (memberId: string) => api.removeGroupMember(groupId, memberId), onSuccess: changed });
  const error = useUserFacingError(add.error ?? remove.error);

  const candidates = useMemo(() => {
    const needle = query.trim();
    if (needle === '') return [];
    const inGroup = new Set(members.map((m) => m.userId));
    return (colleagues.data ?? [])
      .filter((c) => !inGroup.has(c.userId))
      .filter((c) => [writtenName(c.name), kanaName(c.name), c.facilityName].some((text) => text.replace(/\s/gu, '').includes(needle.replace(/\s/gu, ''))))
      .slice(0, SHOWN_CANDIDATES);
  }, [colleagues.data, members, query]);

  return (
    <section className="group-members" aria-labelledby="group-members-title">
      <h2 id="group-members-title" className="group-members__title">
        {t('groupMembersTitle', { count: members.length })}
      </h2>
      <ul className="group-members__list">
        {members.map((member) => (
          <li key={member.userId} className="group-members__row">
            <span>
              <strong>{writtenName(member.name)}</strong> {member.owner ? <span className="tag">{t('groupOwner')}</span> : null}
              <br />
              <span className="muted">
                {professionLabel(member.profession, locale)} · {member.facilityName}
              </span>
            </span>
            {owner && !member.owner ? (
              <button
                type="button"
                className="button button--quiet"
                disabled={!online || remove.isPending}
                aria-label={t('groupRemoveMemberLabel', { name: writtenName(member.name) })}
                onClick={() => remove.mutate(member.userId)}
              >
                {t('groupRemoveMember')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {owner ? (
        <div className="group-members__add">
          <label className="group-members__field">
            <span>{t('groupAddMember')}</span>
            <input type="search" value={query} placeholder={t('groupAddMemberPlaceholder')} onChange={(event) => setQuery(event.target.value)} />
          </label>
          <p className="muted group-members__hint">{t('groupAddMemberHint')}</p>
          {query.trim() !== '' && colleagues.data !== undefined && candidates.length === 0 ? <p className="muted">{t('groupNoCandidates')}</p> : null}
          <ul className="group-members__list" aria-label={t('groupCandidates')}>
            {candidates.map((person) => (
              <li key={person.userId} className="group-members__row">
                <span>
                  <strong>{writtenName(person.name)}</strong>
                  <br />
                  <span className="muted">
                    {professionLabel(person.profession, locale)} · {person.facilityName}
                  </span>
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={!online || add.isPending}
                  aria-label={t('groupAddMemberLabel', { name: writtenName(person.name) })}
                  onClick={() => add.mutate(person.userId, { onSuccess: () => setQuery('') })}
                >
                  {t('groupAdd')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted group-members__hint">{t('groupOnlyOwnerChanges')}</p>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}
