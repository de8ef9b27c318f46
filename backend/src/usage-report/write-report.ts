// Writes a usage report's PDF and CSV into the office's folder, both or neither: everything is
// computed first, then each file is written under a temporary name in the same folder and renamed
// into place, so a full disk or a refused folder never leaves a half-written report behind.
import { randomBytes } from 'node:crypto';
import { rm, stat, writeFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Store } from '../db/database';
import { monthKey, type ReportMonth } from './report-months';
import { countMonthlyUsage } from './usage-counts';
import { usageCsv } from './usage-csv';
import { renderUsageReportPdf } from './usage-pdf';

export class ReportOutputError extends Error {}

export interface WrittenReport {
  pdf: string;
  csv: string;
}

/** "renkei-usage-2026-11" for one month, "renkei-usage-2026-10_2026-11" for a range. */
export function reportBaseName(months: readonly ReportMonth[]): string {
  const first = monthKey(months[0]!);
  const last = monthKey(months[months.length - 1]!);
  return first === last ? `renkei-usage-${first}` : `renkei-usage-${first}_${last}`;
}

async function checkFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info)
    throw new ReportOutputError(
      `出力先 ${dir} がありません。既存のフォルダーを --out に指定してください / The output folder ${dir} does not exist: give an existing folder to --out`,
    );
  if (!info.isDirectory()) throw new ReportOutputError(`出力先 ${dir} はフォルダーではありません / ${dir} is not a folder: give a folder to --out`);
}

export async function writeUsageReport(
  store: Store,
  options: { months: readonly ReportMonth[]; outDir: string; regionName: string; now: Date; fontPath?: string },
): Promise<WrittenReport> {
  const dir = resolve(options.outDir);
  await checkFolder(dir);
  const usage = [];
  for (const month of options.months) usage.push(await countMonthlyUsage(store, month));
  const csv = usageCsv(usage);
  const pdf = await renderUsageReportPdf({ regionName: options.regionName, months: usage, createdAt: options.now }, { fontPath: options.fontPath });

  const base = join(dir, reportBaseName(options.months));
  const final = { pdf: `${base}.pdf`, csv: `${base}.csv` };
  // An earlier report of the same period is replaced; anything else by that name is left alone.
  for (const path of [final.pdf, final.csv]) {
    const existing = await stat(path).catch(() => undefined);
    if (existing && !existing.isFile()) {
      throw new ReportOutputError(
        `${path} はファイルではないため上書きできません。別の --out を指定してください / ${path} exists and is not a file: give another --out`,
      );
    }
  }
  const suffix = `.${randomBytes(4).toString('hex')}.partial`;
  const temporary = { pdf: final.pdf + suffix, csv: final.csv + suffix };
  try {
    await writeFile(temporary.pdf, pdf, { flag: 'wx' });
    await writeFile(temporary.csv, csv, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    await Promise.all([rm(temporary.pdf, { force: true }), rm(temporary.csv, { force: true })]);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ReportOutputError(
      `出力先 ${dir} に書き込めません（${code}）。書き込みできるフォルダーを --out に指定してください / Cannot write to ${dir} (${code}): give a writable folder to --out`,
    );
  }
  try {
    await rename(temporary.csv, final.csv);
    await rename(temporary.pdf, final.pdf);
  } catch (error) {
    await Promise.all([rm(temporary.pdf, { force: true }), rm(temporary.csv, { force: true })]);
    throw error;
  }
  return final;
}
