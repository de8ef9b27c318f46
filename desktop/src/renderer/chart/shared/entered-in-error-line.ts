// Who marked a record 入力誤り, and when, in words: for a note, the version that withdrew it (its
// author and save time); for vital signs, the mark kept with the observation. Said explicitly so the
// author line is not read as the record's writer.
import type { Locale, RecordAuthorView } from '../../../shared/desktop-api';
import { writtenName } from '../../format/person-name';
import type { useMessages } from '../../i18n/locale-context';
import { formatDateTime } from './chart-dates';

type Messages = ReturnType<typeof useMessages>;

export interface EnteredInErrorMark {
  by: RecordAuthorView;
  /** ISO instant. */
  at: string;
}

/** The sentence for a note's card and history, or the short tag of a table row (`short`). */
export function enteredInErrorLine(t: Messages, locale: Locale, mark: EnteredInErrorMark, options: { era?: boolean; short?: boolean } = {}): string {
  const name = writtenName(mark.by.name);
  const office = mark.by.facilityName;
  const words = { who: office === '' ? name : t('personOfOffice', { name, office }), time: formatDateTime(mark.at, locale, options.era) };
  return options.short ? t('enteredInErrorShort', words) : t('enteredInErrorBy', words);
}
