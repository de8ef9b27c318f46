// What changed between two versions of a record's text, word by word. Japanese has no spaces
// between words, so the words are found by the browser's Intl.Segmenter for Japanese (ICU's
// dictionary: 利尿薬を増量 → 利尿 / 薬 / を / 増量) and compared by jsdiff: a changed value shows
// as 132 → 138 rather than the whole line struck out and written again.
import { diffWords } from 'diff';
import type { Locale } from '../../../shared/desktop-api';

export type DiffChange = 'same' | 'added' | 'removed';

export interface DiffPart {
  change: DiffChange;
  text: string;
}

const segmenters = new Map<Locale, Intl.Segmenter>();

function wordSegmenter(locale: Locale): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/** The parts of `after` kept from `before`, added, and removed, in reading order. */
export function textDiff(before: string, after: string, locale: Locale = 'ja'): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ change: 'same', text: before }];
  // Japanese segmentation also splits English and numbers sensibly (BP / 132 / 78), so one
  // segmenter serves whatever language the record was written in.
  const changes = diffWords(before, after, { intlSegmenter: wordSegmenter(locale === 'en' ? 'ja' : locale) });
  return changes.map((c) => ({ change: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/** One field of a record as it read in two versions. */
export interface FieldVersions {
  key: string;
  label: string;
  before: string;
  after: string;
  /** Compared as one value (a date, a time, a choice): shown as before → after, not word by word. */
  whole?: boolean;
}

/** The fields whose text differs, in the order given. */
export function changedFields(fields: readonly FieldVersions[]): FieldVersions[] {
  return fields.filter((field) => field.before !== field.after);
}
