// The 訪問看護計画書 printed in the official layout (別紙様式1 of 「訪問看護計画書等の記載要領等について」):
// where poppler finds each word proves what a doctor checks by eye — one A4 page, the boxes in their
// order, the dated table of 問題点・解決策 and 評価, every value the form holds somewhere on the sheet,
// the fixed statement over the station and its 管理者, the doctor addressed 「… 殿」, and long text
// continued whole on a 別紙 with the version, who finalised it and when it was printed on every page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFields } from '@renkei/proto/template-forms';
import { CONTINUED_MARK } from '../src/templates/pdf/official-sheet';
import { PLAN_CLOSING_STATEMENT } from '../src/templates/pdf/nursing-plan-sheet';
import { renderTemplatePdf, type TemplatePdfInput } from '../src/templates/pdf/template-pdf';
import { find, sameLine, wordsOf as wordsIn } from './support/pdf-words';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'renkei-nursing-plan-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const wordsOf = (bytes: Uint8Array, name: string) => wordsIn(bytes, dir, name);

const plan: TemplatePdfInput = {
  kind: 'VISITING_NURSING_PLAN',
  version: 3,
  patient: { familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル', birthDate: '1938-04-02', sex: 'SEX_FEMALE' },
  values: {
    createdOn: '2024-06-01',
    careLevel: 'CARE_LEVEL_CARE_3',
    planPeriod: { from: '2024-06-01', to: '2024-11-30' },
    patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
    nursingGoal: '心不全の増悪を防ぎ、自宅で穏やかに過ごせる。',
    rehabGoal: '屋内を杖歩行で安全に移動できる。',
    problems: '#1 心不全増悪のリスク（体重増加・浮腫）',
    solutions: '#1 毎回の体重・浮腫の観察。2kg以上の増加で主治医へ報告。',
    evaluation: '#1 体重は安定（±1kg）。',
    visitPlan: '看護師 週2回（月・木）、理学療法士 週1回（水）',
    suppliesNeeded: 'YES',
    treatment: '仙骨部褥瘡（d2）の処置',
    supplies: 'ハイドロコロイド材 10×10cm 8枚／月',
    remarks: '通所介護 週1回（金）利用中。',
    stationName: 'ひまわり訪問看護ステーション',
    nurseAuthor: '日高 美香',
    therapistAuthor: '松田 翔',
    addresseeDoctor: '黒木 健一（みやざき在宅クリニック）',
    managerName: '長友 京子',
  },
  finalisedBy: { name: '日高 美香', profession: 'PROFESSION_NURSE', facilityName: 'ひまわり訪問看護ステーション', at: '2024-06-01T08:05:00Z' },
  lastEditedBy: { name: '日高 美香', at: '2024-06-01T08:00:00Z' },
  printedAt: '2024-06-02T01:00:00Z',
};

const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('the 訪問看護計画書 in the layout of 別紙様式1', () => {
  it('fits one A4 page with the boxes in the official order', async () => {
    const { words, pages, size, pageText } = await wordsOf(await renderTemplatePdf(plan), 'one-page.pdf');
    expect(pages).toBe(1);
    expect(size).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)/);

    const title = find(words, '訪問看護計画書');
    expect(Math.abs((title.xMin + title.xMax) / 2 - 595.28 / 2)).toBeLessThan(2); // centred
    const order = [
      '訪問看護計画書',
      '患者氏名',
      '要介護認定の状況',
      '住所',
      '看護・リハビリテーションの目標',
      '問題点・解決策',
      '衛生材料等が必要な処置の有無',
      '処置の内容',
      '備考',
      '作成者①',
      '作成者②',
      PLAN_CLOSING_STATEMENT,
      '事業所名',
      '管理者氏名',
      '殿',
    ];
    const tops = order.map((text) => find(words, text).yMin);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));

    // The table's headings side by side, 年月日 first, and the plan's date in its column.
    const [date, problems, evaluation] = ['年月日', '問題点・解決策', '評価'].map((text) => find(words, text));
    expect(sameLine(date!, problems!) && sameLine(problems!, evaluation!)).toBe(true);
    expect(date!.xMax).toBeLessThan(problems!.xMin);
    expect(problems!.xMax).toBeLessThan(evaluation!.xMin);
    const written = words.find((w) => w.page === 1 && w.text === '令和6年6月1日' && w.yMin > date!.yMax && w.xMax < problems!.xMin)!;
    expect(written).toBeDefined();
    const evaluationText = words.find((w) => w.page === 1 && w.text.startsWith('体重は安定'))!;
    expect(evaluationText.xMin).toBeGreaterThan(problems!.xMax);

    const text = pageText(1);
    expect(text).toContain('要介護（□1□2■3□4□5）');
    expect(sameLine(find(words, '■有'), find(words, '□無'))).toBe(true);
    expect(text).toContain('計画期間（令和6年6月1日～令和6年11月30日）');
    expect(text).toContain('昭和13年4月2日（1938年）生（86歳）');
  });

  it('prints every value the form holds, so nothing written is left off the sheet', async () => {
    const { pageText } = await wordsOf(await renderTemplatePdf(plan), 'every-value.pdf');
    const text = pageText(1);
    for (const field of templateFields('VISITING_NURSING_PLAN')) {
      const value = plan.values[field.key];
      if (typeof value !== 'string' || (field.type !== 'text' && field.type !== 'multiline')) continue;
      expect(text, field.key).toContain(squeeze(value));
    }
  });

  it('closes with the fixed statement and the date, the station and its 管理者, and addresses the doctor 殿', async () => {
    const { words } = await wordsOf(await renderTemplatePdf(plan), 'closing.pdf');
    const closing = find(words, PLAN_CLOSING_STATEMENT);
    const date = words.find((w) => w.page === 1 && w.text === '令和6年6月1日' && w.yMin > closing.yMax && w.yMin - closing.yMax < 12)!;
    expect(date).toBeDefined(); // the line under the statement

    const stationLabel = find(words, '事業所名');
    const station = find(words, 'ひまわり訪問看護ステーション');
    expect(sameLine(stationLabel, station)).toBe(true);
    expect(station.xMin).toBeGreaterThan(stationLabel.xMax);
    const managerLabel = find(words, '管理者氏名');
    const manager = words.find((w) => w.page === 1 && w.text === '長友' && sameLine(w, managerLabel))!;
    expect(manager).toBeDefined();
    expect(manager.xMin).toBeGreaterThan(managerLabel.xMax);

    const doctor = find(words, '黒木');
    const honorific = find(words, '殿');
    expect(sameLine(doctor, honorific)).toBe(true);
    expect(honorific.xMin).toBeGreaterThan(doctor.xMax);
    expect(doctor.yMin).toBeGreaterThan(managerLabel.yMax);
  });

  it('leaves room to write by hand what the form does not hold yet', async () => {
    const { words, pageText } = await wordsOf(
      await renderTemplatePdf({ ...plan, values: { careLevel: 'CARE_LEVEL_CARE_3', nursingGoal: '目標のみ' } }),
      'blank.pdf',
    );
    const text = pageText(1);
    expect(text).toContain(squeeze(PLAN_CLOSING_STATEMENT));
    // The date under the statement: 「　　年　　月　　日」 to be written in.
    const closing = find(words, PLAN_CLOSING_STATEMENT);
    const under = words.filter((w) => w.page === 1 && w.yMin > closing.yMax && w.yMin - closing.yMax < 12).map((w) => w.text);
    expect(under.join('')).toBe('年月日');
    find(words, '□有');
    find(words, '□無');
    expect(text).not.toContain('計画期間');
    find(words, '殿');
  });

  it('keeps the boxes in place when a text is too long for its box: cut there, printed whole on a 別紙, footers on both pages', async () => {
    const line = '毎回の体重・浮腫・呼吸状態の観察、服薬確認を行い、変化があれば主治医へ報告する。';
    const solutions = Array.from({ length: 30 }, (_, i) => `${i + 1}. ${line}`).join('\n');
    const { pages, pageText } = await wordsOf(await renderTemplatePdf({ ...plan, values: { ...plan.values, solutions } }), 'overflow.pdf');
    expect(pages).toBe(2);
    const one = pageText(1);
    expect(one).toContain(CONTINUED_MARK);
    expect(one).toContain(squeeze(PLAN_CLOSING_STATEMENT)); // the sheet is still whole on page 1
    expect(one).not.toContain(`30.${line}`);
    const two = pageText(2);
    expect(two).toContain('訪問看護計画書（別紙）');
    expect(two).toContain('問題点・解決策');
    expect(two).toContain(`30.${line}`);
    for (const text of [one, two]) {
      expect(text).toContain('第3版・確定:日高美香');
      expect(text).toContain('印刷:令和6年6月2日10:00');
    }
    expect(two).toContain('宮崎ハル様（ミヤザキハル）'); // a separated page still says whose it is
  });

  it('marks a draft as such on the sheet', async () => {
    const { finalisedBy: _, ...draft } = plan;
    const { pageText } = await wordsOf(await renderTemplatePdf(draft), 'draft.pdf');
    expect(pageText(1)).toContain('第3版・未確定（下書き）');
  });
});
