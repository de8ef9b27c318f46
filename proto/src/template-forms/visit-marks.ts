// Visit marks of the 訪問看護報告書 calendar: the mark itself is the stored value, and marks of one
// day are listed in this order.
import type { Label } from '../labels';

export const VISIT_MARKS: readonly { mark: string; label: Label }[] = [
  { mark: '○', label: { ja: '訪問', en: 'Visit' } },
  { mark: '◎', label: { ja: '1日2回以上の訪問', en: 'Two or more visits in a day' } },
  { mark: '□', label: { ja: '長時間訪問', en: 'Long visit' } },
  { mark: '◇', label: { ja: '理学療法士等による訪問', en: 'Visit by a therapist' } },
  { mark: '△', label: { ja: '特別訪問看護指示書に基づく訪問', en: 'Visit under a special instruction' } },
  { mark: '×', label: { ja: '緊急時訪問', en: 'Emergency visit' } },
];

const ORDER = new Map(VISIT_MARKS.map((m, index) => [m.mark, index]));

export function isVisitMark(mark: string): boolean {
  return ORDER.has(mark);
}

/** Where a mark sorts among a day's marks; unknown marks last. */
export function visitMarkRank(mark: string): number {
  return ORDER.get(mark) ?? VISIT_MARKS.length;
}
