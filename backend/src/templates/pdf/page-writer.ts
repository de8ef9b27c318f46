// The pages of a printed form: A4 portrait, written top to bottom in rows and sections, with a new
// page when the next block does not fit. Measures are in points.
import { degrees, rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { printable, wrapText } from './line-breaking';

export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN = { left: 42, right: 42, top: 40, bottom: 58 };
export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
const LABEL_WIDTH = 130;
export const PAD_X = 5;
export const PAD_Y = 3;
export const SIZE = { title: 18, running: 8.5, section: 10.5, label: 9, value: 10, small: 8, footer: 8 };
const BAR_HEIGHT = 17;
export const lineHeight = (size: number) => size * 1.55;

export const COLOR = {
  text: rgb(0.1, 0.1, 0.1),
  muted: rgb(0.42, 0.42, 0.42),
  labelFill: rgb(0.94, 0.94, 0.94),
  sectionFill: rgb(0.84, 0.88, 0.93),
  rule: rgb(0.62, 0.62, 0.62),
  draft: rgb(0.78, 0.1, 0.1),
  sunday: rgb(0.7, 0.1, 0.1),
};

/** What an empty field prints. */
export const EMPTY = '（記載なし）';

export interface Run {
  text: string;
  size: number;
  color?: RGB;
}

export class PageWriter {
  protected readonly pages: PDFPage[] = [];
  private current!: PDFPage;
  /** The top of the room left on the current page; moves down as blocks are written. */
  y = 0;
  private readonly widthCache = new Map<string, number>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
  ) {}

  get page(): PDFPage {
    return this.current;
  }

  width(text: string, size: number): number {
    let unit = this.widthCache.get(text);
    if (unit === undefined) {
      unit = this.font.widthOfTextAtSize(text, 1);
      this.widthCache.set(text, unit);
    }
    return unit * size;
  }

  wrap(text: string, maxWidth: number, size: number): string[] {
    return wrapText(printable(text), maxWidth, (unit) => this.width(unit, size));
  }

  /** Draws one line of text in a line box whose top is `top`. */
  line(text: string, x: number, top: number, size: number, color: RGB = COLOR.text, page: PDFPage = this.page): void {
    if (text === '') return;
    const baseline = top - (lineHeight(size) - size) / 2 - size * 0.88;
    page.drawText(text, { x, y: baseline, size, font: this.font, color });
  }

  protected rule(y: number, page: PDFPage = this.page): void {
    page.drawLine({ start: { x: MARGIN.left, y }, end: { x: PAGE_WIDTH - MARGIN.right, y }, thickness: 0.5, color: COLOR.rule });
  }

  protected newPage(): void {
    this.current = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.current);
    this.y = PAGE_HEIGHT - MARGIN.top;
    if (this.pages.length > 1) this.runningHeader();
  }

  /** What pages after the first repeat at their top; nothing unless a form says. */
  protected runningHeader(): void {}

  /** Starts a new page unless `height` fits on this one; true when it did. */
  ensure(height: number): boolean {
    if (this.y - height >= MARGIN.bottom) return false;
    this.newPage();
    return true;
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

  labelBar(label: string): void {
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

  /** Large faint text across the middle of a page, at an angle. */
  protected watermark(page: PDFPage, text: string): void {
    const size = 64;
    const angle = 35;
    const width = this.width(text, size);
    const radians = (angle * Math.PI) / 180;
    const x = PAGE_WIDTH / 2 - (width / 2) * Math.cos(radians) + (size / 2) * Math.sin(radians);
    const y = PAGE_HEIGHT / 2 - (width / 2) * Math.sin(radians) - (size / 2) * Math.cos(radians);
    page.drawText(text, { x, y, size, font: this.font, color: COLOR.draft, opacity: 0.12, rotate: degrees(angle) });
  }
}
