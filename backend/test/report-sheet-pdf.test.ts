// The 訪問看護報告書 printed in the official layout (別紙様式2 of 「訪問看護計画書等の記載要領等について」):
// where poppler finds each word proves what a doctor checks by eye — one A4 page, the boxes in their
// order, the visit days marked in the calendars of the months reported, every value the form holds
// somewhere on the sheet, the fixed statement over the station and its 管理者, the doctor addressed
// 「… 殿」, and what does not fit (long text, visits in a third month) whole on a 別紙 with the version,
// who finalised it and when it was printed on every page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFields } from '@renkei/proto/template-forms';
import { CONTINUED_MARK } from '../src/templates/pdf/official-sheet';
import { REPORT_CLOSING_STATEMENT } from '../src/templates/pdf/report-sheet';
import { renderTemplatePdf, type TemplatePdfInput } from '../src/templates/pdf/template-pdf';
import { find, sameLine, wordsOf as wordsIn, type Word } from './support/pdf-words';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'renkei-report-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const wordsOf = (bytes: Uint8Array, name: string) => wordsIn(bytes, dir, name);
const squeeze = (text: string) => text.replace(/\s+/g, '');
const visits = (month: string, days: number[], mark = '○') => days.map((d) => ({ date: `${month}-${String(d).padStart(2, '0')}`, mark }));

