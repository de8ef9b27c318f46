// The 訪問看護指示書 printed in the official layout (別紙様式16, 令和6年度 revision): poppler's
// pdftotext -bbox reads where each word landed, so these prove what a station checks by eye — one
// A4 page, the boxes in their order, 傷病名コード beside 主たる傷病名, the closing sentence above the
// doctor's office and seal area, and the station addressed 「… 殿」.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTINUED_MARK, INSTRUCTION_CLOSING_STATEMENT } from '../src/templates/pdf/instruction-sheet';
import { renderTemplatePdf, type TemplatePdfInput } from '../src/templates/pdf/template-pdf';
import { find, sameLine, wordsOf as wordsIn } from './support/pdf-words';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'renkei-instruction-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const wordsOf = (bytes: Uint8Array, name: string) => wordsIn(bytes, dir, name);

const instruction: TemplatePdfInput = {
  kind: 'VISITING_NURSING_INSTRUCTION',
  version: 2,
  patient: { familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル', birthDate: '1938-04-02', sex: 'SEX_FEMALE' },
  values: {
    instructionKind: 'NORMAL',
    instructionPeriod: { from: '2024-06-01', to: '2024-11-30' },
    issuedOn: '2024-05-28',
    patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
    patientPhone: '0985-22-3344',
    mainDiagnosis: '慢性心不全',
    mainDiagnosisCode: 'I50.0',
    conditionSummary: 'NYHA II度。利尿薬で体重管理中。',
    medication: 'フロセミド錠20mg 1日1回 朝食後',
    careLevel: 'CARE_LEVEL_CARE_3',
    bedriddenLevel: 'B2',
    careNotes: '毎日の体重測定。2kg以上の増加で連絡。',
    emergencyContact: 'みやざき在宅クリニック 0985-20-1001',
    facilityName: 'みやざき在宅クリニック',
    facilityAddress: '〒880-0805 宮崎市橘通東3丁目1-11',
    facilityPhone: '0985-20-1001',
    facilityFax: '0985-20-2001',
    doctorName: '黒木 健一',
    addresseeStation: 'ひまわり訪問看護ステーション',
  },
  finalisedBy: { name: '黒木 健一', profession: 'PROFESSION_DOCTOR', facilityName: 'みやざき在宅クリニック', at: '2024-05-28T08:05:00Z' },
  lastEditedBy: { name: '黒木 健一', at: '2024-05-28T08:00:00Z' },
  printedAt: '2024-06-01T01:00:00Z',
};

describe('the 訪問看護指示書 in the layout of 別紙様式16', () => {
  it('fits one A4 page with the boxes in the official order', async () => {
    const { words, pages, size } = await wordsOf(await renderTemplatePdf(instruction), 'one-page.pdf');
    expect(pages).toBe(1);
    expect(size).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)/);

    const title = find(words, '訪問看護指示書');
    const drip = find(words, '□在宅患者訪問点滴注射指示書');
    expect(drip.yMin).toBeGreaterThan(title.yMax - 1); // under the title
    expect(Math.abs((title.xMin + title.xMax) / 2 - 595.28 / 2)).toBeLessThan(2); // centred

    const order = [
      '訪問看護指示書',
      '患者氏名',
      '患者住所',
      '主たる傷病名',
      '病状・治療状態',
      '投与中の薬剤の用量・用法',
      '日常生活自立度',
      '要介護認定の状況',
      '褥瘡の深さ',
      '装着・使用医療機器等',
      '緊急時の連絡先',
      '不在時の対応',
      INSTRUCTION_CLOSING_STATEMENT,
      '医療機関名',
      '住所',
      '（ＦＡＸ）',
      '医師氏名',
      '事業所',
    ];
    const tops = order.map((text) => find(words, text).yMin);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    const text = words.map((w) => w.text).join('');
    for (const label of [
      '留意事項及び指示事項',
      '指示期間（令和6年6月1日',
      '点滴注射指示期間（',
      '他の訪問看護ステーションへの指示',
      'たんの吸引等実施のための訪問介護事業所への指示',
    ]) {
      expect(text).toContain(label);
    }
  });

  it('puts 傷病名コード beside 主たる傷病名, with the code in its box', async () => {
    const { words } = await wordsOf(await renderTemplatePdf(instruction), 'code.pdf');
    const diagnosisLabel = find(words, '主たる傷病名');
    const diagnosis = find(words, '慢性心不全');
    const codeLabel = find(words, '傷病名コード');
    const code = find(words, 'I50.0');
    for (const word of [diagnosis, codeLabel, code]) expect(sameLine(diagnosisLabel, word)).toBe(true);
    expect(diagnosisLabel.xMax).toBeLessThan(diagnosis.xMin);
    expect(diagnosis.xMax).toBeLessThan(codeLabel.xMin);
    expect(codeLabel.xMax).toBeLessThan(code.xMin);
  });

  it('closes with the fixed statement and the date, then the office, the doctor and a seal area, and addresses the station 殿', async () => {
    const { words } = await wordsOf(await renderTemplatePdf(instruction), 'closing.pdf');
    const closing = find(words, INSTRUCTION_CLOSING_STATEMENT);
    // The footer prints the finalisation time on the same day; the date is the one beside the statement.
    const date = words.find((w) => w.page === 1 && w.text === '令和6年5月28日' && sameLine(w, closing))!;
    expect(date).toBeDefined();
    expect(sameLine(closing, date)).toBe(true);
    expect(date.xMin).toBeGreaterThan(closing.xMax);

    const doctorLabel = find(words, '医師氏名');
    const seal = find(words, '印');
    // 黒木 is also in the footer (who finalised); the doctor's name is the one on the 医師氏名 line.
    const doctor = words.find((w) => w.page === 1 && w.text === '黒木' && sameLine(w, doctorLabel))!;
    expect(doctor).toBeDefined();
    expect(doctor.xMin).toBeGreaterThan(doctorLabel.xMax);
    expect(Math.abs(seal.yMin - doctorLabel.yMin)).toBeLessThan(12);
    expect(seal.xMin).toBeGreaterThan(doctor.xMax);
    expect(sameLine(find(words, '（ＦＡＸ）'), find(words, '0985-20-2001'))).toBe(true);

    const station = find(words, 'ひまわり訪問看護ステーション');
    const honorific = find(words, '殿');
    expect(sameLine(station, honorific)).toBe(true);
    expect(honorific.xMin).toBeGreaterThan(station.xMax);
    expect(station.yMin).toBeGreaterThan(doctorLabel.yMax);
  });

  it('marks the drip infusion instruction and the chosen care level and rank', async () => {
    const { words } = await wordsOf(
      await renderTemplatePdf({
        ...instruction,
        values: { ...instruction.values, instructionKind: 'DRIP_INFUSION', dripPeriod: { from: '2024-06-03', to: '2024-06-09' } },
      }),
      'drip.pdf',
    );
    find(words, '■在宅患者訪問点滴注射指示書');
    const text = words.map((w) => w.text).join('');
    expect(text).toContain('点滴注射指示期間（令和6年6月3日～令和6年6月9日）');
    expect(text).toContain('■B2');
    expect(text).toContain('■3');
    expect(text).not.toContain('■2');
  });

  it('keeps the boxes in place when a text is too long for its box: cut there, printed whole on a 別紙', async () => {
    const paragraph = '右片麻痺があり、ベッド上での生活が中心である。嚥下機能の低下がみられ、食事中のむせ込みが増えている。';
    const careNotes = Array.from({ length: 14 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n');
    const { words, pages } = await wordsOf(await renderTemplatePdf({ ...instruction, values: { ...instruction.values, careNotes } }), 'overflow.pdf');
    expect(pages).toBe(2);
    const pageOne = words
      .filter((w) => w.page === 1)
      .map((w) => w.text)
      .join('');
    expect(pageOne).toContain(CONTINUED_MARK);
    expect(pageOne).toContain(INSTRUCTION_CLOSING_STATEMENT); // the sheet is still whole on page 1
    expect(pageOne).not.toContain('14.');
    const pageTwo = words
      .filter((w) => w.page === 2)
      .map((w) => w.text)
      .join('');
    expect(pageTwo).toContain('訪問看護指示書（別紙）');
    expect(pageTwo).toContain('Ⅰ療養生活指導上の留意事項');
    expect(pageTwo).toContain(`14.${paragraph}`);
  });
});
