// A filled shared template printed as a PDF. 見読性 (readability, one of the three principles of
// electronic medical records) requires that every stored document can always be displayed and
// printed; the PDF is also what goes to the patient's home file or to a facility without Renkei.
// It therefore shows everything stored, never fails on odd values, and says on every page whose
// version it is and whether it was finalised (真正性: who wrote what, and when).
//
// Japanese text needs a Japanese font (PDF base fonts have no kanji). IPAexGothic is embedded as a
// subset, so a two-page document stays in the tens of kilobytes instead of carrying 4 MB of font.
import { access, readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { PROFESSION_LABELS, SEX_LABELS } from '@renkei/proto/labels';
import {
  TEMPLATE_FORMS,
  templateField,
  VISIT_MARKS,
  type TemplateField,
  type TemplateForm,
  type TemplateKind,
  type TemplateValues,
} from '@renkei/proto/template-forms';
import {
  ageOn,
  type CalendarDate,
  dayText,
  daysInMonthOf,
  formatWarekiBirthDate,
  formatWarekiDateTime,
  formatWarekiDay,
  formatWarekiMonth,
  japanDayOf,
  parseDay,
  weekdayOf,
} from '@renkei/proto/calendar';

export interface TemplatePdfInput {
  kind: TemplateKind;
  values: TemplateValues;
  version: number;
  patient: {
    familyName: string;
    givenName: string;
    familyNameKana: string;
    givenNameKana: string;
    birthDate: string;
    /** SEX_* */
    sex: string;
  };
  finalisedBy?: { name: string; profession: string; facilityName: string; at: string /* ISO */ };
  lastEditedBy: { name: string; at: string };
  /** ISO instant. */
  printedAt: string;
}

export interface TemplatePdfOptions {
  /** A TrueType/OpenType font with Japanese glyphs; otherwise RENKEI_PDF_FONT, then IPAexGothic. */
  fontPath?: string;
}

// Debian's fonts-ipaexfont-gothic; the second is the alternatives link it (or another Japanese
// gothic) registers.
export const DEFAULT_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
];

const FONT_PACKAGE_HINT =
  'install the Debian package fonts-ipaexfont-gothic (IPAexGothic), or set RENKEI_PDF_FONT to a TrueType/OpenType font with Japanese glyphs';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The font file to embed: the option, else RENKEI_PDF_FONT, else the first installed default. */
export async function resolvePdfFontPath(fontPath?: string): Promise<string> {
  const env = process.env.RENKEI_PDF_FONT;
  const explicit = fontPath ?? (env ? env : undefined);
  if (explicit !== undefined) {
    if (await exists(explicit)) return explicit;
    const source = fontPath !== undefined ? 'the fontPath option' : 'RENKEI_PDF_FONT';
    throw new Error(`The PDF font ${explicit} (from ${source}) does not exist: ${FONT_PACKAGE_HINT}.`);
  }
  for (const candidate of DEFAULT_FONT_PATHS) {
    if (await exists(candidate)) return candidate;
  }
  throw new Error(`No Japanese font found to print templates (looked for ${DEFAULT_FONT_PATHS.join(', ')}): ${FONT_PACKAGE_HINT}.`);
}

// The font file is read once per path: printing is frequent, the file is large, and it does not change.
const fontBytesCache = new Map<string, Promise<Uint8Array>>();