const report: TemplatePdfInput = {
  kind: 'VISITING_NURSING_REPORT',
  version: 2,
  patient: { familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル', birthDate: '1938-04-02', sex: 'SEX_FEMALE' },
  values: {
    careLevel: 'CARE_LEVEL_SUPPORT_2',
    patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
    reportPeriod: { from: '2024-05-16', to: '2024-06-15' },
    visitDates: [...visits('2024-05', [16, 20, 23]), { date: '2024-05-23', mark: '◇' }, ...visits('2024-06', [3, 10]), { date: '2024-06-13', mark: '◎' }],
    courseAndAdl: '体重は51～52kgで安定。下肢浮腫は軽度で変化なし。',
    careGiven: 'バイタルサイン測定、服薬確認。仙骨部褥瘡の処置。',
    familySituation: '長女が日中の介護を担う。',
    suppliesUsage: 'ハイドロコロイド材 10×10cm 8枚／月',
    suppliesChangeNeeded: 'NO',
    specialNotes: '6月10日 夜間に呼吸苦の訴えあり緊急訪問。',
    reportedOn: '2024-06-15',
    stationName: 'ひまわり訪問看護ステーション',
    reporterName: '日高 美香',
    addresseeDoctor: '黒木 健一（みやざき在宅クリニック）',
    managerName: '長友 京子',
  },
  finalisedBy: { name: '日高 美香', profession: 'PROFESSION_NURSE', facilityName: 'ひまわり訪問看護ステーション', at: '2024-06-15T08:05:00Z' },
  lastEditedBy: { name: '日高 美香', at: '2024-06-15T08:00:00Z' },
  printedAt: '2024-06-16T01:00:00Z',
};

/** The word of day `day` in the month grid under `heading`, and the words on its line to its right. */
function dayCell(words: readonly Word[], heading: Word, day: string): Word {
  const below = words.filter((w) => w.page === 1 && w.text === day && w.yMin > heading.yMax && w.xMin >= heading.xMin - 4 && w.xMin < heading.xMin + 240);
  expect(below.length, `${day}日`).toBeGreaterThan(0);
  return below.sort((a, b) => a.yMin - b.yMin)[0]!;
}

describe('the 訪問看護報告書 in the layout of 別紙様式2', () => {
  it('fits one A4 page with the boxes in the official order', async () => {
    const { words, pages, size, pageText } = await wordsOf(await renderTemplatePdf(report), 'one-page.pdf');
    expect(pages).toBe(1);
    expect(size).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)/);
    const title = find(words, '訪問看護報告書');
    expect(Math.abs((title.xMin + title.xMax) / 2 - 595.28 / 2)).toBeLessThan(2);
    const order = [
      '訪問看護報告書',
      '患者氏名',
      '要介護認定の状況',
      '住所',
      '訪問日',
      '病状の経過',
      '家庭での介護の状',
      '特記すべき事項',
      '報告者',
      REPORT_CLOSING_STATEMENT,
      '事業所名',
      '管理者氏名',
      '殿',
    ];
    const tops = order.map((text) => find(words, text).yMin);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    const text = pageText(1);
    expect(text).toContain('要支援（□1■2）');
    expect(text).toContain('報告期間（令和6年5月16日～令和6年6月15日）');
    expect(sameLine(find(words, '□有'), find(words, '■無'))).toBe(true);
  });

  it('marks the visit days in the calendars of both months, side by side in the 訪問日 box', async () => {
    const { words } = await wordsOf(await renderTemplatePdf(report), 'calendar.pdf');
    const label = find(words, '訪問日');
    const may = find(words, '令和6年5月（2024年）');
    const june = find(words, '令和6年6月（2024年）');
    expect(sameLine(may, june)).toBe(true);
    expect(may.xMin).toBeGreaterThan(label.xMax);
    expect(june.xMin).toBeGreaterThan(may.xMax);
    expect(find(words, '病状の経過').yMin).toBeGreaterThan(june.yMax + 70); // the grids are inside the box, above the next row

    const markBeside = (heading: Word, day: string) => {
      const cell = dayCell(words, heading, day);
      return words
        .filter((w) => w.page === 1 && sameLine(w, cell) && w.xMin > cell.xMax && w.xMin - cell.xMax < 30 && !/\d/.test(w.text))
        .map((w) => w.text)
        .join('');
    };
    expect(markBeside(may, '16')).toBe('○');
    expect(markBeside(may, '23')).toBe('○◇');
    expect(markBeside(may, '17')).toBe('');
    expect(markBeside(june, '13')).toBe('◎');
    expect(markBeside(june, '3')).toBe('○');
  });

  it('prints every value the form holds, so nothing written is left off the sheet', async () => {
    const { pageText } = await wordsOf(await renderTemplatePdf(report), 'every-value.pdf');
    const text = pageText(1);
    for (const field of templateFields('VISITING_NURSING_REPORT')) {
      const value = report.values[field.key];
      if (typeof value !== 'string' || (field.type !== 'text' && field.type !== 'multiline')) continue;
      expect(text, field.key).toContain(squeeze(value));
    }
  });

  it('closes with the fixed statement and the date, the station and its 管理者, and addresses the doctor 殿', async () => {
    const { words } = await wordsOf(await renderTemplatePdf(report), 'closing.pdf');
    const closing = find(words, REPORT_CLOSING_STATEMENT);
    const date = words.find((w) => w.page === 1 && w.text === '令和6年6月15日' && w.yMin > closing.yMax && w.yMin - closing.yMax < 12);
    expect(date).toBeDefined();
    const stationLabel = find(words, '事業所名');
    expect(sameLine(stationLabel, find(words, 'ひまわり訪問看護ステーション'))).toBe(true);
    const managerLabel = find(words, '管理者氏名');
    expect(words.some((w) => w.page === 1 && w.text === '長友' && sameLine(w, managerLabel))).toBe(true);
    const doctor = find(words, '黒木');
    const honorific = find(words, '殿');
    expect(sameLine(doctor, honorific)).toBe(true);
    expect(honorific.xMin).toBeGreaterThan(doctor.xMax);
    expect(doctor.yMin).toBeGreaterThan(managerLabel.yMax);
  });

  it('puts long text and visits in a third month whole on a 別紙, the sheet unchanged, footers on every page', async () => {
    const line = 'バイタルサイン測定、体重・浮腫の観察、服薬確認を行った。';
    const careGiven = Array.from({ length: 24 }, (_, i) => `${i + 1}. ${line}`).join('\n');
    const visitDates = [...visits('2024-04', [30]), ...(report.values.visitDates as { date: string; mark: string }[])];
    const { words, pages, pageText } = await wordsOf(
      await renderTemplatePdf({ ...report, values: { ...report.values, careGiven, visitDates } }),
      'overflow.pdf',
    );
    expect(pages).toBeGreaterThanOrEqual(2);
    const one = pageText(1);
    expect(one).toContain(CONTINUED_MARK);
    expect(one).toContain(squeeze(REPORT_CLOSING_STATEMENT));
    expect(one).toContain('令和6年4月（2024年）');
    expect(one).not.toContain('令和6年6月（2024年）'); // the box holds two months
    expect(one).not.toContain(`24.${line}`);
    const rest = Array.from({ length: pages - 1 }, (_, i) => pageText(i + 2)).join('');
    expect(rest).toContain('訪問看護報告書（別紙）');
    expect(rest).toContain('令和6年6月（2024年）');
    expect(rest).toContain(`24.${line}`);
    for (let page = 1; page <= pages; page++) {
      expect(pageText(page)).toContain('第2版・確定:日高美香');
      expect(pageText(page)).toContain('印刷:令和6年6月16日10:00');
    }
    expect(words.filter((w) => w.text === '殿')).toHaveLength(1);
  });

  it('prints a value its box cannot show (not of the field’s shape) on a page of its own rather than drop it', async () => {
    const { pages, pageText } = await wordsOf(
      await renderTemplatePdf({ ...report, values: { ...report.values, familySituation: ['長女が介護', '夜間は長男'] as never } }),
      'odd-shape.pdf',
    );
    expect(pages).toBe(2);
    expect(pageText(2)).toContain('様式外の項目');
    expect(pageText(2)).toContain('familySituation');
    expect(pageText(2)).toContain('夜間は長男');
  });

  it('leaves the boxes empty to write in, the reported months drawn, when nothing is recorded yet', async () => {
    const { finalisedBy: _, ...draft } = report;
    const { words, pageText } = await wordsOf(
      await renderTemplatePdf({ ...draft, values: { reportPeriod: { from: '2024-05-16', to: '2024-06-15' } } }),
      'blank.pdf',
    );
    const text = pageText(1);
    find(words, '令和6年5月（2024年）');
    find(words, '令和6年6月（2024年）');
    expect(text).toContain('第2版・未確定（下書き）');
    expect(text).not.toContain('（記載なし）');
    expect(words.filter((w) => w.text === '○')).toHaveLength(1); // the legend's only
    find(words, '殿');
  });
});
