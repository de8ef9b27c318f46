// The 訪問看護計画書 printed in the layout the attending doctor receives it in: 別紙様式1 of the MHLW
// notice 「訪問看護計画書等の記載要領等について」 (保険発第62号・老健第71号, as revised through 令和6年度).
// One A4 page in the official order: the patient (氏名・生年月日・要介護認定の状況・住所), 看護・
// リハビリテーションの目標, the dated table of 問題点・解決策 and 評価, the 衛生材料 boxes, 備考, the two
// authors, then the fixed statement to the doctor with the date, the station and its 管理者, and the
// doctor addressed 「… 殿」. Boxes keep their places; text too long for its box goes to a 別紙.
import { TEMPLATE_FORMS, type TemplateValues } from '@renkei/proto/template-forms';
import type { PageWriter } from './page-writer';
import { careLevelLine, headed, OfficialSheet, periodText, str, WIDTH, yesNoLine, type SheetPatient } from './official-sheet';
import { printedDay } from './printed-dates';

export interface NursingPlanSheetInput {
  values: TemplateValues;
  patient: SheetPatient;
  printedAt: string;
}

/** The fixed sentence to the attending doctor under the plan. */
export const PLAN_CLOSING_STATEMENT = '上記の訪問看護計画書に基づき指定訪問看護又は看護サービスの提供を実施いたします。';

/** Writes the plan on the writer's current (first) page; the 別紙 follows when text overflowed. */
export function writeNursingPlanSheet(writer: PageWriter, input: NursingPlanSheetInput): void {
  const { values } = input;
  const sheet = new OfficialSheet(writer);

  sheet.centred(TEMPLATE_FORMS.VISITING_NURSING_PLAN.title.ja, 16);
  // Not a box of the official sheet, but the form holds it and a doctor wants to know the period.
  const period = periodText(values.planPeriod);
  sheet.rightAligned(period === '' ? '' : `計画期間（${period}）`, 9);
  sheet.y -= 2;

  sheet.patientRow(input.patient, input.printedAt);
  sheet.row(16, [{ label: '要介護認定の状況', text: careLevelLine(str(values, 'careLevel')), labelWidth: 70 }]);
  sheet.row(16, [{ label: '住所', text: str(values, 'patientAddress'), labelWidth: 70 }]);

  sheet.heading('看護・リハビリテーションの目標');
  const goals = headed([
    ['看護', str(values, 'nursingGoal')],
    ['リハビリテーション', str(values, 'rehabGoal')],
  ]);
  sheet.columns(78, [{ text: goals, overflowLabel: '看護・リハビリテーションの目標' }]);

  const dateWidth = 72;
  const problemWidth = 300;
  sheet.columnHeadings(15, [{ label: '年月日', width: dateWidth }, { label: '問題点・解決策', width: problemWidth }, { label: '評価' }]);
  const created = str(values, 'createdOn');
  const problems = headed([
    ['問題点', str(values, 'problems')],
    ['解決策', str(values, 'solutions')],
  ]);
  sheet.columns(236, [
    { text: created === '' ? '' : printedDay(created), width: dateWidth, overflowLabel: '年月日' },
    { text: problems, width: problemWidth, overflowLabel: '問題点・解決策' },
    { text: str(values, 'evaluation'), overflowLabel: '評価' },
  ]);

  sheet.row(16, [{ label: '衛生材料等が必要な処置の有無', text: yesNoLine(str(values, 'suppliesNeeded')), labelWidth: 130 }]);
  sheet.columnHeadings(15, [{ label: '処置の内容', width: WIDTH / 2 }, { label: '衛生材料（種類・サイズ）等・必要量' }]);
  sheet.columns(44, [
    { text: str(values, 'treatment'), width: WIDTH / 2, overflowLabel: '処置の内容' },
    { text: str(values, 'supplies'), overflowLabel: '衛生材料（種類・サイズ）等・必要量' },
  ]);
  sheet.row(36, [{ label: '訪問予定（頻度・曜日・職種）', text: str(values, 'visitPlan'), labelWidth: 70 }]);
  sheet.row(44, [{ label: '備考', text: str(values, 'remarks'), labelWidth: 70 }]);
  sheet.row(16, [
    { label: '作成者①', text: `氏名　${str(values, 'nurseAuthor')}`, labelWidth: 70, width: 250, overflowLabel: '作成者①' },
    { label: '職種', text: '看護師・保健師', labelWidth: 36 },
  ]);
  sheet.row(16, [
    { label: '作成者②', text: `氏名　${str(values, 'therapistAuthor')}`, labelWidth: 70, width: 250, overflowLabel: '作成者②' },
    { label: '職種', text: '理学療法士・作業療法士・言語聴覚士', labelWidth: 36 },
  ]);

  sheet.stationSignature(PLAN_CLOSING_STATEMENT, created, str(values, 'stationName'), str(values, 'managerName'));
  sheet.addressee('主治医', str(values, 'addresseeDoctor'));

  sheet.finish(TEMPLATE_FORMS.VISITING_NURSING_PLAN.title.ja);
}
