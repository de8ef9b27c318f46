// The 「定型文」 button beside a SOAP field or a form's free-text field: a short list of the user's
// and their office's phrases for that field; the chosen one goes in at the textarea's cursor (its
// selection is kept while the list is open, since a textarea remembers it when it loses focus).
// Keyboard: Enter/Space opens, ↑↓ move, Enter picks, Esc closes and returns to the field.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { phrasesFor, type PhraseTargetName } from '../../../shared/phrase-views';
import { useMessages } from '../../i18n/locale-context';
import { insertAtCursor } from './insert-at-cursor';
import { PhraseManager } from './PhraseManager';
import { usePhrases } from './phrase-queries';
import './phrases.css';

interface PhrasePickerProps {
  target: PhraseTargetName;
  /** The label of the field, for the list's name (「Sの定型文」). */
  fieldLabel: string;
  /** The id of the textarea the phrase goes into. */
  textareaId: string;
  onChange(value: string): void;
}

export function PhrasePicker({ target, fieldLabel, textareaId, onChange }: PhrasePickerProps) {
  const t = useMessages();
  const [open, setOpen] = useState(false);
  const [managing, setManaging] = useState(false);
  const list = usePhrases(open || managing);
  const menu = useRef<HTMLDivElement>(null);
  const offered = phrasesFor(list.data?.phrases ?? [], target);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open, list.data]);

  const textarea = () => document.getElementById(textareaId) as HTMLTextAreaElement | null;

  const close = () => {
    setOpen(false);
    textarea()?.focus();
  };

  const pick = (body: string) => {
    const field = textarea();
    setOpen(false);
    if (field === null) return;
    const inserted = insertAtCursor(field.value, field.selectionStart, field.selectionEnd, body);
    onChange(inserted.value);
    // After React has put the new value in, the cursor goes after the phrase.
    requestAnimationFrame(() => {
      field.focus();
      field.setSelectionRange(inserted.cursor, inserted.cursor);
    });
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    }
  };

  return (
    <div className="phrase-picker">
      <button
        type="button"
        className="button button--small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('phrasePickerLabel', { field: fieldLabel })}
        onClick={() => setOpen((was) => !was)}
      >
        {t('phrasePickerButton')}
      </button>
      {open ? (
        <div ref={menu} className="phrase-picker__menu" role="menu" aria-label={t('phrasePickerLabel', { field: fieldLabel })} onKeyDown={onMenuKey}>
          {list.data?.source === 'cache' ? <p className="phrase-picker__note muted">{t('phrasePickerOffline')}</p> : null}
          {list.isSuccess && offered.length === 0 ? <p className="phrase-picker__note muted">{t('phrasePickerEmpty')}</p> : null}
          {offered.map((phrase) => (
            <button key={phrase.phraseId} type="button" role="menuitem" className="phrase-picker__item" title={phrase.body} onClick={() => pick(phrase.body)}>
              <span className="phrase-picker__title">{phrase.title}</span>
              <span className="phrase-picker__owner muted">
                {phrase.owner === 'PHRASE_OWNER_FACILITY' ? t('phraseOwnerFacility', { facility: phrase.facilityName }) : t('phraseOwnerUser')}
              </span>
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            className="phrase-picker__item phrase-picker__manage"
            onClick={() => {
              setOpen(false);
              setManaging(true);
            }}
          >
            {t('phraseManageButton')}
          </button>
        </div>
      ) : null}
      {managing ? <PhraseManager initialTarget={target} onClose={() => setManaging(false)} /> : null}
    </div>
  );
}
