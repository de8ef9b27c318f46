// The one way a day is typed on every form and dialog. A plain text box, not <input type="date">:
// the browser's date box follows its own locale pack (mm/dd/yyyy under an en-US Chromium) and
// cannot take 和暦, while clinic staff copy days from insurance cards and letters as R8.12.6 or
// 令和8年12月6日. Whatever is typed is read by proto's calendar (the same reader everywhere), and the
// day it was read as is shown back at once — 「令和8年12月6日（日）」 — or what is wrong with it.
//
// The value is the day as YYYY-MM-DD, '' when empty, or the text as typed when it is not a day, so a
// form's own check ("日付が正しくありません") still refuses it on saving.
import { dayInputEcho, dayInputProblemText, parseDayInput } from '@renkei/proto/calendar';
import { useId, useState } from 'react';
import { useLocale } from '../i18n/locale-context';
import './day-input.css';

export interface DayInputProps {
  id?: string;
  value: string;
  onChange(value: string): void;
  readOnly?: boolean;
  'aria-describedby'?: string;
  'aria-invalid'?: true | boolean;
  'aria-label'?: string;
}

const PLACEHOLDER = { ja: '例: R8.12.6、2026-12-06', en: 'e.g. 2026-12-06, R8.12.6' } as const;

/** What a typed text means: the day (YYYY-MM-DD), '' for nothing typed, or the text itself when it is no day. */
export function dayInputValue(text: string): string {
  if (text.trim() === '') return '';
  const read = parseDayInput(text);
  return 'day' in read ? read.day.toString() : text.trim();
}

export function DayInput({ id, value, onChange, readOnly, ...aria }: DayInputProps) {
  const { locale } = useLocale();
  const echoId = useId();
  const [text, setText] = useState(value);
  const [seenValue, setSeenValue] = useState(value);
  // A value set from outside (a form reset, a day filled in for the user) replaces what was typed.
  if (value !== seenValue) {
    setSeenValue(value);
    if (dayInputValue(text) !== value) setText(value);
  }
  const read = text.trim() === '' ? null : parseDayInput(text);
  const describedBy = [aria['aria-describedby'], read ? echoId : null].filter(Boolean).join(' ') || undefined;
  return (
    <span className="day-input">
      <input
        id={id}
        type="text"
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        className="day-input__text"
        value={text}
        readOnly={readOnly}
        placeholder={readOnly ? undefined : PLACEHOLDER[locale]}
        aria-label={aria['aria-label']}
        aria-describedby={describedBy}
        aria-invalid={aria['aria-invalid'] || (read !== null && 'problem' in read) || undefined}
        onChange={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          onChange(dayInputValue(typed));
        }}
      />
      {read === null ? null : 'day' in read ? (
        <span id={echoId} className="day-input__echo" data-testid="day-input-echo">
          {dayInputEcho(read.day, locale)}
        </span>
      ) : (
        <span id={echoId} className="day-input__problem" data-testid="day-input-problem">
          {dayInputProblemText(read.problem)[locale]}
        </span>
      )}
    </span>
  );
}
