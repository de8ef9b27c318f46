// The 訪問看護指示書 printed in the layout stations know: 別紙様式16 of the MHLW notice on the
// medical fee schedule (診療報酬の算定方法の一部改正に伴う実施上の留意事項), as revised in 令和6年度
// (2024), which added 傷病名コード next to 主たる傷病名. One A4 page of ruled boxes in the official
// order, the fixed closing sentence, the issuing doctor's office with a seal area, and the
// addressed station 「… 殿」. A station checks an instruction against this layout by eye, so the
// boxes keep their places whatever was written: text that does not fit its box (even at the
// smallest size) is cut with 「（別紙に続く）」 and printed whole on a 別紙 page after it, which is how
// doctors extend the paper form.
import { rgb, type PDFPage } from 'pdf-lib';
import { CARE_LEVEL_LABELS, type CareLevelName } from '@renkei/proto/labels';
import { TEMPLATE_FORMS, templateField, type TemplateValues } from '@renkei/proto/template-forms';
import { COLOR, lineHeight, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, type PageWriter } from './page-writer';
import { ageWhenPrinted, printedBirthDate, printedDay } from './printed-dates';

export interface InstructionSheetInput {
  values: TemplateValues;
  patient: { familyName: string; givenName: string; familyNameKana: string; givenNameKana: string; birthDate: string };
  printedAt: string;
}

/** The fixed sentence above the doctor's signature on the official form. */
export const INSTRUCTION_CLOSING_STATEMENT = '上記のとおり、指定訪問看護の実施を指示いたします。';
export const CONTINUED_MARK = '（別紙に続く）';

const LEFT = MARGIN.left - 6;
const RIGHT = PAGE_WIDTH - MARGIN.right + 6;
const WIDTH = RIGHT - LEFT;
const LABEL_WIDTH = 104;
const PAD = 2;
/** Leading inside the boxes: tighter than running text, as on the paper form. */
const boxLine = (size: number) => size * 1.3;
/** writer.line() sets a line in a box of lineHeight(size); this puts its glyphs at the top of a tighter one. */
const lineTop = (top: number, size: number, index: number) => top + (lineHeight(size) - boxLine(size)) / 2 - index * boxLine(size);
const MIN_TEXT_SIZE = 7;
const TEXT_SIZES = [9, 8, MIN_TEXT_SIZE] as const;
const LABEL_SIZE = 7.5;
const BORDER = rgb(0.2, 0.2, 0.2);

const str = (values: TemplateValues, key: string): string => {
  const value = values[key];
  return typeof value === 'string' ? value : '';
};

function period(values: TemplateValues, key: string): string {
  const value = values[key];
  const day = (text: string) => (text === '' ? '　　年　　月　　日' : printedDay(text));
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.from === 'string' && typeof value.to === 'string') {
    return `${day(value.from)} ～ ${day(value.to)}`;
  }
  return `${day('')} ～ ${day('')}`;
}

/** Each choice of a choice field, the chosen one marked ■ and the others □, as the paper form circles one. */
function choiceLine(values: TemplateValues, key: string): string {
  const field = templateField('VISITING_NURSING_INSTRUCTION', key);
  const chosen = str(values, key);
  return (field?.choices ?? []).map((c) => `${c.value === chosen ? '■' : '□'}${c.label.ja}`).join(' ');
}

