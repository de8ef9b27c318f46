// The visit calendar of a 訪問看護報告書, filled in as on paper: choose a mark (○ ◎ □ ◇ △ ×), then
// press the days it applies to; pressing again takes it off. The arrow keys move between days
// (one tab stop for the whole calendar). Without a reporting period there is no calendar to show,
// so days are added one by one; marks outside the period are listed so they can be removed.
import { isDay } from '@renkei/proto/calendar';
import { VISIT_MARKS, type DateRangeValue, type VisitMarkEntry } from '@renkei/proto/template-forms';
import { useState, type KeyboardEvent } from 'react';
import { DayInput } from '../../components/DayInput';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { calendarWeeks, marksOn, periodDays, shiftDay, sortVisits, toggleVisitMark } from './visit-calendar';
import './visit-calendar.css';

interface VisitCalendarInputProps {
  idPrefix: string;
  entries: readonly VisitMarkEntry[];
  period: DateRangeValue;
  editable: boolean;
  onChange(entries: VisitMarkEntry[]): void;
}

export function VisitCalendarInput({ idPrefix, entries, period, editable, onChange }: VisitCalendarInputProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const [mark, setMark] = useState(VISIT_MARKS[0]!.mark);
  const [focusDay, setFocusDay] = useState<string | null>(null);
  const [addDate, setAddDate] = useState('');
  const days = periodDays(period);
  const weeks = days !== null ? calendarWeeks(days) : [];
  const inPeriod = new Set(days ?? []);
  const outside = sortVisits(entries.filter((e) => !inPeriod.has(e.date)));
  const tabDay = focusDay !== null && inPeriod.has(focusDay) ? focusDay : (days?.[0] ?? null);
  const weekdays = locale === 'ja' ? ['日', '月', '火', '水', '木', '金', '土'] : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

  const dayLabel = (day: string) => {
    const [, m, d] = day.split('-').map(Number) as [number, number, number];
    return locale === 'ja' ? `${m}月${d}日` : `${d}/${m}`;
  };

  const moveFocus = (from: string, offset: number) => {
    const to = shiftDay(from, offset);
    if (to === null || !inPeriod.has(to)) return;
    setFocusDay(to);
    document.getElementById(`${idPrefix}-day-${to}`)?.focus();
  };

  const onDayKey = (event: KeyboardEvent<HTMLButtonElement>, day: string) => {
    const offsets: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    const offset = offsets[event.key];
    if (offset === undefined) return;
    event.preventDefault();
    moveFocus(day, offset);
  };

  return (
    <div className="visit-calendar">
      {editable ? (
        <div className="visit-calendar__palette" role="radiogroup" aria-label={t('visitMarkToEnter')}>
          <span className="visit-calendar__palette-label" aria-hidden="true">
            {t('visitMarkToEnter')}
          </span>
          {VISIT_MARKS.map((m) => (
            <label key={m.mark} className={`visit-mark-choice${mark === m.mark ? ' visit-mark-choice--chosen' : ''}`}>
              <input type="radio" name={`${idPrefix}-mark`} value={m.mark} checked={mark === m.mark} onChange={() => setMark(m.mark)} />
              <span className="visit-mark-choice__mark">{m.mark}</span>
              <span className="visit-mark-choice__label">{m.label[locale]}</span>
            </label>
          ))}
        </div>
      ) : null}

      {days === null ? (
        <p className="muted">{t('visitCalendarNeedsPeriod')}</p>
      ) : (
        <table className="visit-calendar__grid" aria-label={t('visitCalendarGridLabel')}>
          <thead>
            <tr>
              {weekdays.map((w, i) => (
                <th key={w} scope="col" className={i === 0 ? 'visit-calendar__sun' : i === 6 ? 'visit-calendar__sat' : undefined}>
                  {w}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, w) => (
              <tr key={w}>
                {week.map((day, i) =>
                  day === null ? (
                    <td key={i} />
                  ) : (
                    <td key={day}>
                      <DayCell
                        id={`${idPrefix}-day-${day}`}
                        day={day}
                        dayNumber={
                          day === days?.[0] || day.endsWith('-01') ? `${Number(day.slice(5, 7))}/${Number(day.slice(8))}` : String(Number(day.slice(8)))
                        }
                        label={dayLabel(day)}
                        marks={marksOn(entries, day)}
                        chosenMark={mark}
                        editable={editable}
                        tabbable={day === tabDay}
                        onToggle={() => {
                          setFocusDay(day);
                          onChange(toggleVisitMark(entries, day, mark));
                        }}
                        onKeyDown={(event) => onDayKey(event, day)}
                      />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {outside.length > 0 ? (
        <div className="visit-calendar__outside">
          <p className="field__problem">{days === null ? t('visitEntriesListed') : t('visitEntriesOutsidePeriod')}</p>
          <ul className="visit-calendar__entries">
            {outside.map((entry) => (
              <li key={`${entry.date}-${entry.mark}`}>
                <span>
                  {entry.date} {entry.mark}
                </span>
                {editable ? (
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    aria-label={t('removeVisitEntry', { entry: `${entry.date} ${entry.mark}` })}
                    onClick={() => onChange(entries.filter((e) => !(e.date === entry.date && e.mark === entry.mark)))}
                  >
                    {t('remove')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {editable && days === null ? (
        <div className="visit-calendar__add">
          <label htmlFor={`${idPrefix}-add-date`}>{t('visitDateToAdd')}</label>
          <DayInput id={`${idPrefix}-add-date`} value={addDate} onChange={setAddDate} />
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              if (!isDay(addDate)) return;
              if (!entries.some((e) => e.date === addDate && e.mark === mark)) onChange(sortVisits([...entries, { date: addDate, mark }]));
            }}
          >
            {t('addVisitMark', { mark })}
          </button>
        </div>
      ) : null}
      <p className="muted visit-calendar__count">{t('visitEntryCount', { count: entries.length })}</p>
    </div>
  );
}

interface DayCellProps {
  id: string;
  day: string;
  /** The day of the month; with its month on the first day shown and on each 1st. */
  dayNumber: string;
  label: string;
  marks: string[];
  chosenMark: string;
  editable: boolean;
  tabbable: boolean;
  onToggle(): void;
  onKeyDown(event: KeyboardEvent<HTMLButtonElement>): void;
}

function DayCell({ id, dayNumber, label, marks, chosenMark, editable, tabbable, onToggle, onKeyDown }: DayCellProps) {
  const t = useMessages();
  const content = (
    <>
      <span className="visit-day__number">{dayNumber}</span>
      <span className="visit-day__marks">{marks.join('')}</span>
    </>
  );
  if (!editable) {
    return (
      <span className="visit-day visit-day--static" aria-label={t('visitDayLabel', { day: label, marks: marks.join(' ') || t('noVisit') })}>
        {content}
      </span>
    );
  }
  return (
    <button
      id={id}
      type="button"
      className={`visit-day${marks.length > 0 ? ' visit-day--marked' : ''}`}
      aria-pressed={marks.includes(chosenMark)}
      aria-label={t('visitDayLabel', { day: label, marks: marks.join(' ') || t('noVisit') })}
      tabIndex={tabbable ? 0 : -1}
      onClick={onToggle}
      onKeyDown={onKeyDown}
    >
      {content}
    </button>
  );
}
