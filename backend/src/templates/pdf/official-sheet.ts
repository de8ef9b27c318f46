// What the forms printed in their official one-page layouts share (訪問看護指示書, 訪問看護計画書,
// 訪問看護報告書): ruled rows of grey label cells and value boxes that keep their places whatever
// was written, so staff can check a sheet against the paper form by eye. Text that does not fit its
// box even at the smallest size is cut with 「（別紙に続く）」 and printed whole on a 別紙 page after
// the sheet, which is how the paper forms are extended; nothing written is ever lost.
import { rgb, type PDFPage } from 'pdf-lib';
import { CARE_LEVEL_LABELS, type CareLevelName } from '@renkei/proto/labels';
import type { TemplateValues } from '@renkei/proto/template-forms';
import { COLOR, lineHeight, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, type PageWriter } from './page-writer';
import { ageWhenPrinted, printedBirthDate, printedDay } from './printed-dates';

export const CONTINUED_MARK = '（別紙に続く）';

export const LEFT = MARGIN.left - 6;
export const RIGHT = PAGE_WIDTH - MARGIN.right + 6;
export const WIDTH = RIGHT - LEFT;
const LABEL_WIDTH = 104;
export const PAD = 2;
/** Leading inside the boxes: tighter than running text, as on the paper forms. */
export const boxLine = (size: number) => size * 1.3;
/** writer.line() sets a line in a box of lineHeight(size); this puts its glyphs at the top of a tighter one. */
const lineTop = (top: number, size: number, index: number) => top + (lineHeight(size) - boxLine(size)) / 2 - index * boxLine(size);
const MIN_TEXT_SIZE = 7;
const TEXT_SIZES = [9, 8, MIN_TEXT_SIZE] as const;
const LABEL_SIZE = 7.5;
export const BORDER = rgb(0.2, 0.2, 0.2);
/** How a day not yet written prints: room to write it by hand. */
export const BLANK_DAY = '　　年　　月　　日';

export const str = (values: TemplateValues, key: string): string => {
  const value = values[key];
  return typeof value === 'string' ? value : '';
};

/** A stored day as the form writes it, or room to write one by hand. */
export const dayOrBlank = (text: string): string => (text === '' ? BLANK_DAY : printedDay(text));

/** 要介護認定の状況 as the official rows list it: 自立 要支援（1 2） 要介護（1 2 3 4 5）, the patient's marked. */
export function careLevelLine(chosen: string): string {
  const mark = (level: CareLevelName, text: string) => `${chosen === level ? '■' : '□'}${text}`;
  const line = [
    mark('CARE_LEVEL_NOT_CERTIFIED' as CareLevelName, '自立（非該当・未申請）'),
    `要支援（${mark('CARE_LEVEL_SUPPORT_1' as CareLevelName, '1')} ${mark('CARE_LEVEL_SUPPORT_2' as CareLevelName, '2')}）`,
    `要介護（${[1, 2, 3, 4, 5].map((n) => mark(`CARE_LEVEL_CARE_${n}` as CareLevelName, String(n))).join(' ')}）`,
  ].join(' ');
  // A level the row does not list (申請中 and the like) is named after it.
  const listed = /^CARE_LEVEL_(CARE_[1-5]|SUPPORT_[12]|NOT_CERTIFIED)$/.test(chosen);
  const other = chosen !== '' && !listed && Object.hasOwn(CARE_LEVEL_LABELS, chosen) ? `　${CARE_LEVEL_LABELS[chosen as CareLevelName].ja}` : '';
  return line + other;
}

/** 有・無 as the paper form circles one; neither marked when nothing was chosen. */
export function yesNoLine(value: string): string {
  return `${value === 'YES' ? '■' : '□'}有　${value === 'NO' ? '■' : '□'}無`;
}

/** A stored period as 「… ～ …」; empty when neither end is written. */
export function periodText(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
  const { from, to } = value as { from?: unknown; to?: unknown };
  if (typeof from !== 'string' || typeof to !== 'string' || (from === '' && to === '')) return '';
  return `${dayOrBlank(from)} ～ ${dayOrBlank(to)}`;
}

/** The parts of one box written in separate fields, each under its own heading, empty ones left out. */
export function headed(parts: readonly [heading: string, text: string][]): string {
  return parts
    .filter(([, text]) => text !== '')
    .map(([heading, text]) => `【${heading}】\n${text}`)
    .join('\n');
}

export interface SheetPatient {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
}

export interface SheetCell {
  label: string;
  text: string;
  /** The value box's width; the rest of the row when not given. */
  width?: number;
  labelWidth?: number;
  /** The heading its text is printed under on the 別紙, when not the label. */
  overflowLabel?: string;
}

/** What the 別紙 prints: a cut text whole under its box's label, or a drawing too large for its box (the visit calendar). */
type Overflow = { label: string; text: string } | { draw: (writer: PageWriter) => void };

