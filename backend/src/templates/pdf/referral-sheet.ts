// The 診療情報提供書 printed in the layout hospitals and clinics exchange it in: 別紙様式11 of the
// MHLW notice on the medical fee schedule (診療情報提供料(Ⅰ)). One A4 page in the official order: the
// date, the addressee (紹介先医療機関等名, 担当医 … 科 … 殿), the sending office and doctor, then the
// patient (氏名・性別・住所・電話番号・生年月日) and the boxes 傷病名, 紹介目的, 既往歴及び家族歴, 症状経過及び
// 検査結果, 治療経過, 現在の処方 and 備考. Boxes keep their places; text too long for its box goes
// whole to a 別紙, the 続紙 the official notes ask for.
import { institutionNumberDigits } from '@renkei/proto/chart-rules';
import { SEX_LABELS } from '@renkei/proto/labels';
import { TEMPLATE_FORMS, type TemplateValues } from '@renkei/proto/template-forms';
import { COLOR, lineHeight, type PageWriter } from './page-writer';
import { BLANK_DAY, boxLine, dayOrBlank, LEFT, OfficialSheet, PAD, RIGHT, str, type SheetPatient } from './official-sheet';
import { ageWhenPrinted, printedBirthDate } from './printed-dates';

export interface ReferralSheetInput {
  values: TemplateValues;
  patient: SheetPatient & { sex: string };
  printedAt: string;
}

const LABEL_WIDTH = 70;

/** 「… 科」 unless the department already says 科 (循環器内科), and room for one when none is written. */
export function departmentText(department: string): string {
  if (department === '') return '　　　　　　科';
  return /科$/.test(department) ? department : `${department} 科`;
}

/** The doctor addressed 「… 殿」, unless the name already carries an honorific (the form's hint writes 「… 先生」). */
export function addressedDoctor(name: string): string {
  if (name === '') return '　　　　　　　　殿';
  return /(先生|殿|様|御中)$/.test(name.trim()) ? name.trim() : `${name.trim()}　殿`;
}

/** 男・女 as the paper form circles one. */
function sexLine(sex: string): string {
  const known = Object.hasOwn(SEX_LABELS, sex) ? SEX_LABELS[sex as keyof typeof SEX_LABELS].ja : '';
  const line = `${sex === 'SEX_MALE' ? '■' : '□'}男　${sex === 'SEX_FEMALE' ? '■' : '□'}女`;
  return known === '' || sex === 'SEX_MALE' || sex === 'SEX_FEMALE' ? line : `${line}　${known}`;
}

