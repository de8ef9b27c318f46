// The 居宅療養管理指導報告書 a pharmacist sends after a home visit, printed as one A4 sheet in the
// order such reports are exchanged in: the doctor and the care manager addressed 「… 殿」, the
// pharmacy and pharmacist, the patient (氏名・生年月日・要介護認定の状況・住所), the visit, the
// prescription, 服薬状況 and 保管状況 with the choices marked, 副作用・体調の変化, 指導内容 and what the
// pharmacist proposes to the doctor and the care manager. There is no national 別紙様式 for the
// pharmacist's report (pharmacists' associations publish model forms that differ in detail); this
// follows their common content. Boxes keep their places; text too long for its box goes whole to a 別紙.
import { TEMPLATE_FORMS, templateField, type TemplateValues } from '@renkei/proto/template-forms';
import { COLOR, lineHeight, type PageWriter } from './page-writer';
import { careLevelLine, dayOrBlank, LEFT, OfficialSheet, PAD, boxLine, RIGHT, str, type SheetPatient } from './official-sheet';

export interface PharmacyReportSheetInput {
  values: TemplateValues;
  patient: SheetPatient;
  printedAt: string;
}

/** The sentence over the pharmacist's name at the foot of the report. */
export const PHARMACY_REPORT_STATEMENT = '上記のとおり、居宅療養管理指導を実施しましたので報告いたします。';

const KIND = 'HOME_MEDICAL_MANAGEMENT_REPORT';
const LABEL_WIDTH = 78;

/** Every choice of the field, the stored one marked ■, as the paper form is ticked; a value the list lacks is named after it. */
export function choiceLine(key: string, value: string): string {
  const choices = templateField(KIND, key)?.choices ?? [];
  const line = choices.map((choice) => `${choice.value === value ? '■' : '□'}${choice.label.ja}`).join('　');
  const known = value === '' || choices.some((choice) => choice.value === value);
  return known ? line : `${line}　（${value}）`;
}

/** Writes the report on the writer's current (first) page; the 別紙 follows when text overflowed. */
export function writePharmacyReportSheet(writer: PageWriter, input: PharmacyReportSheetInput): void {
  const { values } = input;
  const sheet = new OfficialSheet(writer);
  const title = TEMPLATE_FORMS[KIND].title.ja;

  sheet.centred(title, 16);
  sheet.y -= 4;
  sheet.addressee('主治医', str(values, 'addresseeDoctor'));
  sheet.addressee('介護支援専門員', str(values, 'addresseeCareManager'));

  // The pharmacy and the pharmacist, on the right as a letter's sender.
  const signX = LEFT + 260;
  const signLabel = 64;
  for (const [label, key, size] of [
    ['薬局名', 'pharmacyName', 9],
    ['電話', 'pharmacyPhone', 9],
    ['薬剤師氏名', 'pharmacistName', 10.5],
  ] as const) {
    writer.line(label, signX, sheet.y, 8, COLOR.muted);
    sheet.fill(str(values, key), signX + signLabel - PAD, sheet.y + PAD, RIGHT - signX - signLabel, boxLine(size) + 2 * PAD, label);
    sheet.y -= lineHeight(size);
  }
  sheet.hline(signX + signLabel - PAD, RIGHT, sheet.y + 2);
  sheet.y -= 6;

  sheet.patientRow(input.patient, input.printedAt, '利用者氏名');
  sheet.row(16, [{ label: '要介護認定の状況', text: careLevelLine(str(values, 'careLevel')), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [{ label: '住所', text: str(values, 'patientAddress'), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [
    { label: '訪問日', text: dayOrBlank(str(values, 'visitedOn')), width: 170, labelWidth: LABEL_WIDTH },
    { label: '次回訪問予定日', text: dayOrBlank(str(values, 'nextVisitOn')), labelWidth: LABEL_WIDTH },
  ]);
  sheet.row(16, [
    { label: '処方医・医療機関', text: str(values, 'prescriber'), width: 170, labelWidth: LABEL_WIDTH },
    { label: '処方日', text: dayOrBlank(str(values, 'prescribedOn')), labelWidth: LABEL_WIDTH },
  ]);
  sheet.row(110, [{ label: '処方内容', text: str(values, 'prescription'), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [{ label: '服薬状況', text: choiceLine('adherence', str(values, 'adherence')), labelWidth: LABEL_WIDTH }]);
  sheet.row(48, [{ label: '服薬状況の詳細・残薬', text: str(values, 'adherenceNotes'), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [{ label: '薬剤の保管状況', text: choiceLine('storage', str(values, 'storage')), labelWidth: LABEL_WIDTH }]);
  sheet.row(34, [{ label: '保管状況の詳細', text: str(values, 'storageNotes'), labelWidth: LABEL_WIDTH }]);
  sheet.row(56, [{ label: '副作用・体調の変化', text: str(values, 'sideEffects'), labelWidth: LABEL_WIDTH }]);
  sheet.row(96, [{ label: '指導内容', text: str(values, 'guidance'), labelWidth: LABEL_WIDTH }]);
  sheet.row(92, [{ label: '医師・介護支援専門員への情報提供・提案', text: str(values, 'proposals'), labelWidth: LABEL_WIDTH }]);

  sheet.y -= 8;
  writer.line(PHARMACY_REPORT_STATEMENT, LEFT + 8, sheet.y, 9.5);
  sheet.y -= lineHeight(9.5);

  sheet.finish(title);
}