/** 要介護認定の状況 as the official row lists it: 自立 要支援（1 2） 要介護（1 2 3 4 5）, the patient's marked. */
function careLevelLine(values: TemplateValues): string {
  const chosen = str(values, 'careLevel');
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

interface Overflow {
  label: string;
  text: string;
}

/** Writes the sheet on the writer's current (first) page; the 別紙 follows when text overflowed. */
export function writeInstructionSheet(writer: PageWriter, input: InstructionSheetInput): void {
  const { values } = input;
  const page = writer.page;
  const overflows: Overflow[] = [];
  let y = PAGE_HEIGHT - MARGIN.top + 8;

  const hline = (x1: number, x2: number, at: number) => page.drawLine({ start: { x: x1, y: at }, end: { x: x2, y: at }, thickness: 0.6, color: BORDER });
  const vline = (x: number, top: number, bottom: number) => page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness: 0.6, color: BORDER });

  /** Text in a box, at the largest size that fits; cut with the 別紙 mark when none does. */
  const fill = (text: string, x: number, top: number, width: number, height: number, overflowLabel: string) => {
    if (text === '') return;
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
    overflows.push({ label: overflowLabel, text });
  };

  const label = (text: string, x: number, top: number, width: number, height: number) => {
    page.drawRectangle({ x, y: top - height, width, height, color: COLOR.labelFill });
    const lines = writer.wrap(text, width - 2 * PAD, LABEL_SIZE);
    const used = lines.length * boxLine(LABEL_SIZE);
    const start = top - Math.max(PAD, (height - used) / 2);
    lines.forEach((line, i) => writer.line(line, x + PAD, lineTop(start, LABEL_SIZE, i), LABEL_SIZE, COLOR.muted));
  };

  /** One ruled row: [label | value] pairs side by side, widths of the value cells given. */
  const row = (height: number, cells: { label: string; text: string; width?: number; labelWidth?: number; overflowLabel?: string }[]) => {
    hline(LEFT, RIGHT, y);
    let x = LEFT;
    cells.forEach((cell, index) => {
      const labelWidth = cell.labelWidth ?? LABEL_WIDTH;
      const width = cell.width ?? RIGHT - x - labelWidth;
      vline(x, y, y - height);
      label(cell.label, x, y, labelWidth, height);
      vline(x + labelWidth, y, y - height);
      fill(cell.text, x + labelWidth, y, width, height, cell.overflowLabel ?? cell.label);
      x += labelWidth + width;
      if (index === cells.length - 1) vline(RIGHT, y, y - height);
    });
    y -= height;
    hline(LEFT, RIGHT, y);
  };

  /** A heading row across the table (現在の状況, 留意事項及び指示事項). */
  const heading = (text: string) => {
    const height = lineHeight(8.5) + 2;
    page.drawRectangle({ x: LEFT, y: y - height, width: WIDTH, height, color: COLOR.sectionFill });
    vline(LEFT, y, y - height);
    vline(RIGHT, y, y - height);
    writer.line(text, LEFT + PAD, y - 1, 8.5);
    hline(LEFT, RIGHT, y);
    y -= height;
  };

  // Title: the two instructions this form serves, the one in force marked.
  const title = '訪問看護指示書';
  writer.line(title, (PAGE_WIDTH - writer.width(title, 16)) / 2, y, 16);
  const drip = str(values, 'instructionKind') === 'DRIP_INFUSION' || period(values, 'dripPeriod') !== period({}, 'dripPeriod');
  const dripTitle = `${drip ? '■' : '□'}在宅患者訪問点滴注射指示書`;
  writer.line(dripTitle, (PAGE_WIDTH - writer.width(dripTitle, 11)) / 2, y - lineHeight(16), 11);
  const kindNote = str(values, 'instructionKind') === 'SPECIAL' ? '特別訪問看護指示' : '';
  if (kindNote !== '') writer.line(kindNote, RIGHT - writer.width(kindNote, 9), y - 4, 9, COLOR.draft);
  y -= lineHeight(16) + lineHeight(11) + 2;

  const periods = [`指示期間（${period(values, 'instructionPeriod')}）`, `点滴注射指示期間（${period(values, 'dripPeriod')}）`];
  for (const text of periods) {
    writer.line(text, RIGHT - writer.width(text, 9), y, 9);
    y -= lineHeight(9);
  }
  y -= 2;

  const p = input.patient;
  const age = ageWhenPrinted(p.birthDate, input.printedAt);
  const name = `${p.familyName} ${p.givenName}`.trim();
  const kana = `${p.familyNameKana} ${p.givenNameKana}`.trim();
  row(26, [
    { label: '患者氏名', text: `${name} 様（${kana}）`, width: 190, labelWidth: 58 },
    { label: '生年月日', text: `${printedBirthDate(p.birthDate)}生${age === undefined ? '' : `（${age}歳）`}`, labelWidth: 48 },
  ]);
  row(16, [
    { label: '患者住所', text: str(values, 'patientAddress'), width: 300, labelWidth: 58 },
    { label: '電話', text: str(values, 'patientPhone'), labelWidth: 30 },
  ]);
  row(16, [
    { label: '主たる傷病名', text: str(values, 'mainDiagnosis'), width: 290, labelWidth: 58 },
    { label: '傷病名コード', text: str(values, 'mainDiagnosisCode'), labelWidth: 52 },
  ]);

  heading('現在の状況（該当項目に■）');
  row(42, [{ label: '病状・治療状態', text: str(values, 'conditionSummary') }]);
  row(42, [{ label: '投与中の薬剤の用量・用法', text: str(values, 'medication') }]);
  row(26, [{ label: '日常生活自立度', text: `寝たきり度　${choiceLine(values, 'bedriddenLevel')}\n認知症の状況　${choiceLine(values, 'dementiaLevel')}` }]);
  row(16, [{ label: '要介護認定の状況', text: careLevelLine(values) }]);
  row(16, [{ label: '褥瘡の深さ', text: str(values, 'pressureUlcerDepth') }]);
  row(30, [{ label: '装着・使用医療機器等', text: str(values, 'devices') }]);

  heading('留意事項及び指示事項');
  row(52, [{ label: 'Ⅰ 療養生活指導上の留意事項', text: str(values, 'careNotes') }]);
  row(30, [{ label: 'Ⅱ 1. リハビリテーション', text: str(values, 'rehabilitation') }]);
  row(20, [{ label: '2. 褥瘡の処置等', text: str(values, 'pressureUlcerCare') }]);
  row(20, [{ label: '3. 装着・使用医療機器等の操作援助・管理', text: str(values, 'deviceCare') }]);
  row(20, [{ label: '4. その他', text: str(values, 'otherInstructions') }]);
  row(34, [{ label: '在宅患者訪問点滴注射に関する指示（投与薬剤・投与量・投与方法等）', text: str(values, 'dripInfusion') }]);

  row(16, [{ label: '緊急時の連絡先', text: str(values, 'emergencyContact') }]);
  row(16, [{ label: '不在時の対応', text: str(values, 'absenceContact') }]);
  row(38, [
    {
      label: '特記すべき留意事項（薬の相互作用・副作用、薬物アレルギーの既往等）',
      text: str(values, 'specialNotes'),
    },
  ]);
  const otherStation = str(values, 'otherStationInstruction');
  row(22, [{ label: '他の訪問看護ステーションへの指示', text: `${otherStation === '' ? '■無 □有' : '□無 ■有'}　${otherStation}` }]);
  const suction = str(values, 'suctionInstruction');
  row(22, [{ label: 'たんの吸引等実施のための訪問介護事業所への指示', text: `${suction === '' ? '■無 □有' : '□無 ■有'}　${suction}` }]);

  // The closing statement, the date, the issuing doctor and the seal area, then the addressee.
  y -= 10;
  writer.line(INSTRUCTION_CLOSING_STATEMENT, LEFT + 8, y, 10);
  const issued = str(values, 'issuedOn');
  const issuedText = issued === '' ? '　　年　　月　　日' : printedDay(issued);
  writer.line(issuedText, RIGHT - writer.width(issuedText, 9.5) - 8, y, 9.5);
  y -= lineHeight(10) + 4;
  const signX = LEFT + 230;
  const signLabel = 46;
  const signRows: [string, string][] = [
    ['医療機関名', str(values, 'facilityName')],
    ['住所', str(values, 'facilityAddress')],
    ['電話', str(values, 'facilityPhone')],
    ['（ＦＡＸ）', str(values, 'facilityFax')],
  ];
  for (const [rowLabel, text] of signRows) {
    writer.line(rowLabel, signX, y, 8.5, COLOR.muted);
    fill(text, signX + signLabel - PAD, y + PAD, RIGHT - signX - signLabel, boxLine(9) + 2 * PAD, rowLabel);
    y -= lineHeight(9);
  }
  writer.line('医師氏名', signX, y, 8.5, COLOR.muted);
  writer.line(str(values, 'doctorName'), signX + signLabel, y, 10);
  sealArea(page, RIGHT - 24, y - 6);
  writer.line('印', RIGHT - 24 - writer.width('印', 8) / 2, y - 2, 8, COLOR.muted);
  y -= lineHeight(10) + 6;

  const station = str(values, 'addresseeStation');
  writer.line('事業所', LEFT + 8, y, 8.5, COLOR.muted);
  const addressee = `${station === '' ? '　　　　　　　　　　　　' : station}　殿`;
  writer.line(addressee, LEFT + 44, y, 11);
  page.drawLine({
    start: { x: LEFT + 40, y: y - lineHeight(11) + 2 },
    end: { x: LEFT + 44 + writer.width(addressee, 11) + 4, y: y - lineHeight(11) + 2 },
    thickness: 0.5,
    color: BORDER,
  });

  if (overflows.length > 0) writeContinuation(writer, overflows);
}

/** The dashed circle a seal (印) is pressed into. */
function sealArea(page: PDFPage, cx: number, cy: number): void {
  page.drawCircle({ x: cx, y: cy, size: 12, borderColor: COLOR.muted, borderWidth: 0.5, borderDashArray: [2, 2] });
}

/** 別紙: every text that did not fit its box, whole, under the box's label. */
function writeContinuation(writer: PageWriter, overflows: readonly Overflow[]): void {
  writer.ensure(Number.MAX_SAFE_INTEGER);
  const title = `${TEMPLATE_FORMS.VISITING_NURSING_INSTRUCTION.title.ja}（別紙）`;
  writer.line(title, MARGIN.left, writer.y, 13);
  writer.y -= lineHeight(13) + 4;
  for (const overflow of overflows) writer.longField(overflow.label, overflow.text);
}
