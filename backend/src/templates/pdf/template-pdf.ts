// A filled shared template printed as a PDF. 見読性 (readability, one of the three principles of
// electronic medical records) requires that every stored document can always be displayed and
// printed; the PDF is also what goes to the patient's home file or to a facility without Renkei.
// It therefore shows everything stored, never fails on odd values, and says on every page whose
// version it is and whether it was finalised (真正性: who wrote what, and when).
//
// This module lays a form out (its sections and fields, the patient, the version and the footers);
// pdf/ holds what that rests on: the font, Japanese line breaking, the page writer, printed dates
// and the visit calendar. Forms with an official layout staff check them against by eye (指示書,
// 計画書, 報告書, 診療情報提供書) are drawn as that one-page sheet instead of the sections
// (official-sheet.ts and one module each), with the same footers.
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { PROFESSION_LABELS, SEX_LABELS } from '@renkei/proto/labels';
import { TEMPLATE_FORMS, templateField, type TemplateField, type TemplateForm, type TemplateKind, type TemplateValues } from '@renkei/proto/template-forms';
import { writeInstructionSheet } from './instruction-sheet';
import { writeNursingPlanSheet } from './nursing-plan-sheet';
import { writeReferralSheet } from './referral-sheet';
import { writeReportSheet } from './report-sheet';
import { embedJapaneseFont, resolvePdfFontPath } from './japanese-font';
import { COLOR, CONTENT_WIDTH, EMPTY, lineHeight, MARGIN, PAGE_WIDTH, PageWriter, SIZE } from './page-writer';
import { ageWhenPrinted, printedBirthDate, printedDateTime, printedDay } from './printed-dates';
import { writeVisitCalendar } from './visit-calendar';

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

/** A form's pages: the title, the patient, its sections, and on every page who and which version. */
class TemplateDocumentWriter extends PageWriter {
  constructor(
    doc: PDFDocument,
    font: PDFFont,
    private readonly input: TemplatePdfInput,
    private readonly form: TemplateForm,
  ) {
    super(doc, font);
  }

  private get patientName(): string {
    const p = this.input.patient;
    return `${p.familyName} ${p.givenName}`.trim();
  }

  private get patientKana(): string {
    const p = this.input.patient;
    return `${p.familyNameKana} ${p.givenNameKana}`.trim();
  }

  /** Pages after the first repeat who and what this is, as pages get separated. */
  protected override runningHeader(): void {
    const title = `${this.form.title.ja}（続き）`;
    const right = `${this.patientName} 様（${this.patientKana}）　${printedBirthDate(this.input.patient.birthDate)}生　第${this.input.version}版`;
    const top = this.y;
    this.line(title, MARGIN.left, top, 10.5);
    this.line(right, PAGE_WIDTH - MARGIN.right - this.width(right, SIZE.running), top + 1, SIZE.running, COLOR.muted);
    this.y -= lineHeight(10.5) + 3;
    this.rule(this.y);
    this.y -= 8;
  }

  /** The first page, empty: for a form printed in its own official layout. */
  startBlank(): void {
    this.newPage();
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
    const ageYears = ageWhenPrinted(p.birthDate, this.input.printedAt);
    const age = ageYears === undefined ? '' : `（${ageYears}歳）`;
    const sex = Object.hasOwn(SEX_LABELS, p.sex) ? SEX_LABELS[p.sex as keyof typeof SEX_LABELS].ja : p.sex;
    this.sectionBar('患者');
    this.row('ふりがな', [{ text: this.patientKana, size: SIZE.small }]);
    this.row('氏名', [{ text: `${this.patientName} 様`, size: 13 }]);
    this.row('生年月日', [{ text: `${printedBirthDate(p.birthDate)}生${age}`, size: SIZE.value }]);
    this.row('性別', [{ text: sex, size: SIZE.value }]);
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
      if (!finalisedBy) this.watermark(page, '未確定（下書き）');
    });
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
    writeVisitCalendar(writer, label, value);
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

/** Whether an official sheet's box shows this value: text where text is expected, a period as from and to, visits as a list. */
function fitsSheetBox(field: TemplateField, value: unknown): boolean {
  switch (field.type) {
    case 'dateRange':
      return (
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { from?: unknown }).from === 'string' &&
        typeof (value as { to?: unknown }).to === 'string'
      );
    case 'visitCalendar':
      return Array.isArray(value);
    default:
      return typeof value === 'string';
  }
}

/** The forms printed in their official one-page layouts, which staff check them against by eye; the others print as sections. */
const OFFICIAL_SHEETS: Partial<Record<TemplateKind, (writer: PageWriter, input: TemplatePdfInput) => void>> = {
  // 別紙様式16 of the medical fee schedule notice.
  VISITING_NURSING_INSTRUCTION: writeInstructionSheet,
  // 別紙様式1 of 「訪問看護計画書等の記載要領等について」.
  VISITING_NURSING_PLAN: writeNursingPlanSheet,
  // 別紙様式2 of the same notice.
  VISITING_NURSING_REPORT: writeReportSheet,
  // 別紙様式11 of the medical fee schedule notice (診療情報提供料(Ⅰ)).
  REFERRAL_LETTER: writeReferralSheet,
};

/** A filled template as an A4 PDF with an embedded Japanese font subset. */
export async function renderTemplatePdf(input: TemplatePdfInput, options: TemplatePdfOptions = {}): Promise<Uint8Array> {
  const form = TEMPLATE_FORMS[input.kind];
  if (!form) throw new Error(`Unknown template kind: ${String(input.kind)}`);
  const fontPath = await resolvePdfFontPath(options.fontPath);
  const doc = await PDFDocument.create();
  const font = await embedJapaneseFont(doc, fontPath);

  const printedAt = Number.isNaN(Date.parse(input.printedAt)) ? new Date() : new Date(input.printedAt);
  doc.setTitle(`${form.title.ja} ${input.patient.familyName} ${input.patient.givenName}（第${input.version}版）`);
  doc.setLanguage('ja-JP');
  doc.setCreator('Renkei');
  doc.setProducer('Renkei');
  if (input.finalisedBy) doc.setAuthor(input.finalisedBy.name);
  doc.setCreationDate(printedAt);
  doc.setModificationDate(printedAt);

  const writer = new TemplateDocumentWriter(doc, font, input, form);
  const values: Record<string, unknown> = input.values;
  const officialSheet = OFFICIAL_SHEETS[input.kind];
  if (officialSheet) {
    writer.startBlank();
    officialSheet(writer, input);
  } else {
    writer.start();
    for (const section of form.sections) {
      writer.sectionBar(section.title.ja);
      for (const field of section.fields) {
        renderField(writer, field, Object.hasOwn(values, field.key) ? values[field.key] : undefined);
      }
    }
  }
  // Values the form no longer defines (written under an older definition) are still printed, and so
  // is a value an official sheet's box cannot show because it is not of its field's shape.
  const extra = Object.keys(values).filter((key) => {
    const field = templateField(input.kind, key);
    return !field || (officialSheet !== undefined && !fitsSheetBox(field, values[key]));
  });
  if (extra.length > 0) {
    // An official sheet's page is full; what it has no box for goes on a page of its own.
    if (officialSheet) writer.ensure(Number.MAX_SAFE_INTEGER);
    writer.sectionBar('様式外の項目');
    for (const key of extra) writer.longField(key, anyValueText(values[key]));
  }
  writer.finish();
  return doc.save();
}
