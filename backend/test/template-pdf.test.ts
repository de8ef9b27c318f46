// The printed template: real PDF tools (poppler-utils) read what a person would see.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePdfFontPath } from '../src/templates/pdf/japanese-font';
import { wrapText } from '../src/templates/pdf/line-breaking';
import { INSTRUCTION_CLOSING_STATEMENT } from '../src/templates/pdf/instruction-sheet';
import { renderTemplatePdf, type TemplatePdfInput } from '../src/templates/pdf/template-pdf';

const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'renkei-template-pdf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writePdf(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function pdfText(path: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-']);
  return stdout;
}

/** Without spaces and line breaks, so a phrase wrapped over two lines is still found. */
const squeeze = (text: string) => text.replace(/[\s\f]+/g, '');

async function pageCount(path: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [path]);
  const match = /^Pages:\s+(\d+)/m.exec(stdout);
  return Number(match?.[1]);
}

const patient: TemplatePdfInput['patient'] = {
  familyName: '山田',
  givenName: '太郎',
  familyNameKana: 'ヤマダ',
  givenNameKana: 'タロウ',
  birthDate: '1938-04-02',
  sex: 'SEX_MALE',
};

const paragraph =
  '右片麻痺があり、ベッド上での生活が中心である。嚥下機能の低下がみられ、食事中のむせ込みが増えている（特に水分摂取時）。' +
  '家族（長女）が日中の介護を担っているが、夜間の体位変換の負担が大きく「夜眠れない」との訴えがある。' +
  '訪問時にはバイタルサインの確認、口腔ケア、体位変換の方法の指導を行い、SpO2 95%以上を目安として観察すること。';

