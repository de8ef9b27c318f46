// The pharmacist's 居宅療養管理指導報告書 printed as one sheet: where poppler finds each word proves
// what the doctor and the care manager check by eye — both addressed 「… 殿」 at the top, the pharmacy
// and pharmacist, the patient, the boxes in their order, the adherence and storage choices marked,
// every value the form holds somewhere on the sheet, the closing sentence, and a long text continued
// whole on a 別紙 with the footers on every page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFields } from '@renkei/proto/template-forms';
import { CONTINUED_MARK } from '../src/templates/pdf/official-sheet';
import { choiceLine, PHARMACY_REPORT_STATEMENT } from '../src/templates/pdf/pharmacy-report-sheet';
import { renderTemplatePdf, type TemplatePdfInput } from '../src/templates/pdf/template-pdf';
import { find, sameLine, wordsOf as wordsIn } from './support/pdf-words';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'renkei-pharmacy-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const wordsOf = (bytes: Uint8Array, name: string) => wordsIn(bytes, dir, name);
const squeeze = (text: string) => text.replace(/\s+/g, '');

const report: TemplatePdfInput = {
  kind: 'HOME_MEDICAL_MANAGEMENT_REPORT',
  version: 1,
  patient: { familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミクト', birthDate: '1948-11-07', sex: 'SEX_MALE' },
  values: {
    careLevel: 'CARE_LEVEL_CARE_3',
    patientAddress: '〒880-0805 宮崎市橘通東3丁目1-11',
    visitedOn: '2026-12-04',
    addresseeDoctor: '黒木 健一（みやざき在宅クリニック）',
    addresseeCareManager: '岩切 千春（居宅介護支援事業所あおぞら）',
    prescriber: 'みやざき在宅クリニック 黒木 健一',
    prescribedOn: '2026-12-01',
    prescription: 'オキシコドン徐放錠5mg 1回1錠 1日2回\nマグネシウム酸化物錠330mg 1回1錠 1日3回',
    adherence: 'SOMETIMES_MISSED',
    adherenceNotes: '夕食後分の飲み忘れが週2回。残薬: マグネシウム酸化物錠 6錠。',
    storage: 'APPROPRIATE',
    storageNotes: '服薬カレンダーで管理。',
    sideEffects: '便秘傾向（3日に1回）。眠気なし。',
    guidance: '服薬カレンダーの夕の欄を色分けし、長女に声かけを依頼した。',
    proposals: '夕食後の薬を朝・昼にまとめられるかご検討ください。',
    nextVisitOn: '2026-12-18',
    pharmacyName: 'たちばな調剤薬局',
    pharmacyPhone: '0985-22-3344',
    pharmacistName: '児玉 恵',
  },
  finalisedBy: { name: '児玉 恵', profession: 'PROFESSION_PHARMACIST', facilityName: 'たちばな調剤薬局', at: '2026-12-04T08:00:00Z' },
  lastEditedBy: { name: '児玉 恵', at: '2026-12-04T07:55:00Z' },
  printedAt: '2026-12-04T09:00:00Z',
};

describe('the pharmacist’s 居宅療養管理指導報告書 as one sheet', () => {
  it('prints one page: both addressees, the pharmacy, the patient, every box in order with what was written', async () => {
    const { words, pages, pageText } = await wordsOf(await renderTemplatePdf(report), 'report.pdf');
    expect(pages).toBe(1);
    const order = [
      '居宅療養管理指導報告書',
      '主治医',
      '介護支援専門員',
      '薬局名',
      '利用者氏名',
      '要介護認定の状況',
      '住所',
      '訪問日',
      '処方内容',
      '服薬状況',
      '副作用・体調の変化',
      '指導内容',
    ];
    const tops = order.map((text) => find(words, text).yMin);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    const honorifics = words.filter((w) => w.page === 1 && w.text === '殿');
    expect(honorifics).toHaveLength(2);
    expect(sameLine(find(words, '主治医'), honorifics[0]!)).toBe(true);
    expect(sameLine(find(words, '介護支援専門員'), honorifics[1]!)).toBe(true);

    const text = pageText(1);
    expect(text).toContain('要介護（□1□2■3□4□5）');
    expect(text).toContain(squeeze(choiceLine('adherence', 'SOMETIMES_MISSED')));
    expect(text).toContain('□良好■時々飲み忘れあり');
    expect(text).toContain('■適切□要改善');
    expect(text).toContain('令和8年12月4日');
    expect(text).toContain('令和8年12月18日');
    expect(text).toContain(squeeze(PHARMACY_REPORT_STATEMENT));
    for (const field of templateFields('HOME_MEDICAL_MANAGEMENT_REPORT')) {
      const value = report.values[field.key];
      if (typeof value !== 'string' || (field.type !== 'text' && field.type !== 'multiline')) continue;
      expect(text, field.key).toContain(squeeze(value));
    }
    expect(text).toContain('第1版・確定:児玉恵');
  });

  it('names a stored choice the list does not have, rather than hiding it', () => {
    expect(choiceLine('storage', 'IN_FRIDGE')).toBe('□適切　□要改善　（IN_FRIDGE）');
    expect(choiceLine('storage', '')).toBe('□適切　□要改善');
  });

  it('continues a long 指導内容 whole on a 別紙, the sheet unchanged, footers on both pages', async () => {
    const line = '吸入手技を確認し、吸気の速さと息止めを練習した。';
    const guidance = Array.from({ length: 30 }, (_, i) => `${i + 1}. ${line}`).join('\n');
    const { pages, pageText } = await wordsOf(await renderTemplatePdf({ ...report, values: { ...report.values, guidance } }), 'overflow.pdf');
    expect(pages).toBe(2);
    expect(pageText(1)).toContain(CONTINUED_MARK);
    expect(pageText(1)).toContain(squeeze('夕食後の薬を朝・昼にまとめられるかご検討ください。')); // the box after it stays on the sheet
    expect(pageText(2)).toContain('居宅療養管理指導報告書（別紙）');
    expect(pageText(2)).toContain(squeeze(`30. ${line}`));
    for (const page of [1, 2]) expect(pageText(page)).toContain('第1版・確定:児玉恵');
  });
});
