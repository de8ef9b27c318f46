// 「定型文の管理」: one's own phrases, and the office's, added, changed and deleted. What may be
// changed is the server's rule (callerMayEdit); an office phrase added by someone the server does
// not allow is refused there, and that refusal is shown as it says. Changes need the connection.
import { useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import type { UserFacingError } from '../../../shared/desktop-api';
import type { PhraseOwnerName, PhraseTargetName, PhraseView } from '../../../shared/phrase-views';
import { toUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useMessages } from '../../i18n/locale-context';
import { usePhraseChanges, usePhrases } from './phrase-queries';

const TARGETS: readonly PhraseTargetName[] = [
  'PHRASE_TARGET_ANY',
  'PHRASE_TARGET_SOAP_S',
  'PHRASE_TARGET_SOAP_O',
  'PHRASE_TARGET_SOAP_A',
  'PHRASE_TARGET_SOAP_P',
  'PHRASE_TARGET_FORM',
];

interface Draft {
  owner: PhraseOwnerName;
  target: PhraseTargetName;
  title: string;
  body: string;
}

export function PhraseManager({ initialTarget, onClose }: { initialTarget: PhraseTargetName; onClose(): void }) {
  const t = useMessages();
  const list = usePhrases(true);
  const { create, update, remove } = usePhraseChanges();
  const empty: Draft = { owner: 'PHRASE_OWNER_USER', target: initialTarget, title: '', body: '' };
  const [draft, setDraft] = useState<Draft>(empty);
  const [editing, setEditing] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ title?: string; body?: string }>({});
  const [error, setError] = useState<UserFacingError | null>(null);
  const busy = create.isPending || update.isPending || remove.isPending;
  const offline = list.data?.source === 'cache';

  const targetLabel: Record<PhraseTargetName, string> = {
    PHRASE_TARGET_ANY: t('phraseTargetAny'),
    PHRASE_TARGET_SOAP_S: t('phraseTargetS'),
    PHRASE_TARGET_SOAP_O: t('phraseTargetO'),
    PHRASE_TARGET_SOAP_A: t('phraseTargetA'),
    PHRASE_TARGET_SOAP_P: t('phraseTargetP'),
    PHRASE_TARGET_FORM: t('phraseTargetForm'),
  };

  const submit = async () => {
    if (busy) return;
    const found = {
      ...(draft.title.trim() === '' ? { title: t('phraseTitleRequired') } : {}),
      ...(draft.body.trim() === '' ? { body: t('phraseBodyRequired') } : {}),
    };
    setProblems(found);
    if (found.title !== undefined || found.body !== undefined) {
      document.getElementById(found.title !== undefined ? 'phrase-title' : 'phrase-body')?.focus();
      return;
    }
    setError(null);
    try {
      const fields = { target: draft.target, title: draft.title.trim(), body: draft.body };
      if (editing === null) await create.mutateAsync({ owner: draft.owner, ...fields });
      else await update.mutateAsync({ phraseId: editing, ...fields });
      setDraft({ ...empty, owner: draft.owner, target: draft.target });
      setEditing(null);
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    }
  };

  const startEdit = (phrase: PhraseView) => {
    setEditing(phrase.phraseId);
    setDraft({ owner: phrase.owner, target: phrase.target, title: phrase.title, body: phrase.body });
    setProblems({});
    document.getElementById('phrase-title')?.focus();
  };

  const del = async (phrase: PhraseView) => {
    setError(null);
    try {
      await remove.mutateAsync(phrase.phraseId);
      if (editing === phrase.phraseId) {
        setEditing(null);
        setDraft(empty);
      }
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    }
  };

  // Opened from inside the note's <form>, so it has no form of its own (forms do not nest): its keys
  // stop here, so Ctrl+Enter never saves the note, and Enter in the title adds the phrase rather
  // than submitting the note.
  const stop = (event: SyntheticEvent) => event.stopPropagation();
  const enterAdds = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void submit();
    }
  };
  return (
    <div onKeyDown={stop}>
      <Dialog title={t('phraseManageTitle')} onClose={onClose} size="wide" testId="phrase-manager">
        {offline ? <p className="muted">{t('phraseNeedsConnection')}</p> : null}
        <ul className="phrase-manager__list">
          {(list.data?.phrases ?? []).map((phrase) => (
            <li key={phrase.phraseId} className="phrase-manager__row">
              <span className="phrase-manager__title">{phrase.title}</span>
              <span className="muted">{targetLabel[phrase.target]}</span>
              <span className="muted">
                {phrase.owner === 'PHRASE_OWNER_FACILITY' ? t('phraseOwnerFacility', { facility: phrase.facilityName }) : t('phraseOwnerUser')}
              </span>
              {phrase.callerMayEdit ? (
                <span className="phrase-manager__actions">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={offline}
                    onClick={() => startEdit(phrase)}
                    aria-label={`${t('phraseEdit')}: ${phrase.title}`}
                  >
                    {t('phraseEdit')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={offline || busy}
                    onClick={() => void del(phrase)}
                    aria-label={`${t('phraseDelete')}: ${phrase.title}`}
                  >
                    {t('phraseDelete')}
                  </button>
                </span>
              ) : (
                <span className="muted">{t('phraseReadOnly')}</span>
              )}
            </li>
          ))}
        </ul>
        <div className="phrase-manager__form">
          <div className="phrase-manager__choices">
            <label>
              {t('phraseOwnerLabel')}{' '}
              <select value={draft.owner} disabled={editing !== null} onChange={(e) => setDraft({ ...draft, owner: e.currentTarget.value as PhraseOwnerName })}>
                <option value="PHRASE_OWNER_USER">{t('phraseOwnerUser')}</option>
                <option value="PHRASE_OWNER_FACILITY">{t('phraseOwnerFacilityChoice')}</option>
              </select>
            </label>
            <label>
              {t('phraseTargetLabel')}{' '}
              <select value={draft.target} onChange={(e) => setDraft({ ...draft, target: e.currentTarget.value as PhraseTargetName })}>
                {TARGETS.map((target) => (
                  <option key={target} value={target}>
                    {targetLabel[target]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label htmlFor="phrase-title">{t('phraseTitleLabel')}</label>
          <input
            id="phrase-title"
            value={draft.title}
            aria-invalid={problems.title !== undefined || undefined}
            aria-describedby="phrase-title-hint"
            onKeyDown={enterAdds}
            onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
          />
          <p id="phrase-title-hint" className="muted">
            {problems.title ?? t('phraseTitleHint')}
          </p>
          <label htmlFor="phrase-body">{t('phraseBodyLabel')}</label>
          <textarea
            id="phrase-body"
            rows={3}
            value={draft.body}
            aria-invalid={problems.body !== undefined || undefined}
            aria-describedby="phrase-body-hint"
            onChange={(e) => setDraft({ ...draft, body: e.currentTarget.value })}
          />
          <p id="phrase-body-hint" className="muted">
            {problems.body ?? t('phraseBodyHint')}
          </p>
          <ErrorNotice error={error} />
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={offline} aria-disabled={busy || undefined} onClick={() => void submit()}>
              {editing === null ? t('phraseAdd') : t('phraseSaveEdit')}
            </button>
            {editing !== null ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setEditing(null);
                  setDraft(empty);
                }}
              >
                {t('phraseCancelEdit')}
              </button>
            ) : null}
          </div>
        </div>
      </Dialog>
    </div>
  );
}
