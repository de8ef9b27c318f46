// Line breaking for Japanese text on a printed page: Japanese has no spaces, so a line may break
// between any two characters, except where the rules of 禁則処理 (JIS X 4051) keep a character
// with its neighbour.

// Characters that may not begin a line (行頭禁則) or end one (行末禁則), after JIS X 4051, kept
// to the ones that occur in clinical notes.
const NO_LINE_START = new Set([...'、。，．,.・：；:;？！?!)）]］}｝〕〉》」』】〙〗〟’”ー～々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ％%']);
const NO_LINE_END = new Set([...'(（[［{｛〔〈《「『【〘〖〝‘“']);

const segmenter = new Intl.Segmenter('ja', { granularity: 'grapheme' });

// Latin words and numbers ("5mg", "SpO2", "DESIGN-R") are kept whole like in English; every other
// character (kanji, kana, full-width forms) is a unit of its own, as Japanese has no spaces.
const LATIN = /^[\u0021-\u007e\u00a0-\u024f]+$/u;

function units(paragraph: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(paragraph)) {
    const previous = out[out.length - 1];
    if (previous !== undefined && segment !== ' ' && previous !== ' ' && LATIN.test(segment) && LATIN.test(previous)) {
      out[out.length - 1] = previous + segment;
    } else {
      out.push(segment);
    }
  }
  return out;
}

const firstChar = (unit: string) => [...unit][0] ?? '';
const lastChar = (unit: string) => [...unit].at(-1) ?? '';

/**
 * Breaks text into lines no wider than `maxWidth` as measured by `measure`. Honours newlines
 * (an empty line stays a line). Breaks between any two Japanese characters, and in Latin text at
 * spaces; a word wider than the line is cut. When a line would begin with a closing bracket or
 * punctuation (、。）」…) or end with an opening bracket, the break moves earlier (追い出し) so the
 * character stays with its neighbour.
 */
export function wrapText(text: string, maxWidth: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const parts = units(paragraph);
    if (parts.length === 0) {
      lines.push('');
      continue;
    }
    const widths = parts.map((part) => measure(part));
    let start = 0;
    while (start < parts.length) {
      let width = 0;
      let end = start;
      while (end < parts.length && width + widths[end]! <= maxWidth) {
        width += widths[end]!;
        end++;
      }
      if (end === parts.length) {
        lines.push(parts.slice(start).join('').trimEnd());
        break;
      }
      if (end === start) {
        // One unit wider than the line: a long Latin word is cut into characters; a single
        // character wider than the line gets a line of its own.
        const chars = [...parts[start]!];
        if (chars.length > 1) {
          parts.splice(start, 1, ...chars);
          widths.splice(start, 1, ...chars.map((c) => measure(c)));
          continue;
        }
        end = start + 1;
      } else {
        const forbidden = (at: number) => at < parts.length && (NO_LINE_START.has(firstChar(parts[at]!)) || NO_LINE_END.has(lastChar(parts[at - 1]!)));
        let breakAt = end;
        while (breakAt > start + 1 && forbidden(breakAt)) breakAt--;
        if (!forbidden(breakAt)) end = breakAt;
      }
      lines.push(parts.slice(start, end).join('').trimEnd());
      start = end;
      while (start < parts.length && parts[start] === ' ') start++;
    }
  }
  return lines;
}

// Control characters other than the line break are not printable; a tab becomes spaces.
export function printable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}
