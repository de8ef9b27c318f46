// The usage report's pure parts: reading the period as the office types it, the months' bounds in
// Japan time, the CSV's form, the pilot's estimate, and a long period laid out over several pages.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FACILITY_KINDS, PROFESSIONS } from '@renkei/proto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateCost } from '../src/usage-report/cost-estimate';
import { japanMonthBounds, monthsBetween, parseReportMonth, ReportPeriodError, type ReportMonth } from '../src/usage-report/report-months';
import type { MonthlyUsage } from '../src/usage-report/usage-counts';
import { usageCsv } from '../src/usage-report/usage-csv';
import { monthlyBarChart, renderUsageReportPdf } from '../src/usage-report/usage-pdf';
import { layOutChart } from '../src/usage-report/vega-chart';
import { embedJapaneseFont, resolvePdfFontPath } from '../src/templates/pdf/japanese-font';
import { wordsOf } from './support/pdf-words';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'renkei-report-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function usage(month: ReportMonth, n: number): MonthlyUsage {
  const usersByProfession = Object.fromEntries(PROFESSIONS.map((p) => [p, 0])) as MonthlyUsage['usersByProfession'];
  const facilitiesByKind = Object.fromEntries(FACILITY_KINDS.map((k) => [k, 0])) as MonthlyUsage['facilitiesByKind'];
  usersByProfession.PROFESSION_DOCTOR = 10 + n;
  usersByProfession.PROFESSION_NURSE = 40 + 2 * n;
  usersByProfession.PROFESSION_CARE_MANAGER = 30 + n;
  facilitiesByKind.FACILITY_KIND_CLINIC = 12;
  facilitiesByKind.FACILITY_KIND_VISITING_NURSE_STATION = 9;
  facilitiesByKind.FACILITY_KIND_CARE_MANAGEMENT_OFFICE = 11;
  return {
    month,
    usersByProfession,
    users: 80 + 4 * n,
    facilitiesByKind,
    facilities: 32,
    devices: 30,
    logins: 900 + 37 * n,
    activeUsers: 60 + n,
    posts: 500 + 20 * n,
    notes: 120 + n,
    documents: 40,
    forms: 25,
    patients: 40 + n,
    newPatients: 1,
    patientTimelines: 38 + n,
    groups: 5,
    partnerContacts: 1200 + n,
    itemsReachingPartners: 600,
  };
}

describe('the report period', () => {
  it('reads YYYY-MM and refuses what is not a month, saying how to write it', () => {
    expect(parseReportMonth('2026-11', '--month')).toEqual({ year: 2026, month: 11 });
    for (const text of ['2026-13', '2026-00', '2026-1', '11/2026', '2026-11-01', '']) {
      expect(() => parseReportMonth(text, '--month')).toThrow(ReportPeriodError);
      expect(() => parseReportMonth(text, '--month')).toThrow('YYYY-MM（例: 2026-11）で指定してください');
    }
  });

  it('lists the months of a range across a year end and refuses one backwards', () => {
    expect(monthsBetween({ year: 2026, month: 11 }, { year: 2027, month: 2 })).toEqual([
      { year: 2026, month: 11 },
      { year: 2026, month: 12 },
      { year: 2027, month: 1 },
      { year: 2027, month: 2 },
    ]);
    expect(() => monthsBetween({ year: 2026, month: 11 }, { year: 2026, month: 10 })).toThrow('--from 2026-11 が --to 2026-10 より後です');
  });

  it('starts and ends each month at midnight in Japan (15:00 UTC the day before)', () => {
    expect(japanMonthBounds({ year: 2026, month: 11 })).toEqual({ start: '2026-10-31T15:00:00.000Z', end: '2026-11-30T15:00:00.000Z' });
    expect(japanMonthBounds({ year: 2026, month: 12 })).toEqual({ start: '2026-11-30T15:00:00.000Z', end: '2026-12-31T15:00:00.000Z' });
  });
});

