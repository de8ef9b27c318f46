// The fields of a filed document that a new version can change, as text to compare: what the
// history shows under each version (a corrected date, another issuer, a replaced file).
import type { DocumentView, Locale } from '../../../shared/desktop-api';
import type { useMessages } from '../../i18n/locale-context';
import { formatRecordDay } from '../shared/chart-dates';
import { documentTypeLabel } from '../shared/chart-labels';
import type { FieldVersions } from '../shared/text-diff';

export function documentFields(t: ReturnType<typeof useMessages>, locale: Locale, era: boolean, before: DocumentView, after: DocumentView): FieldVersions[] {
  const day = (text: string) => formatRecordDay(text, locale, era);
  const period = (v: DocumentView) => (v.validFrom !== '' || v.validUntil !== '' ? `${day(v.validFrom)} 〜 ${day(v.validUntil)}` : '');
  // The file is compared by its hash: the same name may hold another scan.
  const file = (v: DocumentView) => `${v.fileName}\u0000${v.sha256}`;
  return [
    {
      key: 'documentType',
      label: t('documentTypeLabel'),
      before: documentTypeLabel(before.documentType, locale),
      after: documentTypeLabel(after.documentType, locale),
      whole: true,
    },
    { key: 'title', label: t('documentTitleLabel'), before: before.title, after: after.title },
    { key: 'issuedOn', label: t('issuedOnLabel'), before: day(before.issuedOn), after: day(after.issuedOn), whole: true },
    { key: 'issuer', label: t('issuerLabel'), before: before.issuer, after: after.issuer },
    { key: 'validity', label: t('columnValidity'), before: period(before), after: period(after), whole: true },
    { key: 'note', label: t('documentNoteLabel'), before: before.note, after: after.note },
    ...(file(before) === file(after)
      ? []
      : [
          {
            key: 'file',
            label: t('columnFile'),
            before: before.fileName,
            after: after.fileName === before.fileName ? t('fileReplaced', { after: after.fileName }) : after.fileName,
            whole: true,
          },
        ]),
  ];
}
