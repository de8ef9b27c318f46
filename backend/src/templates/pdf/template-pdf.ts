// A filled shared template printed as a PDF. 見読性 (readability, one of the three principles of
// electronic medical records) requires that every stored document can always be displayed and
// printed; the PDF is also what goes to the patient's home file or to a facility without Renkei.
// It therefore shows everything stored, never fails on odd values, and says on every page whose
// version it is and whether it was finalised (真正性: who wrote what, and when).
//
// Every form is drawn as the one-page sheet staff check it against by eye (the official 別紙様式 of
// the 指示書, 計画書, 報告書 and 診療情報提供書; the pharmacist's report as its associations' model
// forms lay it out): official-sheet.ts and one module per form. This module adds what every form's
// pages share: the running header of a 別紙, the footers (version, who finalised it, when printed),
// the draft watermark, and a page for stored values no box of the sheet can show.
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { PROFESSION_LABELS } from '@renkei/proto/labels';
import { TEMPLATE_FORMS, templateField, type TemplateField, type TemplateForm, type TemplateKind, type TemplateValues } from '@renkei/proto/template-forms';
import { writeInstructionSheet } from './instruction-sheet';
import { writePharmacyReportSheet } from './pharmacy-report-sheet';
import { writeNursingPlanSheet } from './nursing-plan-sheet';
import { writeReferralSheet } from './referral-sheet';
import { writeReportSheet } from './report-sheet';
import { embedJapaneseFont, resolvePdfFontPath } from './japanese-font';
import { COLOR, CONTENT_WIDTH, lineHeight, MARGIN, PAGE_WIDTH, PageWriter, SIZE } from './page-writer';
import { printedBirthDate, printedDateTime } from './printed-dates';
import { periodText } from './official-sheet';

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

/** Any stored value as text, whatever its shape: a printout never hides what was stored. */
function anyValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'from' in value && 'to' in value) {
    const range = value as { from: unknown; to: unknown };
    if (typeof range.from === 'string' && typeof range.to === 'string') return periodText(range);
  }
  return JSON.stringify(value) ?? '';
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

/** Every form prints in the layout staff check it against by eye: the official one where there is one. */
const OFFICIAL_SHEETS: Record<TemplateKind, (writer: PageWriter, input: TemplatePdfInput) => void> = {
  // 別紙様式16 of the medical fee schedule notice.
  VISITING_NURSING_INSTRUCTION: writeInstructionSheet,
  // 別紙様式1 of 「訪問看護計画書等の記載要領等について」.
  VISITING_NURSING_PLAN: writeNursingPlanSheet,
  // 別紙様式2 of the same notice.
  VISITING_NURSING_REPORT: writeReportSheet,
  // No national form: the content pharmacists' associations' model forms share.
  HOME_MEDICAL_MANAGEMENT_REPORT: writePharmacyReportSheet,
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
  writer.startBlank();
  OFFICIAL_SHEETS[input.kind](writer, input);
  // Values the form no longer defines (written under an older definition) are still printed, and so
  // is a value a sheet's box cannot show because it is not of its field's shape.
  const extra = Object.keys(values).filter((key) => {
    const field = templateField(input.kind, key);
    return !field || !fitsSheetBox(field, values[key]);
  });
  if (extra.length > 0) {
    // The sheet's page is full; what it has no box for goes on a page of its own.
    writer.ensure(Number.MAX_SAFE_INTEGER);
    writer.sectionBar('様式外の項目');
    for (const key of extra) writer.longField(key, anyValueText(values[key]));
  }
  writer.finish();
  return doc.save();
}