function fontBytes(path: string): Promise<Uint8Array> {
  let bytes = fontBytesCache.get(path);
  if (!bytes) {
    bytes = readFile(path).then((buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    bytes.catch(() => fontBytesCache.delete(path));
    fontBytesCache.set(path, bytes);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Dates as printed: 和暦 in Japan time. A printout shows what was stored rather than failing, so
// text that is not a day or an instant is printed as it is.

/** A YYYY-MM-DD day as "令和6年4月1日". */
function printedDay(text: string): string {
  const day = parseDay(text);
  return day ? formatWarekiDay(day) : text;
}

/** A birth date as "昭和13年4月2日（1938年）". */
function printedBirthDate(text: string): string {
  const day = parseDay(text);
  return day ? formatWarekiBirthDate(day) : text;
}

/** An ISO instant as "令和6年4月1日 09:05" in Japan time. */
function printedDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatWarekiDateTime(new Date(ms));
}

// ---------------------------------------------------------------------------------------------
// Line breaking for Japanese

// Characters that may not begin a line (行頭禁則) or end one (行末禁則), after JIS X 4051, kept
// to the ones that occur in clinical notes.
const NO_LINE_START = new Set([
  ...'、。，．,.・：；:;？！?!)）]］}｝〕〉》」』】〙〗〟’”ー～々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ％%',
]);
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
        const forbidden = (at: number) =>
          at < parts.length && (NO_LINE_START.has(firstChar(parts[at]!)) || NO_LINE_END.has(lastChar(parts[at - 1]!)));
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
function printable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

// ---------------------------------------------------------------------------------------------
// Page layout (points; A4 portrait)

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = { left: 42, right: 42, top: 40, bottom: 58 };
const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
const LABEL_WIDTH = 130;
const PAD_X = 5;
const PAD_Y = 3;
const SIZE = { title: 18, running: 8.5, section: 10.5, label: 9, value: 10, small: 8, footer: 8 };
const BAR_HEIGHT = 17;
const lineHeight = (size: number) => size * 1.55;

const COLOR = {
  text: rgb(0.1, 0.1, 0.1),
  muted: rgb(0.42, 0.42, 0.42),
  labelFill: rgb(0.94, 0.94, 0.94),
  sectionFill: rgb(0.84, 0.88, 0.93),
  rule: rgb(0.62, 0.62, 0.62),
  draft: rgb(0.78, 0.1, 0.1),
  sunday: rgb(0.7, 0.1, 0.1),
};

const EMPTY = '（記載なし）';

interface Run {
  text: string;
  size: number;
  color?: RGB;
}

class TemplateDocumentWriter {
  private readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly widthCache = new Map<string, number>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly input: TemplatePdfInput,
    private readonly form: TemplateForm,
  ) {}

  private width(text: string, size: number): number {
    let unit = this.widthCache.get(text);
    if (unit === undefined) {
      unit = this.font.widthOfTextAtSize(text, 1);
      this.widthCache.set(text, unit);
    }
    return unit * size;
  }

  private wrap(text: string, maxWidth: number, size: number): string[] {
    return wrapText(printable(text), maxWidth, (unit) => this.width(unit, size));
  }

  /** Draws one line of text in a line box whose top is `top`. */
  private line(text: string, x: number, top: number, size: number, color: RGB = COLOR.text, page: PDFPage = this.page): void {
    if (text === '') return;
    const baseline = top - (lineHeight(size) - size) / 2 - size * 0.88;
    page.drawText(text, { x, y: baseline, size, font: this.font, color });
  }

  private rule(y: number, page: PDFPage = this.page): void {
    page.drawLine({ start: { x: MARGIN.left, y }, end: { x: PAGE_WIDTH - MARGIN.right, y }, thickness: 0.5, color: COLOR.rule });
  }

  private get patientName(): string {
    const p = this.input.patient;
    return `${p.familyName} ${p.givenName}`.trim();
  }

  private get patientKana(): string {
    const p = this.input.patient;
    return `${p.familyNameKana} ${p.givenNameKana}`.trim();
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.y = PAGE_HEIGHT - MARGIN.top;
    if (this.pages.length > 1) this.runningHeader();
  }

  /** Pages after the first repeat who and what this is, as pages get separated. */
  private runningHeader(): void {
    const title = `${this.form.title.ja}（続き）`;
    const right = `${this.patientName} 様（${this.patientKana}）　${printedBirthDate(this.input.patient.birthDate)}生　第${this.input.version}版`;
    const top = this.y;
    this.line(title, MARGIN.left, top, 10.5);
    this.line(right, PAGE_WIDTH - MARGIN.right - this.width(right, SIZE.running), top + 1, SIZE.running, COLOR.muted);
    this.y -= lineHeight(10.5) + 3;
    this.rule(this.y);
    this.y -= 8;
  }

  private ensure(height: number): boolean {
    if (this.y - height >= MARGIN.bottom) return false;
    this.newPage();
    return true;
  }

  start(): void {
    this.newPage();
    const title = this.form.title.ja;
    const titleWidth = this.width(title, SIZE.title);
    this.line(title, (PAGE_WIDTH - titleWidth) / 2, this.y, SIZE.title);
    this.y -= lineHeight(SIZE.title);
    const status = this.input.finalisedBy ? `第${this.input.version}版` : `第${this.input.version}版　未確定（下書き）`;
    this.line(status, PAGE_WIDTH - MARGIN.right - this.width(status, SIZE.small), this.y, SIZE.small, this.input.finalisedBy ? COLOR.muted : COLOR.draft);
    this.y -= lineHeight(SIZE.small) + 4;
    this.patientBlock();
  }

  private patientBlock(): void {
    const p = this.input.patient;
    const birth = parseDay(p.birthDate);
    const printedOn = Number.isNaN(Date.parse(this.input.printedAt)) ? undefined : japanDayOf(new Date(this.input.printedAt));
    const age = birth && printedOn ? `（${ageOn(birth, printedOn)}歳）` : '';
    const sex = Object.hasOwn(SEX_LABELS, p.sex) ? SEX_LABELS[p.sex as keyof typeof SEX_LABELS].ja : p.sex;
    this.sectionBar('患者');
    this.row('ふりがな', [{ text: this.patientKana, size: SIZE.small }]);
    this.row('氏名', [{ text: `${this.patientName} 様`, size: 13 }]);
    this.row('生年月日', [{ text: `${printedBirthDate(p.birthDate)}生${age}`, size: SIZE.value }]);
    this.row('性別', [{ text: sex, size: SIZE.value }]);
  }

  sectionBar(title: string): void {
    // A heading is kept with at least the first row after it, and set off from the row before.
    if (!this.ensure(BAR_HEIGHT + 36)) this.y -= 6;
    this.page.drawRectangle({ x: MARGIN.left, y: this.y - BAR_HEIGHT, width: CONTENT_WIDTH, height: BAR_HEIGHT, color: COLOR.sectionFill });
    this.line(title, MARGIN.left + PAD_X, this.y - (BAR_HEIGHT - lineHeight(SIZE.section)) / 2, SIZE.section);
    this.y -= BAR_HEIGHT;
  }

  /** A label on the left and a short value on the right; never split across pages. */
  row(label: string, runs: readonly Run[]): void {
    const valueX = MARGIN.left + LABEL_WIDTH + PAD_X;
    const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - 2 * PAD_X;
    const labelLines = this.wrap(label, LABEL_WIDTH - 2 * PAD_X, SIZE.label);
    const valueLines = runs.flatMap((run) => this.wrap(run.text, valueWidth, run.size).map((text) => ({ ...run, text })));
    const labelHeight = labelLines.length * lineHeight(SIZE.label);
    const valueHeight = valueLines.reduce((sum, l) => sum + lineHeight(l.size), 0);
    const height = Math.max(labelHeight, valueHeight) + 2 * PAD_Y;
    if (height > PAGE_HEIGHT - MARGIN.top - MARGIN.bottom - 60) {
      this.longField(label, runs.map((r) => r.text).join('\n'));
      return;
    }
    this.ensure(height);
    this.page.drawRectangle({ x: MARGIN.left, y: this.y - height, width: LABEL_WIDTH, height, color: COLOR.labelFill });
    let top = this.y - PAD_Y;
    for (const text of labelLines) {
      this.line(text, MARGIN.left + PAD_X, top, SIZE.label, COLOR.muted);
      top -= lineHeight(SIZE.label);
    }
    top = this.y - PAD_Y;
    for (const l of valueLines) {
      this.line(l.text, valueX, top, l.size, l.color);
      top -= lineHeight(l.size);
    }
    this.y -= height;
    this.rule(this.y);
  }

  private labelBar(label: string): void {
    const height = lineHeight(SIZE.label) + 2 * PAD_Y;
    this.page.drawRectangle({ x: MARGIN.left, y: this.y - height, width: CONTENT_WIDTH, height, color: COLOR.labelFill });
    this.line(label, MARGIN.left + PAD_X, this.y - PAD_Y, SIZE.label, COLOR.muted);
    this.y -= height + 2;
  }

  /** A label above a long value in the full width; split across pages line by line. */
  longField(label: string, text: string, color: RGB = COLOR.text): void {
    const size = SIZE.value;
    const lines = this.wrap(text, CONTENT_WIDTH - 2 * PAD_X, size);
    const barHeight = lineHeight(SIZE.label) + 2 * PAD_Y + 2;
    this.ensure(barHeight + Math.min(lines.length, 2) * lineHeight(size) + PAD_Y);
    this.labelBar(label);
    let continued = false;
    for (const text of lines) {
      if (this.ensure(lineHeight(size))) {
        this.labelBar(`${label}（続き）`);
        continued = true;
      }
      // A blank line between paragraphs is not carried to the top of the next page.
      if (continued && text === '') continue;
      continued = false;
      this.line(text, MARGIN.left + PAD_X, this.y, size, color);
      this.y -= lineHeight(size);
    }
    this.y -= PAD_Y;
    this.rule(this.y);
  }

  /** The visit days as month calendars with their marks, as on the paper report. */
  visitCalendar(label: string, value: unknown): void {
    const entries = Array.isArray(value)
      ? value.filter((e): e is { date: string; mark: string } => typeof e?.date === 'string' && typeof e?.mark === 'string')
      : [];
    if (entries.length === 0) {
      this.row(label, [{ text: EMPTY, size: SIZE.value, color: COLOR.muted }]);
      return;
    }
    // Keyed by the month's first day as YYYY-MM-DD, so the months sort as text.
    const byMonth = new Map<string, { first: CalendarDate; marks: Map<number, string[]> }>();
    const undated: string[] = [];
    for (const entry of entries) {
      const day = parseDay(entry.date);
      if (!day) {
        undated.push(`${entry.date} ${entry.mark}`);
        continue;
      }
      const first = day.set({ day: 1 });
      const month = byMonth.get(dayText(first)) ?? { first, marks: new Map<number, string[]>() };
      month.marks.set(day.day, [...(month.marks.get(day.day) ?? []), entry.mark]);
      byMonth.set(dayText(first), month);
    }
    const legend = VISIT_MARKS.map((m) => `${m.mark} ${m.label.ja}`).join('　');
    const legendLines = this.wrap(legend, CONTENT_WIDTH - 2 * PAD_X, SIZE.small);
    const barHeight = lineHeight(SIZE.label) + 2 * PAD_Y + 2;
    const cellWidth = CONTENT_WIDTH / 7;
    const headHeight = 14;
    const cellHeight = 24;
    const monthTitleHeight = lineHeight(SIZE.value) + 2;

    this.ensure(barHeight + legendLines.length * lineHeight(SIZE.small) + monthTitleHeight + headHeight + 5 * cellHeight);
    this.labelBar(label);
    for (const text of legendLines) {
      this.line(text, MARGIN.left + PAD_X, this.y, SIZE.small, COLOR.muted);
      this.y -= lineHeight(SIZE.small);
    }
    for (const key of [...byMonth.keys()].sort()) {
      const { first, marks } = byMonth.get(key)!;
      const firstWeekday = weekdayOf(first);
      const daysInMonth = daysInMonthOf(first);
      const weeks = Math.ceil((firstWeekday + daysInMonth) / 7);
      if (this.ensure(monthTitleHeight + headHeight + weeks * cellHeight + 4)) this.labelBar(`${label}（続き）`);
      this.line(`${formatWarekiMonth(first.year, first.month)}（${first.year}年）`, MARGIN.left + PAD_X, this.y, SIZE.value);
      this.y -= monthTitleHeight;
      const gridTop = this.y;
      [...'日月火水木金土'].forEach((name, column) => {
        const x = MARGIN.left + column * cellWidth;
        this.page.drawRectangle({
          x,
          y: gridTop - headHeight,
          width: cellWidth,
          height: headHeight,
          color: COLOR.labelFill,
          borderColor: COLOR.rule,
          borderWidth: 0.5,
        });
        const top = gridTop - (headHeight - lineHeight(SIZE.small)) / 2;
        this.line(name, x + (cellWidth - SIZE.small) / 2, top, SIZE.small, column === 0 ? COLOR.sunday : COLOR.muted);
      });
      const cellsTop = gridTop - headHeight;
      for (let slot = 0; slot < weeks * 7; slot++) {
        const column = slot % 7;
        const x = MARGIN.left + column * cellWidth;
        const top = cellsTop - Math.floor(slot / 7) * cellHeight;
        this.page.drawRectangle({ x, y: top - cellHeight, width: cellWidth, height: cellHeight, borderColor: COLOR.rule, borderWidth: 0.5 });
        const dayNumber = slot - firstWeekday + 1;
        if (dayNumber < 1 || dayNumber > daysInMonth) continue;
        this.line(String(dayNumber), x + 3, top - 1, 7, column === 0 ? COLOR.sunday : COLOR.muted);
        const dayMarks = marks.get(dayNumber);
        if (dayMarks) {
          const text = dayMarks.join('');
          this.line(text, x + (cellWidth - this.width(text, 12)) / 2, top - 5, 12);
        }
      }
      this.y = cellsTop - weeks * cellHeight - 6;
    }
    if (undated.length > 0) this.longField(`${label}（日付不明）`, undated.join('\n'));
  }

  /** Footers, page numbers and the draft watermark, once the page count is known. */
  finish(): void {
    const { finalisedBy, lastEditedBy, version, printedAt } = this.input;
    let status: string;
    if (finalisedBy) {
      const profession = Object.hasOwn(PROFESSION_LABELS, finalisedBy.profession)
        ? PROFESSION_LABELS[finalisedBy.profession as keyof typeof PROFESSION_LABELS].ja
        : finalisedBy.profession;
      const role = [profession, finalisedBy.facilityName].filter((part) => part !== '').join('・');
      status = `第${version}版・確定: ${finalisedBy.name}（${role}）${printedDateTime(finalisedBy.at)}`;
    } else {
      status = `第${version}版・未確定（下書き）`;
    }
    const detail = `最終編集: ${lastEditedBy.name} ${printedDateTime(lastEditedBy.at)}　印刷: ${printedDateTime(printedAt)}`;
    const total = this.pages.length;
    this.pages.forEach((page, index) => {
      const numbers = `${index + 1} / ${total}`;
      const numbersWidth = this.width(numbers, SIZE.footer);
      const room = CONTENT_WIDTH - numbersWidth - 16;
      const top = MARGIN.bottom - 10;
      this.rule(top + 3, page);
      const statusSize = Math.min(SIZE.footer, (SIZE.footer * room) / Math.max(this.width(status, SIZE.footer), 1));
      this.line(status, MARGIN.left, top, statusSize, finalisedBy ? COLOR.text : COLOR.draft, page);
      this.line(numbers, PAGE_WIDTH - MARGIN.right - numbersWidth, top, SIZE.footer, COLOR.text, page);
      const detailSize = Math.min(7, (7 * room) / Math.max(this.width(detail, 7), 1));
      this.line(detail, MARGIN.left, top - lineHeight(SIZE.footer), detailSize, COLOR.muted, page);
      if (!finalisedBy) this.watermark(page);
    });
  }

  private watermark(page: PDFPage): void {
    const text = '未確定（下書き）';
    const size = 64;
    const angle = 35;
    const width = this.width(text, size);
    const radians = (angle * Math.PI) / 180;
    const x = PAGE_WIDTH / 2 - (width / 2) * Math.cos(radians) + (size / 2) * Math.sin(radians);
    const y = PAGE_HEIGHT / 2 - (width / 2) * Math.sin(radians) - (size / 2) * Math.cos(radians);
    page.drawText(text, { x, y, size, font: this.font, color: COLOR.draft, opacity: 0.12, rotate: degrees(angle) });
  }
}

function choiceLabel(field: TemplateField, value: string): string {
  return field.choices?.find((c) => c.value === value)?.label.ja ?? value;
}

/** Any stored value as text, whatever its shape: a printout never hides what was stored. */
function anyValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'from' in value && 'to' in value) {
    const range = value as { from: unknown; to: unknown };
    if (typeof range.from === 'string' && typeof range.to === 'string') return dateRangeText(range.from, range.to);
  }
  return JSON.stringify(value) ?? '';
}