/** One official sheet being drawn on the writer's current page, from the top down. */
export class OfficialSheet {
  private readonly overflows: Overflow[] = [];
  /** The top of what is left of the sheet's room. */
  y = PAGE_HEIGHT - MARGIN.top + 8;

  constructor(readonly writer: PageWriter) {}

  get page(): PDFPage {
    return this.writer.page;
  }

  hline(x1: number, x2: number, at: number): void {
    this.page.drawLine({ start: { x: x1, y: at }, end: { x: x2, y: at }, thickness: 0.6, color: BORDER });
  }

  vline(x: number, top: number, bottom: number): void {
    this.page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness: 0.6, color: BORDER });
  }

  /** A line of text centred on the page: the title and what stands under it. */
  centred(text: string, size: number): void {
    this.writer.line(text, (PAGE_WIDTH - this.writer.width(text, size)) / 2, this.y, size);
    this.y -= lineHeight(size);
  }

  /** A line of text against the right edge (the periods under the title). */
  rightAligned(text: string, size: number): void {
    this.writer.line(text, RIGHT - this.writer.width(text, size), this.y, size);
    this.y -= lineHeight(size);
  }

  /** Text in a box, at the largest size that fits; cut with the 別紙 mark when none does. */
  fill(text: string, x: number, top: number, width: number, height: number, overflowLabel: string): void {
    if (text === '') return;
    const writer = this.writer;
    for (const size of TEXT_SIZES) {
      const lines = writer.wrap(text, width - 2 * PAD, size);
      if (lines.length * boxLine(size) <= height - 2 * PAD + 0.5) {
        lines.forEach((line, i) => writer.line(line, x + PAD, lineTop(top - PAD, size, i), size));
        return;
      }
    }
    const size = MIN_TEXT_SIZE;
    const room = Math.max(1, Math.floor((height - 2 * PAD) / boxLine(size)));
    const lines = writer.wrap(text, width - 2 * PAD - writer.width(CONTINUED_MARK, size), size).slice(0, room);
    lines[room - 1] = `${lines[room - 1] ?? ''}${CONTINUED_MARK}`;
    lines.forEach((line, i) => writer.line(line, x + PAD, lineTop(top - PAD, size, i), size));
    this.overflows.push({ label: overflowLabel, text });
  }

  /** A grey label cell, its text centred from top to bottom. */
  label(text: string, x: number, top: number, width: number, height: number): void {
    this.page.drawRectangle({ x, y: top - height, width, height, color: COLOR.labelFill });
    const lines = this.writer.wrap(text, width - 2 * PAD, LABEL_SIZE);
    const used = lines.length * boxLine(LABEL_SIZE);
    const start = top - Math.max(PAD, (height - used) / 2);
    lines.forEach((line, i) => this.writer.line(line, x + PAD, lineTop(start, LABEL_SIZE, i), LABEL_SIZE, COLOR.muted));
  }

  /** One ruled row: [label | value] pairs side by side. */
  row(height: number, cells: readonly SheetCell[]): void {
    let x = LEFT;
    cells.forEach((cell, index) => {
      const labelWidth = cell.labelWidth ?? LABEL_WIDTH;
      const width = cell.width ?? RIGHT - x - labelWidth;
      // The grey first, then the rules over it, so no fill hides a rule.
      this.label(cell.label, x, this.y, labelWidth, height);
      this.vline(x, this.y, this.y - height);
      this.vline(x + labelWidth, this.y, this.y - height);
      this.fill(cell.text, x + labelWidth, this.y, width, height, cell.overflowLabel ?? cell.label);
      x += labelWidth + width;
      if (index === cells.length - 1) this.vline(RIGHT, this.y, this.y - height);
    });
    this.hline(LEFT, RIGHT, this.y);
    this.y -= height;
    this.hline(LEFT, RIGHT, this.y);
  }

  /** A table's row of column headings (年月日 | 問題点・解決策 | 評価), widths from the left; the last takes the rest. */
  columnHeadings(height: number, columns: readonly { label: string; width?: number }[]): void {
    // The grey first, then the rules over it, so no fill hides a rule.
    let x = LEFT;
    const edges: number[] = [];
    for (const column of columns) {
      const width = column.width ?? RIGHT - x;
      this.page.drawRectangle({ x, y: this.y - height, width, height, color: COLOR.labelFill });
      const labelX = x + (width - this.writer.width(column.label, LABEL_SIZE)) / 2;
      this.writer.line(column.label, Math.max(x + PAD, labelX), this.y - (height - lineHeight(LABEL_SIZE)) / 2, LABEL_SIZE, COLOR.muted);
      edges.push(x);
      x += width;
    }
    for (const edge of [...edges, RIGHT]) this.vline(edge, this.y, this.y - height);
    this.hline(LEFT, RIGHT, this.y);
    this.y -= height;
    this.hline(LEFT, RIGHT, this.y);
  }

  /** A table's row of value boxes under its headings, widths as the headings'. */
  columns(height: number, cells: readonly { text: string; overflowLabel: string; width?: number }[]): void {
    this.hline(LEFT, RIGHT, this.y);
    let x = LEFT;
    for (const cell of cells) {
      const width = cell.width ?? RIGHT - x;
      this.vline(x, this.y, this.y - height);
      this.fill(cell.text, x, this.y, width, height, cell.overflowLabel);
      x += width;
    }
    this.vline(RIGHT, this.y, this.y - height);
    this.y -= height;
    this.hline(LEFT, RIGHT, this.y);
  }

  /** A heading row across the table (現在の状況, 看護・リハビリテーションの目標). */
  heading(text: string): void {
    const height = lineHeight(8.5) + 2;
    this.page.drawRectangle({ x: LEFT, y: this.y - height, width: WIDTH, height, color: COLOR.sectionFill });
    this.vline(LEFT, this.y, this.y - height);
    this.vline(RIGHT, this.y, this.y - height);
    this.writer.line(text, LEFT + PAD, this.y - 1, 8.5);
    this.hline(LEFT, RIGHT, this.y);
    this.y -= height;
  }

  /** 患者氏名（ふりがな）and 生年月日（年齢）, the first row of every sheet. */
  patientRow(patient: SheetPatient, printedAt: string, nameLabel = '患者氏名'): void {
    const age = ageWhenPrinted(patient.birthDate, printedAt);
    const name = `${patient.familyName} ${patient.givenName}`.trim();
    const kana = `${patient.familyNameKana} ${patient.givenNameKana}`.trim();
    this.row(26, [
      { label: nameLabel, text: `${name} 様（${kana}）`, width: 190, labelWidth: 58 },
      { label: '生年月日', text: `${printedBirthDate(patient.birthDate)}生${age === undefined ? '' : `（${age}歳）`}`, labelWidth: 48 },
    ]);
  }

  /** The line the sheet is addressed on: 「… 殿」, underlined, with room to write a name by hand. */
  addressee(caption: string, name: string): void {
    const writer = this.writer;
    writer.line(caption, LEFT + 8, this.y, 8.5, COLOR.muted);
    const x = LEFT + 12 + writer.width(caption, 8.5);
    const text = `${name === '' ? '　　　　　　　　　　　　' : name}　殿`;
    writer.line(text, x, this.y, 11);
    this.page.drawLine({
      start: { x: x - 4, y: this.y - lineHeight(11) + 2 },
      end: { x: x + writer.width(text, 11) + 4, y: this.y - lineHeight(11) + 2 },
      thickness: 0.5,
      color: BORDER,
    });
    this.y -= lineHeight(11) + 4;
  }

  /** The statement, the date, the station and its 管理者 at the foot of the plan and the report. */
  stationSignature(statement: string, day: string, station: string, manager: string): void {
    const writer = this.writer;
    this.y -= 8;
    writer.line(statement, LEFT + 8, this.y, 9.5);
    this.y -= lineHeight(9.5);
    const dayText = dayOrBlank(day);
    writer.line(dayText, LEFT + 24, this.y, 9.5);
    this.y -= lineHeight(9.5) + 2;
    const signX = LEFT + 230;
    const signLabel = 52;
    for (const [label, text] of [
      ['事業所名', station],
      ['管理者氏名', manager],
    ] as const) {
      writer.line(label, signX, this.y, 8.5, COLOR.muted);
      this.fill(text, signX + signLabel - PAD, this.y + PAD, RIGHT - signX - signLabel, boxLine(10) + 2 * PAD, label);
      this.hline(signX + signLabel - PAD, RIGHT, this.y - lineHeight(10) + 2);
      this.y -= lineHeight(10) + 2;
    }
    this.y -= 4;
  }

  /** The dashed circle a seal (印) is pressed into, centred at (cx, cy). */
  sealArea(cx: number, cy: number): void {
    this.page.drawCircle({ x: cx, y: cy, size: 12, borderColor: COLOR.muted, borderWidth: 0.5, borderDashArray: [2, 2] });
  }

  /** Puts what a box could not hold on the 別紙, in the order of the boxes. */
  continueOnSeparateSheet(draw: (writer: PageWriter) => void): void {
    this.overflows.push({ draw });
  }

  /** 別紙: every text that did not fit its box, whole, under the box's label; nothing when all fitted. */
  finish(formTitle: string): void {
    if (this.overflows.length === 0) return;
    const writer = this.writer;
    writer.ensure(Number.MAX_SAFE_INTEGER);
    writer.line(`${formTitle}（別紙）`, MARGIN.left, writer.y, 13);
    writer.y -= lineHeight(13) + 4;
    for (const overflow of this.overflows) {
      if ('draw' in overflow) overflow.draw(writer);
      else writer.longField(overflow.label, overflow.text);
    }
  }
}
