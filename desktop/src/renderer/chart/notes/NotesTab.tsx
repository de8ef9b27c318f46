// 経過記録: the team's SOAP notes, newest first. Each says who wrote it (name, profession, office),
// when it was observed, and whether it was corrected (新しい版) or withdrawn as entered in error —
// those stay visible, struck through with their reason, when asked for. Authors correct only their
// own current notes; anyone may read a note's whole history. Ticked notes can be pasted into a
// shared form (the pilot's way of composing 報告書 from the notes).
import { useEffect, useState } from 'react';
import type { ProgressNoteView } from '../../../shared/desktop-api';
import { isOfflineError, useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import type { FormOpenRequest } from '../forms/FormsTab';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { ListNote } from '../shared/ListNote';
import { canRead, canWrite, PROGRESS_NOTES, writableTemplateKinds } from '../shared/record-access';
import { NoteEnteredInErrorDialog } from './NoteEnteredInErrorDialog';
import { enteredInErrorLine } from '../shared/entered-in-error-line';
import { useNoteList } from './note-queries';
import { NoteForm } from './NoteForm';
import { NoteHistoryDialog } from './NoteHistoryDialog';
import { PasteToFormDialog } from './PasteToFormDialog';
import { SoapView } from './SoapView';
import './notes.css';
import { useEra } from '../shared/era-preference';

export function NotesTab({
  onPasteToForm,
  onUnsavedChange,
  focusNoteId = null,
}: {
  onPasteToForm(request: Omit<FormOpenRequest, 'nonce'>): void;
  /** A note is being written or corrected and has text that is not saved. */
  onUnsavedChange(unsaved: boolean): void;
  /** Bring this note into view and focus once it is shown (another part of the chart pointed to it). */
  focusNoteId?: string | null;
}) {
  const chart = useChart();
  const t = useMessages();
  const { patientId, overview, readOnlyReason, user } = chart;
  const access = overview.chart.myAccess;
  const mayWrite = canWrite(access, PROGRESS_NOTES);
  const canChange = mayWrite && readOnlyReason === null;
  const [showEnteredInError, setShowEnteredInError] = useState(false);
  // A role that may not read notes is not asked for them: the server would refuse.
  const mayRead = canRead(access, PROGRESS_NOTES);
  const list = useNoteList(patientId, showEnteredInError, readOnlyReason === null && mayRead);
  const error = useUserFacingError(list.error);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [writing, setWriting] = useState(false);
  const [correcting, setCorrecting] = useState<ProgressNoteView | null>(null);
  const [markingError, setMarkingError] = useState<ProgressNoteView | null>(null);
  const [history, setHistory] = useState<ProgressNoteView | null>(null);
  const [pasting, setPasting] = useState(false);

  // Offline, or when the server could not be reached for them, the overview's latest notes are what
  // there is. A refusal is not offline: it is said as it is, with no notes. (A failed "more" keeps
  // the pages already shown.)
  const listFailed = list.isError && !list.isFetchNextPageError;
  const fromCache = readOnlyReason !== null || (listFailed && error !== null && isOfflineError(error));
  const refused = listFailed && !fromCache;
  const notes = refused
    ? []
    : fromCache
      ? overview.chart.latestNotes.filter((note) => showEnteredInError || note.status === 'current')
      : list.data !== undefined
        ? joinPages(list.data.pages)
        : null;
  const hasMore = !fromCache && list.hasNextPage;
  const loadMore = () => {
    if (!list.isFetchingNextPage) void list.fetchNextPage();
  };

  const visible = notes ?? [];
  const focusShown = focusNoteId !== null && visible.some((note) => note.noteId === focusNoteId);
  useEffect(() => {
    if (!focusShown) return;
    const card = document.querySelector<HTMLElement>(`article[data-note-id="${CSS.escape(focusNoteId ?? '')}"]`);
    card?.scrollIntoView({ block: 'center' });
    card?.focus();
  }, [focusShown, focusNoteId]);
  const selectedNotes = visible.filter((note) => selected.has(note.noteId) && note.status === 'current');
  // Pasting into a form is offered only to a role that may write one (the policy the server
  // applies); offline it stays in view, disabled, as the other writes do.
  const pasteOffered = mayRead && (writableTemplateKinds(access).length > 0 || overview.chart.forms.some((f) => canWrite(access, f.documentType)));
  const canPaste = readOnlyReason === null && pasteOffered;

  const toggle = (noteId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(noteId);
      else next.delete(noteId);
      return next;
    });

  return (
    <section className="notes" aria-labelledby="notes-heading">
      <div className="tab-head">
        <h2 id="notes-heading">
          {t('tabNotes')}
          {fromCache ? <span className="tag tag--cached">{t('cachedTag')}</span> : null}
        </h2>
        <div className="tab-head__actions">
          {mayWrite ? (
            <button
              type="button"
              className="button button--primary"
              aria-disabled={!canChange || undefined}
              aria-expanded={writing}
              onClick={() => {
                if (canChange) setWriting(true);
              }}
              title={canChange ? undefined : t('chartReadOnlyOffline')}
            >
              {t('writeNote')}
            </button>
          ) : mayRead ? (
            <span className="muted">{t('notesNotWritable')}</span>
          ) : null}
          {mayRead ? (
            <label className="checkbox">
              <input type="checkbox" checked={showEnteredInError} onChange={(e) => setShowEnteredInError(e.currentTarget.checked)} />
              {t('showEnteredInError')}
            </label>
          ) : null}
        </div>
      </div>
      {fromCache && mayRead ? <p className="muted">{t('notesFromCache')}</p> : null}
      <ErrorNotice error={error} />

      {writing ? (
        <section className="card note-editor" aria-labelledby="note-write-heading">
          <h3 id="note-write-heading">{t('writeNoteHeading')}</h3>
          <NoteForm
            idPrefix="note-new"
            onUnsavedChange={onUnsavedChange}
            onCancel={() => setWriting(false)}
            onSaved={() => {
              setWriting(false);
              chart.notify(t('noteSaved'));
            }}
          />
        </section>
      ) : null}

      {pasteOffered ? (
        <div className="selection-bar" aria-live="polite">
          {selectedNotes.length > 0 ? (
            <>
              <span>{t('notesSelected', { count: selectedNotes.length })}</span>
              <button
                type="button"
                className="button button--small"
                aria-disabled={!canPaste || undefined}
                title={canPaste ? undefined : t('pasteNotAvailable')}
                onClick={() => {
                  if (canPaste) setPasting(true);
                }}
              >
                {t('pasteToForm')}
              </button>
              <button type="button" className="button button--small button--quiet" onClick={() => setSelected(new Set())}>
                {t('clearSelection')}
              </button>
            </>
          ) : (
            <span className="muted">{t('selectNotesHint')}</span>
          )}
        </div>
      ) : null}

      {!mayRead || refused ? (
        <ListNote empty hidden={!mayRead} emptyText="" />
      ) : notes === null ? (
        <p className="muted">{t('loading')}</p>
      ) : visible.length === 0 ? (
        <p className="muted">{t('noNotesYet')}</p>
      ) : (
        <ol className="note-list">
          {visible.map((note) => (
            <li key={`${note.noteId}-${note.version}`}>
              <NoteCard
                note={note}
                mine={note.author.userId === user.id}
                canChange={canChange}
                selectable={pasteOffered}
                selected={selected.has(note.noteId)}
                onSelect={(on) => toggle(note.noteId, on)}
                onHistory={() => setHistory(note)}
                onCorrect={() => setCorrecting(note)}
                onEnteredInError={() => setMarkingError(note)}
              />
            </li>
          ))}
        </ol>
      )}
      {hasMore ? (
        <button type="button" className="button" onClick={loadMore} aria-disabled={list.isFetchingNextPage || undefined}>
          {list.isFetchingNextPage ? t('loading') : t('loadMoreNotes')}
        </button>
      ) : null}

      {correcting !== null ? (
        <Dialog title={t('correctNoteTitle')} onClose={() => setCorrecting(null)} size="wide">
          <p className="dialog__intro">{t('correctNoteIntro')}</p>
          <NoteForm
            idPrefix="note-correct"
            onUnsavedChange={onUnsavedChange}
            correcting={correcting}
            onCancel={() => setCorrecting(null)}
            onSaved={(note) => {
              setCorrecting(null);
              chart.notify(t('noteCorrected', { version: note.version }));
            }}
          />
        </Dialog>
      ) : null}
      {markingError !== null ? (
        <NoteEnteredInErrorDialog
          note={markingError}
          onClose={() => setMarkingError(null)}
          onDone={() => {
            setMarkingError(null);
            chart.notify(t('noteMarkedEnteredInError'));
          }}
        />
      ) : null}
      {history !== null ? <NoteHistoryDialog note={history} onClose={() => setHistory(null)} /> : null}
      {pasting ? (
        <PasteToFormDialog
          notes={selectedNotes}
          onClose={() => setPasting(false)}
          onPaste={(request) => {
            setPasting(false);
            setSelected(new Set());
            onPasteToForm(request);
          }}
        />
      ) : null}
    </section>
  );
}