/** Writes the letter on the writer's current (first) page; the 別紙 follows when text overflowed. */
export function writeReferralSheet(writer: PageWriter, input: ReferralSheetInput): void {
  const { values, patient } = input;
  const sheet = new OfficialSheet(writer);

  sheet.centred(TEMPLATE_FORMS.REFERRAL_LETTER.title.ja, 16);
  const written = str(values, 'writtenOn');
  sheet.rightAligned(written === '' ? BLANK_DAY : dayOrBlank(written), 9.5);
  sheet.y -= 4;

  // The addressee, each line underlined for a name written by hand.
  const underline = (x1: number, x2: number) => sheet.hline(x1, x2, sheet.y - lineHeight(11) + 2);
  writer.line('紹介先医療機関等名', LEFT + 4, sheet.y + 1, 8.5, COLOR.muted);
  const facilityX = LEFT + 90;
  sheet.fill(str(values, 'toFacility'), facilityX - PAD, sheet.y + PAD, 240, boxLine(11) + 2 * PAD, '紹介先医療機関等名');
  underline(facilityX - 4, facilityX + 240);
  // Not on 別紙様式11: the receiving office's number, when the letter gives one, printed small so
  // that the paper says what its FHIR export says.
  const receiverNumber = institutionNumberDigits(str(values, 'toInstitutionNumber'));
  if (receiverNumber !== '') writer.line(`医療機関コード ${receiverNumber}`, facilityX + 250, sheet.y + 1, 8, COLOR.muted);
  sheet.y -= lineHeight(11) + 4;
  writer.line('担当医', LEFT + 4, sheet.y - (lineHeight(11) - lineHeight(8.5)) / 2, 8.5, COLOR.muted);
  const doctorLine = `${departmentText(str(values, 'toDepartment'))}　${addressedDoctor(str(values, 'toDoctor'))}`;
  writer.line(doctorLine, facilityX, sheet.y, 11);
  underline(facilityX - 4, Math.max(facilityX + 240, facilityX + writer.width(doctorLine, 11) + 4));
  sheet.y -= lineHeight(11) + 8;

  // The sending office and doctor, on the right as on the paper form.
  const signX = LEFT + 230;
  const signLabel = 100;
  const sender: [string, string][] = [
    ['紹介元医療機関の所在地', str(values, 'fromAddress')],
    ['紹介元医療機関の名称', str(values, 'fromFacility')],
    ['電話番号', str(values, 'fromPhone')],
  ];
  for (const [label, text] of sender) {
    writer.line(label, signX, sheet.y, 8, COLOR.muted);
    sheet.fill(text, signX + signLabel - PAD, sheet.y + PAD, RIGHT - signX - signLabel, boxLine(9) + 2 * PAD, label);
    sheet.y -= lineHeight(9);
  }
  writer.line('医師氏名', signX, sheet.y, 8, COLOR.muted);
  sheet.fill(str(values, 'fromDoctor'), signX + signLabel - PAD, sheet.y + PAD, RIGHT - signX - signLabel, boxLine(10.5) + 2 * PAD, '医師氏名');
  sheet.hline(signX + signLabel - PAD, RIGHT, sheet.y - lineHeight(10) + 1);
  sheet.y -= lineHeight(10) + 8;

  const name = `${patient.familyName} ${patient.givenName}`.trim();
  const kana = `${patient.familyNameKana} ${patient.givenNameKana}`.trim();
  sheet.row(26, [
    { label: '患者氏名', text: `${name} 様（${kana}）`, width: 300, labelWidth: LABEL_WIDTH },
    { label: '性別', text: sexLine(patient.sex), labelWidth: 30 },
  ]);
  sheet.row(16, [{ label: '患者住所', text: str(values, 'patientAddress'), labelWidth: LABEL_WIDTH }]);
  sheet.row(16, [
    { label: '電話番号', text: str(values, 'patientPhone'), width: 180, labelWidth: LABEL_WIDTH },
    // The form holds no occupation: written by hand when the receiving doctor needs it.
    { label: '職業', text: '', labelWidth: 30 },
  ]);
  const age = ageWhenPrinted(patient.birthDate, input.printedAt);
  sheet.row(16, [{ label: '生年月日', text: `${printedBirthDate(patient.birthDate)}生${age === undefined ? '' : `（${age}歳）`}`, labelWidth: LABEL_WIDTH }]);

  sheet.row(52, [{ label: '傷病名', text: str(values, 'diagnosis'), labelWidth: LABEL_WIDTH }]);
  sheet.row(52, [{ label: '紹介目的', text: str(values, 'purpose'), labelWidth: LABEL_WIDTH }]);
  sheet.row(52, [{ label: '既往歴及び家族歴', text: str(values, 'history'), labelWidth: LABEL_WIDTH }]);
  sheet.row(22, [{ label: 'アレルギー・副作用歴', text: str(values, 'allergies'), labelWidth: LABEL_WIDTH }]);
  sheet.row(110, [{ label: '症状経過及び検査結果', text: str(values, 'findings'), labelWidth: LABEL_WIDTH }]);
  sheet.row(80, [{ label: '治療経過', text: str(values, 'course'), labelWidth: LABEL_WIDTH }]);
  sheet.row(80, [{ label: '現在の処方', text: str(values, 'prescription'), labelWidth: LABEL_WIDTH }]);
  sheet.row(60, [{ label: '備考', text: str(values, 'remarks'), labelWidth: LABEL_WIDTH }]);

  sheet.finish(TEMPLATE_FORMS.REFERRAL_LETTER.title.ja);
}
