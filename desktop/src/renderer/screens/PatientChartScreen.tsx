// One patient's shared chart (共有カルテ), as a doctor reviews it: the patient at a glance, expiring
// instructions above everything, then tabs — 概要 | 連絡帳 | 経過記録 | 文書 | 書類 | 同意. The whole screen
// takes dropped files (a PDF exported by the EMR, a scanned FAX) and files them for this patient.
// Read from the cache (offline), the chart is shown read-only and says so.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { StagedFileView, UserFacingError, UserView } from '../../shared/desktop-api';
import { queryKeys } from '../api/query-keys';
import { toUserFacingError, useUserFacingError } from '../api/user-facing-error';
import { useKeptState } from '../app/kept-state';
import { useDesktopApi } from '../app/desktop-api-context';
import { useNow } from '../app/use-now';
import { ConsentTab } from '../chart/consent/ConsentTab';
import { DocumentsTab } from '../chart/documents/DocumentsTab';
import { UploadDialog } from '../chart/documents/UploadDialog';
import { useFileDrop } from '../chart/documents/use-file-drop';
import { FormsTab, type FormOpenRequest } from '../chart/forms/FormsTab';
import { NotesTab } from '../chart/notes/NotesTab';
import { InstructionAlerts } from '../chart/overview/InstructionAlerts';
import { useOverview } from '../chart/overview/overview-query';
import { OverviewTab } from '../chart/overview/OverviewTab';
import { PatientHeader } from '../chart/overview/PatientHeader';
import { PatientIdentityLine } from '../chart/overview/PatientIdentity';
import { EmergencyInfoDialog } from '../chart/emergency/EmergencyInfoDialog';
import { AccessLogDialog } from '../chart/access-log/AccessLogDialog';
import { ChartContext, type ChartContextValue, type UploadRequest, type ViewerRequest } from '../chart/shared/chart-context';
import { isoDayOf } from '../chart/shared/chart-dates';
import { ChartTabs, type ChartTabId } from '../chart/shared/ChartTabs';
import { useEraPreference } from '../chart/shared/era-preference';
import { localError } from '../chart/shared/local-error';
import { writableDocumentTypes } from '../chart/shared/record-access';
import { ViewerDialog } from '../chart/shared/ViewerDialog';
import { useWatchedFolder } from '../chart/watched-folder/use-watched-folder';
import { ConfirmDialog } from '../components/Dialog';
import { DialogSubjectContext } from '../components/dialog-subject';
import { useSameNamePatients } from '../patients/same-name';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatInstant } from '../format/clock-time';
import { PatientTimelineTab } from '../timeline/PatientTimelineTab';
import { timelineKey, useInbox } from '../timeline/timeline-queries';
import { writtenName } from '../format/person-name';
import { useLocale, useMessages } from '../i18n/locale-context';
import './patient-chart.css';

interface PatientChartScreenProps {
  patientId: string;
  /** The tab shown first (the inbox opens 連絡帳). */
  initialTab?: ChartTabId;
  /** Names this opening of the chart, so its tab is kept over a screen lock (KeptState). */
  visit?: string;
  user: UserView;
  /** Whether the clinical API answered last time: writes need it. */
  online: boolean;
  onBack(): void;
  /** Tells the frame how old the data on screen is, for the offline banner. */
  onDataAsOf(asOf: string | null): void;
}

interface QueuedUpload {
  file: StagedFileView;
  request: UploadRequest | undefined;
}

const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

