// What a record list says besides its rows: that the role keeps some records from this user
// (「あなたの役割では閲覧できない記録があります」), so an empty list is not read as "nothing was
// shared"; or, when nothing is kept from them and there are no rows, that there are none yet.
import { useMessages } from '../../i18n/locale-context';

export function ListNote({ empty, hidden, emptyText }: { empty: boolean; hidden: boolean; emptyText: string }) {
  const t = useMessages();
  if (hidden) return <p className="muted records-hidden">{t('recordsHiddenForRole')}</p>;
  return empty ? <p className="muted">{emptyText}</p> : null;
}