interface NoteCardProps {
  note: ProgressNoteView;
  mine: boolean;
  canChange: boolean;
  /** Whether it can be ticked to paste into a form (roles that may write one). */
  selectable: boolean;
  selected: boolean;
  onSelect(on: boolean): void;
  onHistory(): void;
  onCorrect(): void;
  onEnteredInError(): void;
}

function NoteCard({ note, mine, canChange, selectable, selected, onSelect, onHistory, onCorrect, onEnteredInError }: NoteCardProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const headingId = `note-${note.noteId}-${note.version}`;
  const inError = note.status === 'entered-in-error';
  // Only the author changes a note, and only its current version (the server insists too).
  const editable = mine && canChange && !inError && !note.superseded;
  const observed = formatDateTime(note.observedAt, locale, era);
  return (
    <article
      className={`note${inError ? ' note--entered-in-error' : ''}${selected ? ' note--selected' : ''}`}
      aria-labelledby={headingId}
      data-note-id={note.noteId}
      // Focusable from script only: the chart brings a note it points to into view and focus.
      tabIndex={-1}
    >
      <div className="note__head">
        {selectable ? (
          <input
            type="checkbox"
            className="note__select"
            checked={selected}
            disabled={inError}
            aria-label={t('selectNote', { time: observed, author: writtenName(note.author.name) })}
            onChange={(e) => onSelect(e.currentTarget.checked)}
          />
        ) : null}
        <h3 id={headingId} className="note__time">
          {observed}
        </h3>
        <AuthorLine author={note.author} you={mine} />
        {note.version > 1 && !inError ? <span className="tag tag--corrected">{t('noteCorrectedTag', { version: note.version })}</span> : null}
        {inError ? <span className="tag tag--error">{t('enteredInErrorTag')}</span> : null}
        <span className="note__actions">
          <button type="button" className="button button--small button--quiet" onClick={onHistory}>
            {t('noteHistory')}
          </button>
          {editable ? (
            <>
              <button type="button" className="button button--small" onClick={onCorrect}>
                {t('correctNote')}
              </button>
              <button type="button" className="button button--small" onClick={onEnteredInError}>
                {t('markEnteredInError')}
              </button>
            </>
          ) : null}
        </span>
      </div>
      {inError ? (
        <p className="note__error-reason">
          <strong>{t('enteredInErrorTag')}</strong> {enteredInErrorLine(t, locale, { by: note.author, at: note.recordedAt })}{' '}
          {t('reasonLine', { reason: note.correctionReason })}
        </p>
      ) : note.version > 1 && note.correctionReason !== '' ? (
        <p className="note__correction muted">{t('correctionReasonLine', { reason: note.correctionReason })}</p>
      ) : null}
      <SoapView soap={note.soap} struck={inError} />
      <p className="note__foot muted">{t('recordedAtLine', { time: formatDateTime(note.recordedAt, locale, era) })}</p>
    </article>
  );
}

/** The pages read so far as one list; a note already listed is not listed again by a later page. */
function joinPages(pages: readonly { notes: ProgressNoteView[] }[]): ProgressNoteView[] {
  return pages.reduce<ProgressNoteView[]>((all, page) => [...all, ...page.notes.filter((note) => !all.some((listed) => listed.noteId === note.noteId))], []);
}