export function PatientChartScreen({ patientId, initialTab = 'overview', visit = '', user, online, onBack, onDataAsOf }: PatientChartScreenProps) {
  const api = useDesktopApi();
  const queryClient = useQueryClient();
  const t = useMessages();
  const { locale } = useLocale();
  const now = useNow();
  const read = useOverview(patientId);
  const overview = read.data ?? null;
  const error = useUserFacingError(read.error);
  const [tab, setTab] = useKeptState<ChartTabId>(`chart:${patientId}:${visit}:tab`, initialTab);
  // A note another part of the chart pointed to (the one written with vitals marked 入力誤り).
  const [focusNoteId, setFocusNoteId] = useState<string | null>(null);
  const [era, setEra] = useEraPreference();
  const [uploads, setUploads] = useState<QueuedUpload[]>([]);
  const [viewer, setViewer] = useState<ViewerRequest | null>(null);
  const [notice, setNotice] = useState('');
  const [dropError, setDropError] = useState<UserFacingError | null>(null);
  const [formRequest, setFormRequest] = useState<FormOpenRequest | null>(null);
  // Which parts of the chart hold typed text not yet saved (a form, a note being written).
  const [unsaved, setUnsaved] = useState<Readonly<Record<string, boolean>>>({});
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [emergencyOpen, setEmergencyOpen] = useState(false);
  const [accessLogOpen, setAccessLogOpen] = useState(false);
  const sameName = useSameNamePatients().has(patientId);
  const heading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const pickRequest = useRef<UploadRequest | undefined>(undefined);
  const watched = useWatchedFolder();
  const inbox = useInbox();
  const unreadPosts = inbox.data?.timelines.find((s) => timelineKey(s.timeline) === timelineKey({ kind: 'patient', id: patientId }))?.unread ?? 0;

  useEffect(() => {
    if (overview !== null) onDataAsOf(overview.source === 'cache' ? overview.asOf : null);
  }, [overview, onDataAsOf]);
  useEffect(() => () => onDataAsOf(null), [onDataAsOf]);

  const anyUnsaved = Object.values(unsaved).some(Boolean);
  const formUnsaved = useCallback((value: boolean) => setUnsaved((m) => (m.form === value ? m : { ...m, form: value })), []);
  const noteUnsaved = useCallback((value: boolean) => setUnsaved((m) => (m.note === value ? m : { ...m, note: value })), []);

  const requestBack = useCallback(() => {
    if (anyUnsaved) setConfirmLeave(true);
    else onBack();
  }, [anyUnsaved, onBack]);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // Esc closes an open dialog first, and in a field it belongs to the field: typing a note
      // and pressing Esc must not throw the patient away.
      if (document.querySelector('dialog[open]') !== null) return;
      const target = event.target;
      if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"]') !== null) return;
      event.preventDefault();
      requestBack();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [requestBack]);

  const loaded = overview !== null;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  const readOnlyReason = !online || overview?.source === 'cache' ? 'offline' : null;
  const canFile = overview !== null && writableDocumentTypes(overview.chart.myAccess).length > 0;

  const noticeTimers = useRef<number[]>([]);
  const notify = useCallback((message: string) => {
    for (const timer of noticeTimers.current) window.clearTimeout(timer);
    // Cleared first so the same words twice in a row are announced twice; gone after a while,
    // so an old confirmation is not mistaken for the latest one.
    setNotice('');
    noticeTimers.current = [window.setTimeout(() => setNotice(message), 50), window.setTimeout(() => setNotice(''), 10_000)];
  }, []);
  useEffect(() => () => noticeTimers.current.forEach((timer) => window.clearTimeout(timer)), []);

  const fileStaged = useCallback((files: StagedFileView[], request?: UploadRequest) => {
    setUploads((queue) => [...queue, ...files.filter((f) => !queue.some((q) => q.file.stagedFileId === f.stagedFileId)).map((file) => ({ file, request }))]);
  }, []);

  const stageFiles = useCallback(
    async (files: File[], request?: UploadRequest) => {
      setDropError(null);
      if (readOnlyReason !== null) {
        setDropError(localError('CHART_OFFLINE', 'uploadOfflineRefused'));
        return;
      }
      if (!canFile) {
        setDropError(localError('CHART_NO_UPLOAD_RIGHT', 'uploadNotAllowed'));
        return;
      }
      if (request === undefined) setTab('documents');
      for (const file of files) {
        try {
          const staged = await api.stageDroppedFile(file);
          fileStaged([staged], request);
        } catch (thrown) {
          setDropError(toUserFacingError(thrown));
        }
      }
    },
    [api, canFile, fileStaged, readOnlyReason, setTab],
  );

  const drop = useFileDrop((files) => void stageFiles(files));

  const pickFiles = useCallback((request?: UploadRequest) => {
    pickRequest.current = request;
    fileInput.current?.click();
  }, []);

  const onPicked = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.currentTarget.files ?? []);
    // Cleared so that choosing the same file again still fires a change.
    event.currentTarget.value = '';
    if (files.length > 0) void stageFiles(files, pickRequest.current);
  };

  const openForm = useCallback(
    (request: Omit<FormOpenRequest, 'nonce'>) => {
      setFormRequest({ ...request, nonce: Date.now() });
      setTab('forms');
    },
    [setTab],
  );

  const context = useMemo<ChartContextValue | null>(
    () =>
      overview === null
        ? null
        : {
            patientId,
            overview,
            user,
            readOnlyReason,
            era,
            pickFiles,
            fileStaged,
            openViewer: setViewer,
            notify,
          },
    [overview, patientId, user, readOnlyReason, era, pickFiles, fileStaged, notify],
  );

  const clock = { now, era };
  const today = isoDayOf(now);
  const currentUpload = uploads[0] ?? null;

  return (
    <section className={`chart${drop.active ? ' chart--drop-target' : ''}`} aria-labelledby="overview-title" data-testid="patient-drop-zone" {...drop.handlers}>
      <div className="overview__bar">
        <button type="button" className="button button--quiet" onClick={requestBack}>
          <span aria-hidden="true">← </span>
          {t('backToList')}
          <kbd className="kbd">Esc</kbd>
        </button>
        {overview !== null ? (
          <span className={`overview__source overview__source--${overview.source}`}>
            {overview.source === 'server'
              ? t('sourceServer', { time: formatInstant(overview.asOf, locale, clock) })
              : t('sourceCache', { time: formatInstant(overview.asOf, locale, clock) })}
            {overview.updatedAt !== null ? <> · {t('recordUpdatedAt', { time: formatInstant(overview.updatedAt, locale, clock) })}</> : null}
          </span>
        ) : null}
      </div>
      <ErrorNotice error={error} />
      {/* The context is null exactly while the overview is; the overview alone is tested, as React's
          lint takes a look at the context (its callbacks hold refs) for reading a ref while rendering. */}
      {overview === null ? (
        error === null ? (
          <p className="muted">{t('loading')}</p>
        ) : null
      ) : (
        <ChartContext.Provider value={context}>
          <DialogSubjectContext.Provider value={<PatientIdentityLine patient={overview.patient} era={era} sameName={sameName} />}>
            <PatientHeader
              overview={overview}
              headingRef={heading}
              era={era}
              sameName={sameName}
              onOpenEmergency={() => setEmergencyOpen(true)}
              onOpenAccessLog={() => setAccessLogOpen(true)}
            />
            {readOnlyReason !== null ? (
              <p className="chart__read-only" role="note">
                {t('chartReadOnlyOffline')}
              </p>
            ) : null}
            <InstructionAlerts alerts={overview.chart.instructionAlerts} today={today} onOpenForm={(formId) => openForm({ formId, kind: null })} />
            <ErrorNotice error={dropError} />
            <div className="chart__notice" role="status" aria-live="polite" data-testid="chart-notice">
              {notice}
            </div>
            <ChartTabs
              active={tab}
              onChange={(next) => {
                setFocusNoteId(null);
                setTab(next);
              }}
              era={era}
              onEraChange={setEra}
              watchedFileCount={watched.folder?.path ? watched.folder.files.length : 0}
              unreadPostCount={unreadPosts}
              onPanelRetry={() => queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId), refetchType: 'all' })}
              panels={{
                overview: () => (
                  <OverviewTab
                    onShowTab={setTab}
                    onShowNote={(noteId) => {
                      setFocusNoteId(noteId);
                      setTab('notes');
                    }}
                    onOpenForm={(formId) => openForm({ formId, kind: null })}
                  />
                ),
                timeline: () => <PatientTimelineTab online={online} />,
                notes: () => <NotesTab onPasteToForm={openForm} onUnsavedChange={noteUnsaved} focusNoteId={focusNoteId} />,
                documents: () => <DocumentsTab watched={watched.folder} watchedError={watched.error} />,
                forms: () => <FormsTab request={formRequest} onUnsavedChange={formUnsaved} />,
                consent: () => <ConsentTab />,
              }}
            />
            {drop.active ? (
              <div className="chart__drop-hint" aria-hidden="true">
                <div className="chart__drop-hint-box">
                  <strong>{t('dropHere', { patient: writtenName(overview.patient.name) })}</strong>
                  <span>
                    {canFile && readOnlyReason === null ? t('dropHereDetail') : readOnlyReason !== null ? t('uploadOfflineRefused') : t('uploadNotAllowed')}
                  </span>
                </div>
              </div>
            ) : null}
            {currentUpload !== null ? (
              <UploadDialog
                key={currentUpload.file.stagedFileId}
                file={currentUpload.file}
                presetType={currentUpload.request?.presetType}
                remaining={uploads.length - 1}
                onFinished={(filed) => {
                  setUploads((queue) => queue.slice(1));
                  if (filed !== null) {
                    currentUpload.request?.onFiled?.(filed.document);
                    notify(filed.alreadyFiled ? t('uploadAlreadyFiled', { title: filed.document.title }) : t('uploadFiled', { title: filed.document.title }));
                  }
                }}
                onCancelled={() => {
                  setUploads((queue) => queue.slice(1));
                  // A dropped file nobody wants is let go; a watched-folder file stays offered there.
                  if (currentUpload.file.origin === 'dropped') void api.discardStagedFile(currentUpload.file.stagedFileId).catch(() => undefined);
                }}
              />
            ) : null}
            {viewer !== null ? <ViewerDialog request={viewer} onClose={() => setViewer(null)} /> : null}
            {emergencyOpen ? <EmergencyInfoDialog onClose={() => setEmergencyOpen(false)} /> : null}
            {accessLogOpen ? <AccessLogDialog onClose={() => setAccessLogOpen(false)} /> : null}
          </DialogSubjectContext.Provider>
        </ChartContext.Provider>
      )}
      <input
        ref={fileInput}
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="chart-file-input"
        onChange={onPicked}
      />
      {confirmLeave ? (
        <ConfirmDialog
          title={t('unsavedTitle')}
          confirmLabel={t('unsavedLeave')}
          danger
          onCancel={() => setConfirmLeave(false)}
          onConfirm={() => {
            setConfirmLeave(false);
            onBack();
          }}
        >
          <p>{t('unsavedBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
