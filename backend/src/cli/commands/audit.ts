import type { Command } from 'commander';
import { verifyAuditChain } from '../../audit/audit-log';
import type { AdminContext } from '../admin-context';
import { printJson, printTable, say } from '../output';

export function registerAudit(program: Command, context: () => AdminContext): void {
  const audit = program.command('audit').description('the access log');
  audit
    .command('verify')
    .description('check that no event was altered or removed')
    .action(async () => {
      const { database } = await context().open();
      const result = await verifyAuditChain(database);
      if (result.brokenAtSeq !== undefined) {
        console.error(`改ざんまたは削除を検出しました / Chain broken at event ${result.brokenAtSeq} (after ${result.events} intact events)`);
        process.exitCode = 3;
        return;
      }
      say(`正常 / Intact: ${result.events} events`);
    });
  audit
    .command('tail')
    .option('--patient <id>')
    .option('-n, --lines <n>', '', '30')
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      let query = database.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(Number(options.lines));
      if (options.patient) query = query.where('patient_id', '=', options.patient);
      const rows = (await query.execute()).reverse();
      if (options.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ seq: r.seq, at: r.at, action: r.action, outcome: r.outcome, user: r.actor_user_id ?? r.actor_label, patient: r.patient_id ?? '' })),
        ['seq', 'at', 'action', 'outcome', 'user', 'patient'],
      );
    });
}
