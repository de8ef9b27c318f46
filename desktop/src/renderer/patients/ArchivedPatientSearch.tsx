// Archived patients, found on request under the patient list. The regional office archives a
// patient whose care ended (records kept for the legal minimum, see README "Records retention"):
// they leave every list and every PC, but the registering office must still find them for a
// 開示請求 or a question years later. So the search goes to the server, only when asked (it is
// logged there), and only for the text typed: the server decides which archived patients this user
// may still read.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../api/query-keys';
import { useUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { PersonNameView } from '../components/PersonNameView';
import { RegionalNumber } from '../chart/overview/PatientIdentity';
import { formatRecordDay } from '../chart/shared/chart-dates';
import { useEraPreference } from '../chart/shared/era-preference';
import { useLocale, useMessages } from '../i18n/locale-context';

interface ArchivedPatientSearchProps {
  /** The settled search text; a new text needs a new request (the parent keys this by it). */
  searchText: string;
  onOpen(patientId: string): void;
}

export function ArchivedPatientSearch({ searchText, onOpen }: ArchivedPatientSearchProps) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const [era] = useEraPreference();
  const [asked, setAsked] = useState(false);
  const search = useQuery({
    queryKey: queryKeys.archivedPatientSearch(searchText),
    queryFn: () => api.searchArchivedPatients(searchText),
    enabled: asked,
    // Online only and logged on the server: asked again only when the user asks again.
    staleTime: Infinity,
    retry: false,
  });
  const error = useUserFacingError(search.error);
  if (searchText.trim() === '') return null;
  if (!asked) {
    return (
      <div className="archived-search">
        <button type="button" className="button button--small" onClick={() => setAsked(true)} data-testid="search-archived">
          {t('archivedSearch')}
        </button>
        <span className="archived-search__hint">{t('archivedSearchHint')}</span>
      </div>
    );
  }
  const found = search.data?.patients ?? null;
  return (
    <section className="archived-search archived-search--results" aria-labelledby="archived-results-title" data-testid="archived-results">
      <h2 id="archived-results-title">{t('archivedResultsTitle', { query: searchText })}</h2>
      <ErrorNotice error={error} />
      {error !== null ? (
        <button type="button" className="button button--small" onClick={() => void search.refetch()} disabled={search.isFetching}>
          {t('archivedSearchAgain')}
        </button>
      ) : null}
      {found === null && error === null ? <p className="muted">{t('loading')}</p> : null}
      {found !== null && found.length === 0 ? <p className="muted">{t('archivedNoneMatch', { query: searchText })}</p> : null}
      <ul className="archived-search__rows">
        {(found ?? []).map((patient) => (
          <li key={patient.id}>
            <button type="button" className="archived-row" data-patient-id={patient.id} onClick={() => onOpen(patient.id)}>
              <PersonNameView name={patient.name} />
              <RegionalNumber number={patient.regionalNumber} />
              <span>{formatRecordDay(patient.birthDate, locale, era)}</span>
              <span className="tag tag--archived">{t('archivedTag')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
