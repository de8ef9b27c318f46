// The one way a day and a time of day are typed (a note's 観察日時): a text box in 24-hour Japan
// time, not <input type="datetime-local">, whose look (mm/dd/yyyy, AM/PM) follows the browser's
// locale pack. The day part is read like DayInput (R8.12.6 14:05, 2026-12-06 14:05, 20261206 1405)
// and shown back — 「令和8年12月6日（日）14:05」 — or what is wrong with it.
//
// The value is YYYY-MM-DDTHH:mm in Japan time, '' when empty, or the text as typed when it is not a
// day and time (so the form's own check refuses it on saving).
import { dayInputEcho, dayInputProblemText, parseDayInput, parseTimeInput, type DayInputResult } from '@renkei/proto/calendar';
import { useId, useState } from 'react';
import { useLocale } from '../i18n/locale-context';
import './day-input.css';

export interface DateTimeInputProps {
  id?: string;
  value: string;
  onChange(value: string): void;
  'aria-describedby'?: string;
  'aria-invalid'?: true | boolean;
}

const PLACEHOLDER = { ja: '例: R8.12.6 14:05、2026-12-06 14:05', en: 'e.g. 2026-12-06 14:05' } as const;
const NO_TIME = {
  ja: '時刻が読めません。日付のあとに24時間制で「14:05」のように入力してください。',
  en: 'No time of day. Type it after the date, 24-hour, like 14:05.',
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

type Reading = { day: DayInputResult; time: { hour: number; minute: number } | undefined };

function readDateTime(text: string): Reading | null {
  const trimmed = text.normalize('NFKC').trim();
  if (trimmed === '') return null;
  // The time is the last part: after a space or a T (2026-12-06T14:05, as the value is written).
  const match = /^(.*?)(?:\s+|T)([\d:時分]+)$/.exec(trimmed);
  if (!match) return { day: parseDayInput(trimmed), time: undefined };
  return { day: parseDayInput(match[1]!), time: parseTimeInput(match[2]!) };
}

/** What a typed text means: YYYY-MM-DDTHH:mm, '' for nothing typed, or the text itself when it is no day and time. */
export function dateTimeInputValue(text: string): string {
  const reading = readDateTime(text);
  if (reading === null) return '';
  if (!('day' in reading.day) || reading.time === undefined) return text.trim();
  return `${reading.day.day.toString()}T${pad(reading.time.hour)}:${pad(reading.time.minute)}`;
}

/** The text shown for a value: 2026-12-06 14:05. */
const shown = (value: string) => value.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/, '$1 $2');

export function DateTimeInput({ id, value, onChange, ...aria }: DateTimeInputProps) {
  const { locale } = useLocale();
  const echoId = useId();
  const [text, setText] = useState(() => shown(value));
  const [seenValue, setSeenValue] = useState(value);
  // A value set from outside replaces what was typed.
  if (value !== seenValue) {
    setSeenValue(value);
    if (dateTimeInputValue(text) !== value) setText(shown(value));
  }
  const reading = readDateTime(text);
  const problem =
    reading === null ? null : 'problem' in reading.day ? dayInputProblemText(reading.day.problem)[locale] : reading.time === undefined ? NO_TIME[locale] : null;
  const describedBy = [aria['aria-describedby'], reading ? echoId : null].filter(Boolean).join(' ') || undefined;
  return (
    <span className="day-input">
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        className="day-input__text day-input__text--time"
        value={text}
        placeholder={PLACEHOLDER[locale]}
        aria-describedby={describedBy}
        aria-invalid={aria['aria-invalid'] || problem !== null || undefined}
        onChange={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          onChange(dateTimeInputValue(typed));
        }}
      />
      {reading === null ? null : problem === null && 'day' in reading.day && reading.time ? (
        <span id={echoId} className="day-input__echo" data-testid="day-input-echo">
          {`${dayInputEcho(reading.day.day, locale)} ${pad(reading.time.hour)}:${pad(reading.time.minute)}`}
        </span>
      ) : (
        <span id={echoId} className="day-input__problem" data-testid="day-input-problem">
          {problem}
        </span>
      )}
    </span>
  );
}