const longCareNotes = Array.from({ length: 12 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n\n');

const instruction: TemplatePdfInput = {
  kind: 'VISITING_NURSING_INSTRUCTION',
  version: 3,
  patient,
  values: {
    instructionKind: 'NORMAL',
    instructionPeriod: { from: '2024-04-01', to: '2024-09-30' },
    issuedOn: '2024-03-28',
    mainDiagnosis: '脳梗塞後遺症（右片麻痺）、誤嚥性肺炎の既往',
    conditionSummary: '状態は安定している。\n微熱が続く場合は連絡すること。',
    medication: 'アムロジピン錠5mg 1日1回 朝食後\nランソプラゾールOD錠15mg 1日1回 朝食後',
    careLevel: 'CARE_LEVEL_CARE_4',
    bedriddenLevel: 'B2',
    devices: '胃ろう（20Fr、令和6年2月交換）、在宅酸素（安静時1L/分）',
    careNotes: longCareNotes,
    emergencyContact: 'さくら在宅クリニック 0985-00-0000（24時間対応）',
    facilityName: 'さくら在宅クリニック',
    doctorName: '佐藤 一郎',
    addresseeStation: 'ひまわり訪問看護ステーション',
  },
  finalisedBy: { name: '佐藤 一郎', profession: 'PROFESSION_DOCTOR', facilityName: 'さくら在宅クリニック', at: '2024-03-28T08:05:00Z' },
  lastEditedBy: { name: '佐藤 一郎', at: '2024-03-28T08:00:00Z' },
  printedAt: '2024-04-10T01:00:00Z',
};

// The era changes on the day of accession; a form printed with the wrong era is a wrong document.
// These go through renderTemplatePdf and pdftotext, so they prove what a person reads on paper.
describe('printed dates at the era boundaries', () => {
  // A month is headed by the era in force at its end, so the calendar of January 1989 is 平成元年1月.
  const boundaries = [
    ['1989-01-07', '昭和64年1月7日', '平成元年1月'],
    ['1989-01-08', '平成元年1月8日', '平成元年1月'],
    ['2019-04-30', '平成31年4月30日', '平成31年4月'],
    ['2019-05-01', '令和元年5月1日', '令和元年5月'],
  ] as const;

  it.each(boundaries)('prints %s as %s wherever a form prints a day', async (day, wareki, monthHeading) => {
    const year = day.slice(0, 4);
    const instructionPdf = await writePdf(
      `instruction-${day}.pdf`,
      await renderTemplatePdf({
        ...instruction,
        patient: { ...patient, birthDate: day },
        values: { ...instruction.values, issuedOn: day, instructionPeriod: { from: day, to: day }, careNotes: '' },
      }),
    );
    // The instruction prints in its official layout (instruction-sheet-pdf.test.ts): the date it
    // was written stands beside the closing statement.
    const instructionLayout = await pdfText(instructionPdf);
    const instructionText = squeeze(instructionLayout);
    expect(instructionText).toContain(`${wareki}（${year}年）生`);
    expect(squeeze(instructionLayout.split('\n').find((line) => line.includes(INSTRUCTION_CLOSING_STATEMENT)) ?? '')).toContain(wareki);
    expect(instructionText).toContain(`指示期間（${wareki}～${wareki}）`);

    const reportPdf = await writePdf(
      `report-${day}.pdf`,
      await renderTemplatePdf({
        kind: 'VISITING_NURSING_REPORT',
        version: 1,
        patient,
        values: { reportPeriod: { from: day, to: day }, visitDates: [{ date: day, mark: '○' }] },
        lastEditedBy: { name: '鈴木 花子', at: '2024-04-30T09:00:00Z' },
        printedAt: '2024-04-30T10:00:00Z',
      }),
    );
    const reportText = squeeze(await pdfText(reportPdf));
    expect(reportText).toContain(`報告期間（${wareki}～${wareki}）`);
    expect(reportText).toContain(`${monthHeading}（${year}年）`); // the visit calendar's month
  });

  it('prints instants in Japan time, in the era of the day in Japan', async () => {
    const bytes = await renderTemplatePdf({
      ...instruction,
      values: { ...instruction.values, careNotes: '' },
      finalisedBy: { ...instruction.finalisedBy!, at: '2019-04-30T14:59:00Z' },
      lastEditedBy: { name: '佐藤 一郎', at: '1989-01-07T14:59:00Z' },
      printedAt: '1989-01-07T15:00:00Z',
    });
    const flat = squeeze(await pdfText(await writePdf('instants.pdf', bytes)));
    expect(flat).toContain('平成31年4月30日23:59');
    expect(flat).toContain('最終編集:佐藤一郎昭和64年1月7日23:59');
    expect(flat).toContain('印刷:平成元年1月8日00:00');
    expect(flat).toContain('昭和13年4月2日（1938年）生（50歳）'); // age on the day in Japan it was printed
  });

  it('prints what was stored when it is not a day', async () => {
    const bytes = await renderTemplatePdf({
      ...instruction,
      patient: { ...patient, birthDate: '1938-02-30' },
      values: { ...instruction.values, issuedOn: '2024-02-30', careNotes: '' },
    });
    const layout = await pdfText(await writePdf('not-days.pdf', bytes));
    expect(squeeze(layout)).toContain('1938-02-30生');
    expect(layout.split('\n').find((line) => line.includes(INSTRUCTION_CLOSING_STATEMENT))).toContain('2024-02-30');
  });
});

describe('wrapText', () => {
  // One unit per full-width character, half a unit per ASCII character.
  const measure = (text: string) => [...text].reduce((sum, c) => sum + (c.charCodeAt(0) < 0x80 ? 0.5 : 1), 0);

  it('breaks Japanese anywhere, keeps Latin words whole and honours newlines', () => {
    expect(wrapText('あいうえおかきくけこさし', 5, measure)).toEqual(['あいうえお', 'かきくけこ', 'さし']);
    expect(wrapText('一行目\n\n三行目', 10, measure)).toEqual(['一行目', '', '三行目']);
    expect(wrapText('SpO2 95%以上 check', 4, measure)).toEqual(['SpO2 95%', '以上', 'check']);
    expect(wrapText('abcdefghijklmn', 3, measure)).toEqual(['abcdef', 'ghijkl', 'mn']);
  });

  it('does not start a line with closing punctuation or end one with an opening bracket (禁則)', () => {
    expect(wrapText('あいうえお。かきくけこ', 5, measure)).toEqual(['あいうえ', 'お。かきく', 'けこ']);
    expect(wrapText('あいうえ（かきくけ）。さ', 5, measure)).toEqual(['あいうえ', '（かきく', 'け）。さ']);
    expect(wrapText('あいう「かきくけこ', 4, measure)).toEqual(['あいう', '「かきく', 'けこ']);
    for (const line of wrapText(longCareNotes, 37, measure)) {
      expect(line, line).not.toMatch(/^[、。）」]/);
      expect(line, line).not.toMatch(/[（「]$/);
      expect(measure(line)).toBeLessThanOrEqual(37);
    }
  });
});

describe('renderTemplatePdf', () => {
  it('prints a finalised 訪問看護指示書 in Japanese, its long notes continued on a 別紙, with an embedded font subset', async () => {
    const bytes = await renderTemplatePdf(instruction);
    const path = await writePdf('instruction.pdf', bytes);
    const text = await pdfText(path);
    const flat = squeeze(text);

    expect(text).toContain('訪問看護指示書');
    expect(flat).toContain('山田太郎様');
    expect(flat).toContain('ヤマダタロウ');
    expect(flat).toContain('昭和13年4月2日（1938年）生（86歳）');
    expect(flat).toContain('令和6年4月1日～令和6年9月30日');
    expect(flat).toContain('要介護（□1□2□3■4□5）'); // the official row, the patient's level marked
    expect(flat).toContain('家族（長女）が日中の介護を担っているが、夜間の体位変換の負担が大きく「夜眠れない」との訴えがある。');
    expect(flat).toContain('12.右片麻痺があり'); // whole on the 別紙
    expect(flat).toContain(squeeze('第3版・確定: 佐藤 一郎（医師・さくら在宅クリニック）令和6年3月28日 17:05'));
    expect(flat).not.toContain('下書き');

    const pages = await pageCount(path);
    expect(pages).toBeGreaterThan(1);
    expect(flat).toContain(`1/${pages}`);
    expect(flat).toContain(`${pages}/${pages}`);
    expect(text).toContain('訪問看護指示書（続き）'); // the header repeated on later pages
    expect(flat).toContain('訪問看護指示書（別紙）');
    expect(flat).toContain('（別紙に続く）');

    const { stdout: fonts } = await run('pdffonts', [path]);
    const fontRows = fonts
      .split('\n')
      .slice(2)
      .filter((row) => row.trim() !== '');
    expect(fontRows.length).toBeGreaterThan(0);
    // Columns: emb sub uni. pdf-lib names its subsets without the ABCDEF+ tag, so poppler reports
    // "sub no"; the file size shows only the used glyphs are there.
    for (const row of fontRows) expect(row).toMatch(/\byes\s+(yes|no)\s+yes\s+\d+\s+\d+\s*$/); // emb yes, uni yes
    expect(fonts).toMatch(/IPAexGothic/);
    expect(bytes.byteLength).toBeLessThan(300_000); // a subset, not the 4 MB font
  });

  it('marks a draft on every page and prints a visit calendar', async () => {
    const bytes = await renderTemplatePdf({
      kind: 'VISITING_NURSING_REPORT',
      version: 1,
      patient,
      values: {
        reportPeriod: { from: '2024-04-01', to: '2024-04-30' },
        visitDates: [
          { date: '2024-04-01', mark: '○' },
          { date: '2024-04-03', mark: '◎' },
          { date: '2024-04-05', mark: '□' },
        ],
        courseAndAdl: '食事摂取量は7割程度。',
        suppliesChangeNeeded: 'NO',
        retiredField: '旧版の項目の内容',
      },
      lastEditedBy: { name: '鈴木 花子', at: '2024-04-30T09:00:00Z' },
      printedAt: '2024-04-30T10:00:00Z',
    });
    const path = await writePdf('report-draft.pdf', bytes);
    const flat = squeeze(await pdfText(path));
    expect(flat).toContain('訪問看護報告書');
    expect(flat).toContain('第1版・未確定（下書き）');
    expect(flat).toContain('令和6年4月（2024年）');
    expect(flat).toContain('◎');
    expect(flat).toContain('□');
    expect(flat).toContain('食事摂取量は7割程度。');
    expect(flat).toContain('最終編集:鈴木花子令和6年4月30日18:00');
    expect(flat).toContain('旧版の項目の内容'); // values outside the form are still printed
    // Every form prints as its sheet, an empty box left to write in by hand, never 「（記載なし）」.
    const pharmacist = await renderTemplatePdf({
      kind: 'HOME_MEDICAL_MANAGEMENT_REPORT',
      version: 1,
      patient,
      values: { pharmacyName: 'たちばな薬局' },
      lastEditedBy: { name: '黒木 健一', at: '2024-04-30T09:00:00Z' },
      printedAt: '2024-04-30T10:00:00Z',
    });
    const pharmacistText = squeeze(await pdfText(await writePdf('pharmacist-draft.pdf', pharmacist)));
    expect(pharmacistText).toContain('たちばな薬局');
    expect(pharmacistText).toContain('□良好□時々飲み忘れあり');
    expect(pharmacistText).not.toContain('（記載なし）');
  });

  it('names the Debian package when no font is available', async () => {
    await expect(renderTemplatePdf(instruction, { fontPath: join(dir, 'no-such-font.ttf') })).rejects.toThrow(/fonts-ipaexfont-gothic/);
    const previous = process.env.RENKEI_PDF_FONT;
    process.env.RENKEI_PDF_FONT = join(dir, 'missing.ttf');
    try {
      await expect(resolvePdfFontPath()).rejects.toThrow(/RENKEI_PDF_FONT/);
    } finally {
      if (previous === undefined) delete process.env.RENKEI_PDF_FONT;
      else process.env.RENKEI_PDF_FONT = previous;
    }
  });
});
