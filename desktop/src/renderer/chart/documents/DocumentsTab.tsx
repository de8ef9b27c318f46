// 文書: what the team filed for this patient — PDFs from each office's business system, scans of
// FAXed paper — current versions first, each with its earlier versions on request. A title opens
// the viewer. Files are filed by dropping them anywhere on the patient's screen, by picking them,
// or from the files this PC's watched folder offers.
import { Fragment, useState } from 'react';
import type { DocumentView, UserFacingError, WatchedFolderView } from '../../../shared/desktop-api';
import { isOfflineError, useUserFacingError } from '../../api/user-facing-error';
import { useDesktopApi } from '../../app/desktop-api-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime, formatRecordDay } from '../shared/chart-dates';
import { documentTypeLabel } from '../shared/chart-labels';
import { LinkButton } from '../shared/LinkButton';
import { ListNote } from '../shared/ListNote';
import { VersionChanges } from '../shared/VersionChanges';
import { hidesDocuments, writableDocumentTypes } from '../shared/record-access';
import { documentViewerRequest } from '../shared/viewer-requests';
import { documentFields } from './document-changes';
import { useDocumentHistory, useDocumentList } from './document-queries';
import { formatFileSize } from './upload-form';
import { WatchedFolderPanel } from './WatchedFolderPanel';
import './documents.css';
import { useEra } from '../shared/era-preference';

