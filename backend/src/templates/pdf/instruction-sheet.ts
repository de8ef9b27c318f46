// The 訪問看護指示書 printed in the layout stations know: 別紙様式16 of the MHLW notice on the
// medical fee schedule (診療報酬の算定方法の一部改正に伴う実施上の留意事項), as revised in 令和6年度
// (2024), which added 傷病名コード next to 主たる傷病名. One A4 page of ruled boxes in the official
// order, the fixed closing sentence, the issuing doctor's office with a seal area, and the
// addressed station 「… 殿」. A station checks an instruction against this layout by eye, so the
// boxes keep their places whatever was written: text that does not fit its box (even at the
// smallest size) is cut with 「（別紙に続く）」 and printed whole on a 別紙 page after it, which is how
// doctors extend the paper form.
import { templateField, TEMPLATE_FORMS, type TemplateValues } from '@renkei/proto/template-forms';
import { COLOR, lineHeight, type PageWriter } from './page-writer';
import { careLevelLine, dayOrBlank, OfficialSheet, PAD, RIGHT, LEFT, boxLine, str, type SheetPatient } from './official-sheet';

export { CONTINUED_MARK } from './official-sheet';

export interface InstructionSheetInput {
  values: TemplateValues;
  patient: SheetPatient;
  printedAt: string;
}

/** The fixed sentence above the doctor's signature on the official form. */
export const INSTRUCTION_CLOSING_STATEMENT = '上記のとおり、指定訪問看護の実施を指示いたします。';

function period(values: TemplateValues, key: string): string {
  const value = values[key];
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.from === 'string' && typeof value.to === 'string') {
    return `${dayOrBlank(value.from)} ～ ${dayOrBlank(value.to)}`;
  }
  return `${dayOrBlank('')} ～ ${dayOrBlank('')}`;
}

/** Each choice of a choice field, the chosen one marked ■ and the others □, as the paper form circles one. */
function choiceLine(values: TemplateValues, key: string): string {
  const field = templateField('VISITING_NURSING_INSTRUCTION', key);
  const chosen = str(values, key);
  return (field?.choices ?? []).map((c) => `${c.value === chosen ? '■' : '□'}${c.label.ja}`).join(' ');
}

/** Writes the sheet on the writer's current (first) page; the 別紙 follows when text overflowed. */
export function writeInstructionSheet(writer: PageWriter, input: InstructionSheetInput): void {
  const { values } = input;
  const sheet = new OfficialSheet(writer);
  const row = sheet.row.bind(sheet);
  const heading = sheet.heading.bind(sheet);

  // Title: the two instructions this form serves, the one in force marked.
  const top = sheet.y;
  sheet.centred('訪問看護指示書', 16);
  const drip = str(values, 'instructionKind') === 'DRIP_INFUSION' || period(values, 'dripPeriod') !== period({}, 'dripPeriod');
  sheet.centred(`${drip ? '■' : '□'}在宅患者訪問点滴注射指示書`, 11);
  const kindNote = str(values, 'instructionKind') === 'SPECIAL' ? '特別訪問看護指示' : '';
  if (kindNote !== '') writer.line(kindNote, RIGHT - writer.width(kindNote, 9), top - 4, 9, COLOR.draft);
  sheet.y -= 2;

  sheet.rightAligned(`指示期間（${period(values, 'instructionPeriod')}）`, 9);
  sheet.rightAligned(`点滴注射指示期間（${period(values, 'dripPeriod')}）`, 9);
  sheet.y -= 2;

  sheet.patientRow(input.patient, input.printedAt);
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
  row(16, [{ label: '要介護認定の状況', text: careLevelLine(str(values, 'careLevel')) }]);
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
  sheet.y -= 10;
  writer.line(INSTRUCTION_CLOSING_STATEMENT, LEFT + 8, sheet.y, 10);
  const issuedText = dayOrBlank(str(values, 'issuedOn'));
  writer.line(issuedText, RIGHT - writer.width(issuedText, 9.5) - 8, sheet.y, 9.5);
  sheet.y -= lineHeight(10) + 4;
  const signX = LEFT + 230;
  const signLabel = 46;
  const signRows: [string, string][] = [
    ['医療機関名', str(values, 'facilityName')],
    ['住所', str(values, 'facilityAddress')],
    ['電話', str(values, 'facilityPhone')],
    ['（ＦＡＸ）', str(values, 'facilityFax')],
  ];
  for (const [rowLabel, text] of signRows) {
    writer.line(rowLabel, signX, sheet.y, 8.5, COLOR.muted);
    sheet.fill(text, signX + signLabel - PAD, sheet.y + PAD, RIGHT - signX - signLabel, boxLine(9) + 2 * PAD, rowLabel);
    sheet.y -= lineHeight(9);
  }
  writer.line('医師氏名', signX, sheet.y, 8.5, COLOR.muted);
  writer.line(str(values, 'doctorName'), signX + signLabel, sheet.y, 10);
  sheet.sealArea(RIGHT - 24, sheet.y - 6);
  writer.line('印', RIGHT - 24 - writer.width('印', 8) / 2, sheet.y - 2, 8, COLOR.muted);
  sheet.y -= lineHeight(10) + 6;

  sheet.addressee('事業所', str(values, 'addresseeStation'));

  sheet.finish(TEMPLATE_FORMS.VISITING_NURSING_INSTRUCTION.title.ja);
}
