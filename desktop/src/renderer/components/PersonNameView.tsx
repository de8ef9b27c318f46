// A Japanese name as forms print it: the kana reading small above the name in kanji. Long names
// wrap inside their column instead of pushing the layout wider.
import type { PersonName } from '../../shared/desktop-api';
import { kanaName, writtenName } from '../format/person-name';
import './person-name.css';

export function PersonNameView({ name, size = 'normal' }: { name: PersonName; size?: 'normal' | 'large' }) {
  const kana = kanaName(name);
  return (
    <span className={`person-name person-name--${size}`}>
      {kana !== '' ? <span className="person-name__kana">{kana}</span> : null}
      <span className="person-name__written">{writtenName(name)}</span>
    </span>
  );
}
