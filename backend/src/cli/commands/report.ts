// renkei-admin report: the monthly usage report the regional office sends the city, as the pilot
// reported its use (PDF to read, CSV to add up). Reads the database and the audit log; changes nothing.
import type { Command } from 'commander';
import { monthsBetween, parseReportMonth, ReportPeriodError, type ReportMonth } from '../../usage-report/report-months';
import { ReportOutputError, writeUsageReport } from '../../usage-report/write-report';
import type { AdminContext } from '../admin-context';
import { printJson, say } from '../output';

function periodOf(options: { month?: string; from?: string; to?: string }): ReportMonth[] {
  if (options.month !== undefined) {
    if (options.from !== undefined || options.to !== undefined) {
      throw new ReportPeriodError('--month と --from/--to は同時に指定できません / Give either --month or --from and --to, not both');
    }
    const month = parseReportMonth(options.month, '--month');
    return [month];
  }
  if (options.from === undefined || options.to === undefined) {
    throw new ReportPeriodError(
      '対象月を --month YYYY-MM、または期間を --from YYYY-MM --to YYYY-MM で指定してください / Give the month with --month YYYY-MM, or the period with --from YYYY-MM --to YYYY-MM',
    );
  }
  return monthsBetween(parseReportMonth(options.from, '--from'), parseReportMonth(options.to, '--to'));
}

export function registerReport(program: Command, context: () => AdminContext): void {
  program
    .command('report')
    .description('write the usage report (PDF and CSV) for a month or a range of months, in Japan time')
    .option('--month <YYYY-MM>', 'one month, e.g. 2026-11')
    .option('--from <YYYY-MM>', 'first month of a range')
    .option('--to <YYYY-MM>', 'last month of a range')
    .option('--out <dir>', 'existing folder to write the files into', '.')
    .option('--json')
    .action(async (options) => {
      let months: ReportMonth[];
      try {
        months = periodOf(options);
      } catch (error) {
        if (!(error instanceof ReportPeriodError)) throw error;
        console.error(`エラー / Error: ${error.message}`);
        process.exitCode = 2;
        return;
      }
      const { database, config } = await context().open();
      try {
        const written = await writeUsageReport(database, { months, outDir: options.out, regionName: config.regionName, now: new Date() });
        if (options.json) return printJson(written);
        say(`利用状況報告を作成しました / Usage report written:`);
        say(`  ${written.pdf}`);
        say(`  ${written.csv}`);
      } catch (error) {
        if (!(error instanceof ReportOutputError)) throw error;
        console.error(`エラー / Error: ${error.message}`);
        process.exitCode = 2;
      }
    });
}