export function DocumentsTab({ watched, watchedError }: { watched: WatchedFolderView | null; watchedError: UserFacingError | null }) {
  const api = useDesktopApi();
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const { patientId, overview, readOnlyReason } = chart;
  const canFile = writableDocumentTypes(overview.chart.myAccess).length > 0;
  const documents = useDocumentList(patientId, readOnlyReason === null);
  const error = useUserFacingError(documents.error);
  // Offline the overview's documents are shown; so they are when the server could not be reached
  // for the list. A refusal is said as it is (the notice), never as offline.
  const listFailed = documents.data === undefined && documents.isError;
  const fromCache = readOnlyReason !== null || (listFailed && error !== null && isOfflineError(error));
  const refused = listFailed && !fromCache;
  const list = fromCache ? overview.chart.documents : (documents.data ?? null);
  const hidden = hidesDocuments(overview.chart.myAccess);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const toggle = (documentId: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(documentId)) next.delete(documentId);
      else next.add(documentId);
      return next;
    });

  const open = (doc: DocumentView, version: number) =>
    chart.openViewer(
      documentViewerRequest(api, patientId, doc.documentId, version, version === 0 ? doc.title : `${doc.title} ${t('versionNumber', { version })}`),
    );

  return (
    <section aria-labelledby="documents-heading">
      <div className="tab-head">
        <h2 id="documents-heading">
          {t('documentsHeading')}
          {fromCache ? <span className="tag tag--cached">{t('cachedTag')}</span> : null}
        </h2>
        <div className="tab-head__actions">
          {canFile ? (
            <>
              <button
                type="button"
                className="button button--primary"
                aria-disabled={readOnlyReason !== null || undefined}
                title={readOnlyReason !== null ? t('chartReadOnlyOffline') : undefined}
                onClick={() => {
                  if (readOnlyReason === null) chart.pickFiles();
                }}
              >
                {t('pickFilesToUpload')}
              </button>
              <span className="muted tab-head__hint">{t('dropHint')}</span>
            </>
          ) : (
            <span className="muted">{t('uploadNotAllowed')}</span>
          )}
        </div>
      </div>

      {watched !== null && watched.path !== null ? <WatchedFolderPanel folder={watched} canFile={canFile && readOnlyReason === null} /> : null}
      <ErrorNotice error={watchedError} />
      <ErrorNotice error={error} />

      {list !== null && list.length > 0 ? <ListNote empty={false} hidden={hidden} emptyText="" /> : null}
      {refused ? null : list === null ? (
        <p className="muted">{t('loading')}</p>
      ) : list.length === 0 ? (
        <ListNote empty hidden={hidden} emptyText={t('noDocumentsYet')} />
      ) : (
        <table className="record-table documents-table" data-testid="documents-table">
          <thead>
            <tr>
              <th scope="col">{t('columnDocumentType')}</th>
              <th scope="col">{t('columnTitle')}</th>
              <th scope="col">{t('columnIssuedOn')}</th>
              <th scope="col">{t('columnIssuer')}</th>
              <th scope="col">{t('columnValidity')}</th>
              <th scope="col">{t('columnVersion')}</th>
              <th scope="col">{t('columnFiledBy')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((doc) => (
              <Fragment key={doc.documentId}>
                <tr className="documents-table__row">
                  <td className="nowrap">{documentTypeLabel(doc.documentType, locale)}</td>
                  <td>
                    <LinkButton onClick={() => open(doc, 0)}>{doc.title}</LinkButton>
                    {doc.note !== '' ? <div className="muted documents-table__note">{doc.note}</div> : null}
                  </td>
                  <td className="nowrap">{formatRecordDay(doc.issuedOn, locale, chart.era)}</td>
                  <td>{doc.issuer}</td>
                  <td className="nowrap">
                    {doc.validFrom !== '' || doc.validUntil !== ''
                      ? `${formatRecordDay(doc.validFrom, locale, chart.era)} 〜 ${formatRecordDay(doc.validUntil, locale, chart.era)}`
                      : ''}
                  </td>
                  <td className="nowrap">
                    {t('versionNumber', { version: doc.version })}
                    {doc.version > 1 ? (
                      <button
                        type="button"
                        className="button button--small button--quiet"
                        aria-expanded={expanded.has(doc.documentId)}
                        aria-label={t('documentHistoryOf', { title: doc.title })}
                        onClick={() => toggle(doc.documentId)}
                      >
                        {t('versionHistory')}
                      </button>
                    ) : null}
                  </td>
                  <td>
                    <AuthorLine author={doc.uploadedBy} />
                    <div className="muted">{formatDateTime(doc.uploadedAt, locale, era)}</div>
                  </td>
                </tr>
                {expanded.has(doc.documentId) ? <DocumentHistoryRows document={doc} onOpen={(version) => open(doc, version)} /> : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DocumentHistoryRows({ document, onOpen }: { document: DocumentView; onOpen(version: number): void }) {
  const { patientId, era } = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const history = useDocumentHistory(patientId, document.documentId);
  const error = useUserFacingError(history.error);
  if (error !== null) {
    return (
      <tr>
        <td colSpan={7}>
          <ErrorNotice error={error} />
        </td>
      </tr>
    );
  }
  const versions = [...(history.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <>
      {versions.map((v, index) => (
        <tr key={v.version} className="documents-table__history">
          <td />
          <td>
            <LinkButton onClick={() => onOpen(v.version)} label={t('openVersion', { title: v.title, version: v.version })}>
              {v.title}
            </LinkButton>
            <span className="muted">
              {' '}
              · {v.fileName} · {formatFileSize(v.size)}
            </span>
            {/* Newest first: the version before this one is the next row. */}
            {versions[index + 1] !== undefined ? (
              <VersionChanges fromVersion={versions[index + 1]!.version} fields={documentFields(t, locale, era, versions[index + 1]!, v)} />
            ) : null}
          </td>
          <td className="nowrap">{formatRecordDay(v.issuedOn, locale, era)}</td>
          <td>{v.issuer}</td>
          <td className="nowrap">
            {v.validFrom !== '' || v.validUntil !== '' ? `${formatRecordDay(v.validFrom, locale, era)} 〜 ${formatRecordDay(v.validUntil, locale, era)}` : ''}
          </td>
          <td className="nowrap">
            {t('versionNumber', { version: v.version })}
            {!v.superseded ? <span className="tag">{t('currentVersionTag')}</span> : null}
          </td>
          <td>
            <AuthorLine author={v.uploadedBy} />
            <div className="muted">{formatDateTime(v.uploadedAt, locale, era)}</div>
          </td>
        </tr>
      ))}
    </>
  );
}
