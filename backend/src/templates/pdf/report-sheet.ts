// The 訪問看護報告書 printed in the layout the attending doctor receives it in: 別紙様式2 of the MHLW
// notice 「訪問看護計画書等の記載要領等について」 (保険発第62号・老健第71号, as revised through 令和6年度).
// One A4 page in the official order: the patient (氏名・生年月日・要介護認定の状況・住所), the 訪問日
// calendars of the month(s) reported with their marks, 病状の経過, 看護・リハビリテーションの内容,
// 家庭での介護の状況, 衛生材料等, 特記すべき事項, then the fixed statement to the doctor with the date,
// the station and its 管理者, and the doctor addressed 「… 殿」. Boxes keep their places; text too long
// for its box, and visits in more months than the box holds, go whole to a 別紙.
import { dayText, parseDay } from '@renkei/proto/calendar';
import { TEMPLATE_FORMS, type TemplateValues } from '@renkei/proto/template-forms';
import { COLOR, lineHeight, type PageWriter } from './page-writer';
import { careLevelLine, CONTINUED_MARK, OfficialSheet, PAD, periodText, RIGHT, str, LEFT, yesNoLine, type SheetPatient } from './official-sheet';
import { drawMonthGrid, monthGridHeight, VISIT_MARK_LEGEND, visitMonths, writeVisitCalendar, type MonthGridSizes, type VisitMonth } from './visit-calendar';

export interface ReportSheetInput {
  values: TemplateValues;
  patient: SheetPatient;
  printedAt: string;
}

/** The fixed sentence to the attending doctor under the report. */
export const REPORT_CLOSING_STATEMENT = '上記のとおり、指定訪問看護又は看護サービスの提供の実施について報告いたします。';

const LABEL_WIDTH = 70;
/** Two months side by side, as the paper form has room for a report across a month's end. */
const MONTHS_IN_BOX = 2;
const SMALL: MonthGridSizes = { title: 8, head: 10, cell: 14, day: 5.5, mark: 8.5 };
const LEGEND_SIZE = 6.5;

/** The months the box shows when no visit is recorded: those of the reporting period, to be marked by hand. */
function periodMonths(period: unknown): VisitMonth[] {
  if (!period || typeof period !== 'object' || Array.isArray(period)) return [];
  const { from, to } = period as { from?: unknown; to?: unknown };
  const firsts = [from, to]
    .map((text) => (typeof text === 'string' ? parseDay(text) : undefined))
    .filter((day) => day !== undefined)
    .map((day) => day.set({ day: 1 }));
  const unique = [...new Map(firsts.map((first) => [dayText(first), first])).values()];
  return unique.slice(0, MONTHS_IN_BOX).map((first) => ({ first, marks: new Map<number, string[]>() }));
}

/** The 訪問日 row: a label cell and the month grids with the legend of marks under them. */
function visitDaysRow(sheet: OfficialSheet, values: TemplateValues): void {
  const writer = sheet.writer;
  const legendLines = writer.wrap(VISIT_MARK_LEGEND, RIGHT - LEFT - LABEL_WIDTH - 2 * PAD, LEGEND_SIZE);
  const height = 2 * PAD + monthGridHeight(SMALL, 6) + legendLines.length * lineHeight(LEGEND_SIZE) + 2;
  const top = sheet.y;
  sheet.label('訪問日', LEFT, top, LABEL_WIDTH, height);
  sheet.hline(LEFT, RIGHT, top);
  for (const x of [LEFT, LEFT + LABEL_WIDTH, RIGHT]) sheet.vline(x, top, top - height);

  const stored = visitMonths(values.visitDates);
  const months = stored.count === 0 ? periodMonths(values.reportPeriod) : stored.months;
  const shown = months.slice(0, MONTHS_IN_BOX);
  const areaX = LEFT + LABEL_WIDTH + PAD;
  const gap = 10;
  const gridWidth = (RIGHT - areaX - PAD - gap * (MONTHS_IN_BOX - 1)) / MONTHS_IN_BOX;
  shown.forEach((month, index) => drawMonthGrid(writer, month, areaX + index * (gridWidth + gap), top - PAD, gridWidth, SMALL));
  let legendTop = top - PAD - monthGridHeight(SMALL, 6) - 2;
  for (const line of legendLines) {
    writer.line(line, areaX, legendTop, LEGEND_SIZE, COLOR.muted);
    legendTop -= lineHeight(LEGEND_SIZE);
  }
  if (months.length > MONTHS_IN_BOX || stored.undated.length > 0) {
    writer.line(CONTINUED_MARK, RIGHT - PAD - writer.width(CONTINUED_MARK, 7), top - PAD, 7, COLOR.draft);
    sheet.continueOnSeparateSheet((w) => writeVisitCalendar(w, '訪問日', values.visitDates));
  }
  sheet.y = top - height;
  sheet.hline(LEFT, RIGHT, sheet.y);
}

/** Writes the report on the writer's current (first) page; the 別紙 follows when something overflowed. */
export function writeReportSheet(writer: PageWriter, input: ReportSheetInput): void {
  const { values } = input;
  const sheet = new OfficialSheet(writer);

  sheet.centred(TEMPLATE_FORMS.VISITING_NURSING_REPORT.title.ja, 16);
  // Not a box of the official sheet, but the form holds it and says which visits are reported.
  const period = periodText(values.reportPeriod);
  sheet.rightAligned(period === '' ? '' : `報告期間（${period}）`, 9);
  sheet.y -= 2;

  sheet.patientRow(input.patient, input.printedAt);
  sheet.row(16, [{ label: '要介護認定の状況', text: careLevelLine(str(values, 'careLevel')), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [{ label: '住所', text: str(values, 'patientAddress'), labelWidth: LABEL_WIDTH }]);
  visitDaysRow(sheet, values);

  sheet.row(110, [{ label: '病状の経過', text: str(values, 'courseAndAdl'), labelWidth: LABEL_WIDTH }]);
  sheet.row(110, [{ label: '看護・リハビリテーションの内容', text: str(values, 'careGiven'), labelWidth: LABEL_WIDTH }]);
  sheet.row(64, [{ label: '家庭での介護の状況', text: str(values, 'familySituation'), labelWidth: LABEL_WIDTH }]);
  sheet.row(36, [{ label: '衛生材料等の使用量および使用状況', text: str(values, 'suppliesUsage'), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [{ label: '衛生材料等の変更の必要性', text: yesNoLine(str(values, 'suppliesChangeNeeded')), labelWidth: 130 }]);
  sheet.row(60, [{ label: '特記すべき事項', text: str(values, 'specialNotes'), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [{ label: '報告者', text: str(values, 'reporterName'), labelWidth: LABEL_WIDTH }]);

  sheet.stationSignature(REPORT_CLOSING_STATEMENT, str(values, 'reportedOn'), str(values, 'stationName'), str(values, 'managerName'));
  sheet.addressee('主治医', str(values, 'addresseeDoctor'));

  sheet.finish(TEMPLATE_FORMS.VISITING_NURSING_REPORT.title.ja);
}
