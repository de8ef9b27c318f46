// Who wrote or filed something, as they were then: name, profession, office (真正性).
import type { RecordAuthorView } from '../../../shared/desktop-api';
import { writtenName } from '../../format/person-name';
import { professionLabel } from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import './chart.css';

export function AuthorLine({ author, you }: { author: RecordAuthorView; you?: boolean }) {
  const t = useMessages();
  const { locale } = useLocale();
  return (
    <span className="author">
      <span className="author__name">{writtenName(author.name)}</span>
      <span className="author__detail">
        {professionLabel(author.profession, locale)}
        {author.facilityName !== '' ? ` · ${author.facilityName}` : ''}
      </span>
      {you ? <span className="tag tag--you">{t('you')}</span> : null}
    </span>
  );
}
