// The user's patients, searched as they type (kanji, hiragana or katakana; the core applies the
// shared Japanese search rule). Built for the keyboard: ↓ from the search box into the list, ↑/↓
// within it, Enter opens, Esc goes back to the search box.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { queryKeys } from '../api/query-keys';
import { useUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { useNow } from '../app/use-now';
import { ErrorNotice } from '../components/ErrorNotice';
import { PersonNameView } from '../components/PersonNameView';
import { ageOn, calendarDateOf, isFullDate, parseCalendarDate } from '../format/calendar-date';
import { formatInstant } from '../format/clock-time';
import { careLevelLabel, careTeamRoleLabel, sexLabel } from '../format/record-labels';
import { useLocale, useMessages } from '../i18n/locale-context';
import type { TimelineRefView } from '../../shared/timeline-views';
import { InboxPanel } from '../timeline/InboxPanel';
import { RegionalNumber, SameNameWarning } from '../chart/overview/PatientIdentity';
import { formatRecordDay } from '../chart/shared/chart-dates';
import { useEraPreference } from '../chart/shared/era-preference';
import { ArchivedPatientSearch } from '../patients/ArchivedPatientSearch';
import { useSameNamePatients } from '../patients/same-name';
import { PatientListMarks } from './PatientListMarks';
import { useInbox } from '../timeline/timeline-queries';
import './patient-list.css';

export const SEARCH_DEBOUNCE_MS = 200;

interface PatientListScreenProps {
  query: string;
  onQueryChange(query: string): void;
  onOpen(patientId: string): void;
  /** Opens a timeline from the inbox. */
  onOpenTimeline(timeline: TimelineRefView): void;
  /** The patient whose overview was just closed: focus returns to their row. */
  returnFocusTo: string | null;
}

export function PatientListScreen({ query, onQueryChange, onOpen, onOpenTimeline, returnFocusTo }: PatientListScreenProps) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const searchText = useSettledText(query);
  // The list stays while the next search runs, so typing does not flash "loading".
  const search = useQuery({
    queryKey: queryKeys.patientSearch(searchText),
    queryFn: async () => ({ ...(await api.searchPatients(searchText)), searchedFor: searchText }),
    placeholderData: keepPreviousData,
  });
  const patients = search.data?.patients ?? null;
  const asOf = search.data?.asOf ?? null;
  const searchedFor = search.data?.searchedFor ?? '';
  const error = useUserFacingError(search.error);
  const inbox = useInbox();
  const sameName = useSameNamePatients();
  const [era] = useEraPreference();
  const unreadOf = new Map((inbox.data?.timelines ?? []).filter((s) => s.timeline.kind === 'patient').map((s) => [s.timeline.id, s]));
  const [activeIndex, setActiveIndex] = useState(0);
  const searchBox = useRef<HTMLInputElement>(null);
  const rows = useRef<(HTMLButtonElement | null)[]>([]);
  const focusPending = useRef(returnFocusTo);

  // A new list starts the keyboard at its first row.
  const [listShown, setListShown] = useState(search.data);
  if (listShown !== search.data) {
    setListShown(search.data);
    setActiveIndex(0);
  }

  useEffect(() => {
    if (patients === null) return;
    const target = focusPending.current;
    focusPending.current = null;
    const index = target === null ? -1 : patients.findIndex((p) => p.id === target);
    if (index >= 0) {
      setActiveIndex(index);
      rows.current[index]?.focus();
    } else if (target !== null) {
      searchBox.current?.focus();
    }
  }, [patients]);

  const today = calendarDateOf(now);
  const ageText = (birthDate: string) => {
    const birth = parseCalendarDate(birthDate);
    return birth !== null && isFullDate(birth) ? t('ageYears', { years: ageOn(birth, today) }) : '';
  };

  const focusRow = (index: number) => {
    const count = patients?.length ?? 0;
    if (count === 0) return;
    const clamped = Math.max(0, Math.min(count - 1, index));
    setActiveIndex(clamped);
    rows.current[clamped]?.focus();
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      focusRow(0);
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      onQueryChange('');
    }
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusRow(index + 1),
      ArrowUp: () => (index === 0 ? searchBox.current?.focus() : focusRow(index - 1)),
      Home: () => focusRow(0),
      End: () => focusRow(Number.MAX_SAFE_INTEGER),
      PageDown: () => focusRow(index + 10),
      PageUp: () => focusRow(index - 10),
      Escape: () => searchBox.current?.focus(),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  };

  return (
    <section className="patient-list-screen" aria-labelledby="patient-list-title">
      <div className="patient-list-screen__head">
        <h1 id="patient-list-title">{t('patientListTitle')}</h1>
        <div className="patient-list-screen__meta" aria-live="polite">
          {patients !== null ? t('patientCount', { count: patients.length }) : t('loading')}
          {asOf !== null ? <span className="muted"> · {t('asOfTime', { time: formatInstant(asOf, locale, { now }) })}</span> : null}
        </div>
      </div>
      <div className="search">
        <label htmlFor="patient-search" className="search__label">
          {t('searchLabel')}
        </label>
        <div className="search__row">
          <input
            id="patient-search"
            ref={searchBox}
            type="search"
            className="search__input"
            value={query}
            placeholder={t('searchPlaceholder')}
            onChange={(e) => onQueryChange(e.currentTarget.value)}
            onKeyDown={onSearchKeyDown}
            autoComplete="off"
            spellCheck={false}
            autoFocus={returnFocusTo === null}
            aria-describedby="patient-search-hint"
            aria-controls="patient-list"
          />
          <span id="patient-search-hint" className="search__hint">
            {t('searchKeyboardHint')}
          </span>
        </div>
      </div>
      <ErrorNotice error={error} />
      <InboxPanel onOpen={onOpenTimeline} />
      <div className="patient-table">
        <div className="patient-table__header patient-grid" aria-hidden="true">
          <span>{t('columnName')}</span>
          <span>{t('columnRegionalNumber')}</span>
          <span>{t('columnBirthDate')}</span>
          <span>{t('columnAge')}</span>
          <span>{t('columnSex')}</span>
          <span>{t('columnCareLevel')}</span>
          <span>{t('columnMyRoles')}</span>
        </div>
        {patients !== null && patients.length === 0 ? (
          <p className="patient-table__empty">{searchedFor.trim() === '' ? t('noPatientsYet') : t('noPatientsMatch', { query: searchedFor })}</p>
        ) : null}
        <ul id="patient-list" className="patient-table__rows" aria-label={t('patientListTitle')}>
          {(patients ?? []).map((patient, index) => (
            <li key={patient.id}>
              <button
                type="button"
                ref={(element) => {
                  rows.current[index] = element;
                }}
                className="patient-row patient-grid"
                tabIndex={index === activeIndex ? 0 : -1}
                data-patient-id={patient.id}
                onClick={() => onOpen(patient.id)}
                onFocus={() => setActiveIndex(index)}
                onKeyDown={(e) => onRowKeyDown(e, index)}
              >
                <span className="patient-row__name">
                  <PersonNameView name={patient.name} />
                  {sameName.has(patient.id) ? <SameNameWarning /> : null}
                </span>
                <span>
                  <RegionalNumber number={patient.regionalNumber} />
                </span>
                <span className="patient-row__birth" data-testid="row-birth-date">
                  {formatRecordDay(patient.birthDate, locale, era)}
                </span>
                <span className="patient-row__age">{ageText(patient.birthDate)}</span>
                <span>{sexLabel(patient.sex, locale)}</span>
                <span className="patient-row__care-level">{careLevelLabel(patient.careLevel, locale)}</span>
                <span className="patient-row__roles">
                  {patient.myRoles.map((role) => (
                    <span key={role} className="tag">
                      {careTeamRoleLabel(role, locale)}
                    </span>
                  ))}
                  <UnreadBadge summary={unreadOf.get(patient.id)} />
                  <PatientListMarks marks={patient.marks} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <ArchivedPatientSearch key={searchedFor} searchText={searchedFor} onOpen={onOpen} />
    </section>
  );
}

/** Unread posts on the patient's 連絡帳: red when one is urgent. */
function UnreadBadge({ summary }: { summary: { unread: number; urgentUnread: number } | undefined }) {
  const t = useMessages();
  if (summary === undefined || summary.unread === 0) return null;
  return (
    <span className={`tag ${summary.urgentUnread > 0 ? 'tag--urgent' : 'tag--confirm'}`} data-testid="unread-badge">
      {t('timelineUnreadBadge', { count: summary.unread })}
    </span>
  );
}

/** The text to search for: the first at once, later keystrokes once typing pauses. */
function useSettledText(text: string): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(text), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  return settled;
}
