// Who marked a progress note 入力誤り, and when. The version that withdrew the note is the marker's
// (its author and save time), so the card and the history say it in words rather than leave the
// author line to be read as the note's writer.
import type { Locale, ProgressNoteView } from '../../../shared/desktop-api';
import { writtenName } from '../../format/person-name';
import type { useMessages } from '../../i18n/locale-context';
import { formatDateTime } from '../shared/chart-dates';

export function enteredInErrorLine(t: ReturnType<typeof useMessages>, locale: Locale, version: ProgressNoteView): string {
  const name = writtenName(version.author.name);
  const office = version.author.facilityName;
  return t('enteredInErrorBy', {
    who: office === '' ? name : t('personOfOffice', { name, office }),
    time: formatDateTime(version.recordedAt, locale),
  });
}
