// Patients registered before the emergency information existed carry their key person as one line
// of free text from registration (「妻 宮崎幸子 090-3261-4408」). The editor offers that line as a
// first key person for the user to confirm, instead of making them copy it by hand: the phone
// number, a relation word at the start, the first word left as the name, whatever else as the
// note. Nothing is saved until the user saves, and the line itself stays shown beside it.
import type { KeyPersonView } from '../../../shared/emergency-views';

// 090-3261-4408, 0985-22-1234, 03(1234)5678, +81 90 3261 4408, 09032614408.
const PHONE = /(?:\+81[\s-]?|0)\d{1,4}[\s\-(]{0,2}\d{1,4}[\s\-)]{0,2}\d{3,4}/;
// Longest first: 「長男の妻」 before 「長男」.
const RELATIONS = [
  '長男の妻',
  '次男の妻',
  '長女の夫',
  '次女の夫',
  '内縁の妻',
  '内縁の夫',
  '成年後見人',
  '長男',
  '長女',
  '次男',
  '次女',
  '三男',
  '三女',
  '息子',
  '娘',
  '義兄',
  '義姉',
  '義弟',
  '義妹',
  '後見人',
  '保佐人',
  '補助人',
  '妻',
  '夫',
  '父',
  '母',
  '兄',
  '姉',
  '弟',
  '妹',
  '孫',
  '甥',
  '姪',
  '嫁',
  '婿',
  '友人',
  '知人',
  '隣人',
];

export function keyPersonFromMemo(memo: string): KeyPersonView | null {
  // Full-width digits and spaces, as typed on Japanese keyboards, count as the ASCII ones.
  const text = memo.normalize('NFKC').trim();
  if (text === '') return null;
  const phoneMatch = PHONE.exec(text);
  const phone = phoneMatch ? phoneMatch[0].replace(/\s+/g, '-') : '';
  const withoutPhone = phoneMatch ? `${text.slice(0, phoneMatch.index)} ${text.slice(phoneMatch.index + phoneMatch[0].length)}` : text;
  // 「山田花子（同居）」: what is in brackets is a note about the person, not their name.
  const asides = [...withoutPhone.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.trim()).filter((aside) => aside !== '');
  const rest = withoutPhone
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[、,;；:：/／]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const relation = RELATIONS.find((word) => rest.startsWith(word)) ?? '';
  const [name = '', ...others] = rest.slice(relation.length).trim().split(' ');
  return { name, relation, phone, note: [...others, ...asides].join(' ') };
}
