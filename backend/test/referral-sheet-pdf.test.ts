// The 診療情報提供書 printed in the official layout (別紙様式11 of the medical fee schedule notice):
// where poppler finds each word proves what the receiving doctor sees — one A4 page, the date and the
// addressee 「… 科 … 殿」 above the sending office, the patient, then the boxes in their order, every
// value the letter holds somewhere on the sheet, and long text continued whole on a 別紙.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFields } from '@renkei/proto/template-forms';
import { CONTINUED_MARK } from '../src/templates/pdf/official-sheet';
import { addressedDoctor, departmentText } from '../src/templates/pdf/referral-sheet';
import { renderTemplatePdf, type TemplatePdfInput } from '../src/templates/pdf/template-pdf';
import { find, sameLine, wordsOf as wordsIn } from './support/pdf-words';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'renkei-referral-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const wordsOf = (bytes: Uint8Array, name: string) => wordsIn(bytes, dir, name);
const squeeze = (text: string) => text.replace(/\s+/g, '');

const referral: TemplatePdfInput = {
  kind: 'REFERRAL_LETTER',
  version: 1,
  patient: { familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル', birthDate: '1938-04-02', sex: 'SEX_FEMALE' },
  values: {
    toFacility: '宮崎県立宮崎病院',
    toInstitutionNumber: '4519900106',
    toDepartment: '循環器',
    toDoctor: '田中 一郎',
    writtenOn: '2024-06-01',
    fromFacility: 'みやざき在宅クリニック',
    fromAddress: '〒880-0805 宮崎市橘通東3丁目1-11',
    fromPhone: '0985-20-1001',
    fromDoctor: '黒木 健一',
    patientAddress: '〒880-0812 宮崎市高千穂通2丁目5-8',
    patientPhone: '0985-22-3344',
    diagnosis: '慢性心不全（I50.0）\n高血圧症（I10）',
    purpose: '心不全増悪の精査・加療のお願い',
    history: '70歳 高血圧症。家族歴: 特記事項なし。',
    allergies: 'ペニシリン系抗菌薬（蕁麻疹）',
    findings: '1週間で体重が3kg増加。BNP 580pg/mL。',
    course: 'フロセミドを20mgから40mgに増量。',
    prescription: 'フロセミド錠40mg 1日1回 朝食後',
    remarks: '画像はCD-Rで同封します。',
  },
  finalisedBy: { name: '黒木 健一', profession: 'PROFESSION_DOCTOR', facilityName: 'みやざき在宅クリニック', at: '2024-06-01T08:05:00Z' },
  lastEditedBy: { name: '黒木 健一', at: '2024-06-01T08:00:00Z' },
  printedAt: '2024-06-02T01:00:00Z',
};

describe('the 診療情報提供書 in the layout of 別紙様式11', () => {
  it('fits one A4 page: date, addressee 殿, sender, then the patient and the boxes in the official order', async () => {
    const { words, pages, size, pageText } = await wordsOf(await renderTemplatePdf(referral), 'one-page.pdf');
    expect(pages).toBe(1);
    expect(size).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)/);
    const order = [
      '診療情報提供書',
      '紹介先医療機関等名',
      '担当医',
      '紹介元医療機関の所在地',
      '医師氏名',
      '患者氏名',
      '患者住所',
      '生年月日',
      '傷病名',
      '紹介目的',
      '既往歴及び家族歴',
      '治療経過',
      '現在の処方',
      '備考',
    ];
    const tops = order.map((text) => find(words, text).yMin);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));

    // The footer prints the finalisation on the same day; the letter's date is the one at the top.
    const date = words.filter((w) => w.page === 1 && w.text === '令和6年6月1日').sort((a, b) => a.yMin - b.yMin)[0]!;
    expect(date.yMax).toBeLessThan(find(words, '紹介先医療機関等名').yMin);
    expect(date.xMin).toBeGreaterThan(400); // against the right edge

    // The receiving office's number (for its FHIR export) on the addressee's line.
    expect(sameLine(find(words, '4519900106'), find(words, '紹介先医療機関等名'))).toBe(true);

    const doctorLabel = find(words, '担当医');
    const honorific = find(words, '殿');
    expect(sameLine(doctorLabel, honorific)).toBe(true);
    const addressed = words
      .filter((w) => w.page === 1 && sameLine(w, doctorLabel) && w.xMin > doctorLabel.xMax)
      .sort((a, b) => a.xMin - b.xMin)
      .map((w) => w.text)
      .join('');
    expect(addressed).toBe('循環器科田中一郎殿');
    const text = pageText(1);
    expect(text).toContain('□男■女');
    expect(text).toContain('昭和13年4月2日（1938年）生（86歳）');
    for (const field of templateFields('REFERRAL_LETTER')) {
      const value = referral.values[field.key];
      if (typeof value !== 'string' || (field.type !== 'text' && field.type !== 'multiline')) continue;
      expect(text, field.key).toContain(squeeze(value));
    }
  });

  it('adds neither 科 nor 殿 where the letter already says them', () => {
    expect(departmentText('循環器内科')).toBe('循環器内科');
    expect(departmentText('循環器')).toBe('循環器 科');
    expect(addressedDoctor('田中 一郎 先生')).toBe('田中 一郎 先生');
    expect(addressedDoctor('田中 一郎')).toBe('田中 一郎　殿');
    expect(addressedDoctor('')).toMatch(/殿$/); // room to write the name by hand
  });

  it('continues a long 症状経過 whole on a 別紙, the sheet unchanged, footers on both pages', async () => {
    const line = '体重・浮腫・呼吸状態の推移を記載する。夜間の呼吸苦は起座位で改善。';
    const findings = Array.from({ length: 30 }, (_, i) => `${i + 1}. ${line}`).join('\n');
    const { pages, pageText } = await wordsOf(await renderTemplatePdf({ ...referral, values: { ...referral.values, findings } }), 'overflow.pdf');
    expect(pages).toBe(2);
    expect(pageText(1)).toContain(CONTINUED_MARK);
    expect(pageText(1)).toContain('画像はCD-Rで同封します。'); // the boxes after it are still on the sheet
    expect(pageText(1)).not.toContain(`30.${line}`);
    expect(pageText(2)).toContain('診療情報提供書（別紙）');
    expect(pageText(2)).toContain(`30.${line}`);
    for (const page of [1, 2]) expect(pageText(page)).toContain('第1版・確定:黒木健一');
  });
});