function dateRangeText(from: string, to: string): string {
  const day = (text: string) => (text === '' ? '（未記入）' : printedDay(text));
  return `${day(from)} ～ ${day(to)}`;
}

function renderField(writer: TemplateDocumentWriter, field: TemplateField, value: unknown): void {
  const label = field.label.ja;
  const muted = { size: SIZE.value, color: COLOR.muted };
  const isEmpty =
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && 'from' in value && 'to' in value && value.from === '' && value.to === '');
  if (field.type === 'visitCalendar' && Array.isArray(value)) {
    writer.visitCalendar(label, value);
    return;
  }
  if (isEmpty) {
    writer.row(label, [{ text: EMPTY, ...muted }]);
    return;
  }
  switch (field.type) {
    case 'multiline':
      writer.longField(label, anyValueText(value));
      return;
    case 'date':
      writer.row(label, [{ text: typeof value === 'string' ? printedDay(value) : anyValueText(value), size: SIZE.value }]);
      return;
    case 'choice':
      writer.row(label, [{ text: typeof value === 'string' ? choiceLabel(field, value) : anyValueText(value), size: SIZE.value }]);
      return;
    default:
      writer.row(label, [{ text: anyValueText(value), size: SIZE.value }]);
  }
}

/** A filled template as an A4 PDF with an embedded Japanese font subset. */
export async function renderTemplatePdf(input: TemplatePdfInput, options: TemplatePdfOptions = {}): Promise<Uint8Array> {
  const form = TEMPLATE_FORMS[input.kind];
  if (!form) throw new Error(`Unknown template kind: ${String(input.kind)}`);
  const fontPath = await resolvePdfFontPath(options.fontPath);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await fontBytes(fontPath), { subset: true });

  const printedAt = Number.isNaN(Date.parse(input.printedAt)) ? new Date() : new Date(input.printedAt);
  doc.setTitle(`${form.title.ja} ${input.patient.familyName} ${input.patient.givenName}（第${input.version}版）`);
  doc.setLanguage('ja-JP');
  doc.setCreator('Renkei');
  doc.setProducer('Renkei');
  if (input.finalisedBy) doc.setAuthor(input.finalisedBy.name);
  doc.setCreationDate(printedAt);
  doc.setModificationDate(printedAt);

  const writer = new TemplateDocumentWriter(doc, font, input, form);
  writer.start();
  const values: Record<string, unknown> = input.values;
  for (const section of form.sections) {
    writer.sectionBar(section.title.ja);
    for (const field of section.fields) {
      renderField(writer, field, Object.hasOwn(values, field.key) ? values[field.key] : undefined);
    }
  }
  // Values the form no longer defines (written under an older definition) are still printed.
  const extra = Object.keys(values).filter((key) => !templateField(input.kind, key));
  if (extra.length > 0) {
    writer.sectionBar('様式外の項目');
    for (const key of extra) writer.longField(key, anyValueText(values[key]));
  }
  writer.finish();
  return doc.save();
}