describe('the estimate and the CSV', () => {
  it("computes 1対1 from the offices each item really reached, and the pilot's 4 offices beside it", () => {
    const e = estimateCost(usage({ year: 2026, month: 11 }, 0));
    // 500 posts + 120 notes + 40 documents + 25 forms = 685 items; 600 of them reached 1,200 other offices in all.
    expect(e).toEqual({
      sharedItems: 685,
      averagePartnerOffices: 1.75,
      oneToOneMinutes: 1200 * 4,
      oneToManyMinutes: 600 * 4,
      savedMinutes: 600 * 4,
      savedYen: 600 * 4 * 20,
      pilot: { oneToOneMinutes: 685 * 16, oneToManyMinutes: 685 * 4, savedMinutes: 685 * 12, savedYen: 685 * 12 * 20 },
    });
    // No item reached another office: nothing saved, whatever the pilot would have assumed.
    const alone = estimateCost({ ...usage({ year: 2026, month: 11 }, 0), partnerContacts: 0, itemsReachingPartners: 0 });
    expect(alone).toMatchObject({ averagePartnerOffices: 0, oneToOneMinutes: 0, oneToManyMinutes: 0, savedMinutes: 0, savedYen: 0 });
    expect(alone.pilot.savedMinutes).toBe(685 * 12);
  });

  it('is UTF-8 with a BOM, CRLF lines, one row per month and the Japanese headers', () => {
    const csv = usageCsv([usage({ year: 2026, month: 10 }, 0), usage({ year: 2026, month: 11 }, 1)]);
    expect(csv.startsWith('\ufeff年月,登録利用者数（月末）,利用者_医師,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]!.startsWith('2026-10,80,10,')).toBe(true);
    expect(lines[2]!.startsWith('2026-11,84,11,')).toBe(true);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });
});

describe('a long period', () => {
  it('continues the tables on further pages with their headers and keeps every month', async () => {
    const months = monthsBetween({ year: 2025, month: 4 }, { year: 2027, month: 3 });
    const bytes = await renderUsageReportPdf({ regionName: '宮崎市', months: months.map((m, i) => usage(m, i)), createdAt: new Date('2027-04-02T01:00:00Z') });
    const { words, pages, pageText } = await wordsOf(bytes, dir, 'long.pdf');
    expect(pages).toBeGreaterThan(2);
    for (const m of months) expect(words.some((w) => w.text === `${m.year}年${m.month}月`)).toBe(true);
    // Each page a table continues on starts with the table's header again.
    const pagesWithHeader = Array.from({ length: pages }, (_, i) => i + 1).filter((p) => pageText(p).includes('年月'));
    expect(pagesWithHeader.length).toBeGreaterThanOrEqual(3);
    expect(pageText(pages)).toContain('試算の前提');
    await run('pdftoppm', ['-png', '-r', '80', join(dir, 'long.pdf'), join(dir, 'long')]);
    mkdirSync('test-results', { recursive: true });
    for (const file of readdirSync(dir).filter((f) => f.startsWith('long') && f.endsWith('.png'))) {
      writeFileSync(join('test-results', `usage-report-${file}`), readFileSync(join(dir, file)));
    }
  });
});

describe('the charts', () => {
  interface Item {
    text?: string;
    items?: { marktype: string; role?: string; items: Item[] }[];
  }
  function itemsOf(scene: Item, marktype: string, role: string): Item[] {
    return (scene.items ?? []).flatMap((mark) => [
      ...(mark.marktype === marktype && mark.role === role ? mark.items : []),
      ...mark.items.flatMap((item) => itemsOf(item, marktype, role)),
    ]);
  }

  it('draw one bar per month and series, the same month of two years apart, labelled with the year on the first and each January', async () => {
    const doc = await PDFDocument.create();
    const font = await embedJapaneseFont(doc, await resolvePdfFontPath());
    const months = monthsBetween({ year: 2025, month: 4 }, { year: 2027, month: 3 }).map((m, i) => usage(m, i));
    const { scene, width } = await layOutChart(
      monthlyBarChart(
        'ログイン数と実利用者数',
        months,
        [
          { name: 'ログイン', value: (u) => u.logins },
          { name: '実利用者', value: (u) => u.activeUsers },
        ],
        false,
      ),
      font,
    );
    expect(itemsOf(scene as Item, 'rect', 'mark')).toHaveLength(48);
    const labels = itemsOf(scene as Item, 'text', 'axis-label').map((t) => t.text);
    expect(labels.slice(0, 12)).toEqual(['2025年4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '2026年1月', '2月', '3月']);
    expect(labels.filter((l) => /月$/.test(String(l)))).toHaveLength(24);
    expect(width).toBeLessThanOrEqual(595 - 84);
  });
});
