import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { accessLogCsv, periodOfDays, readWholeAccessLog, type AccessLogFilter } from '../../audit/access-log';
import { checkAnchor, readHead, recordAudit, verifyAuditChain, type AuditAnchor } from '../../audit/audit-log';
import { findDevice } from '../../devices/devices';
import { requirePatient } from '../../patients/patients';
import { requireUser } from '../../users/users';
import type { AdminContext } from '../admin-context';
import { printJson, printTable, say } from '../output';

/** What `audit head --out` writes and `audit verify --anchor` reads back. */
const ANCHOR_KIND = 'renkei-audit-anchor';

class AuditCommandError extends Error {}

export function registerAudit(program: Command, context: () => AdminContext): void {
  const audit = program.command('audit').description('the access log');
  audit
    .command('verify')
    .description('check that no event was altered or removed, the newest ones included')
    .option('--anchor <file|hash>', 'also check that the head anchored earlier (audit head --out) is still in the chain as it was')
    .action(async (options: { anchor?: string }) => {
      // Read before opening the database: a bad anchor is the admin's typing, not a broken log.
      const anchor = options.anchor === undefined ? undefined : readAnchor(options.anchor);
      if (anchor instanceof AuditCommandError) return fail(anchor.message);
      const { database } = await context().open();
      const result = await verifyAuditChain(database);
      if (result.brokenAtSeq !== undefined) {
        console.error(`改ざんまたは削除を検出しました / Chain broken at event ${result.brokenAtSeq} (after ${result.events} intact events)`);
        process.exitCode = 3;
        return;
      }
      if (result.headMissing) {
        console.error('記録の末尾を示す情報（audit_head）が削除されています / The chain head record (audit_head) was deleted');
        process.exitCode = 3;
        return;
      }
      if (result.truncated) {
        const { lastSeq, headSeq } = result.truncated;
        console.error(
          `末尾の記録の削除を検出しました: 記録 ${lastSeq + 1}〜${headSeq} がありません / Tail truncated: events ${lastSeq + 1} to ${headSeq} are missing (the chain ends at ${lastSeq})`,
        );
        process.exitCode = 3;
        return;
      }
      if (anchor) {
        const check = await checkAnchor(database, anchor);
        const which = anchor.seq === undefined ? anchor.hash : `${anchor.seq} (${anchor.hash})`;
        if (!check.found) {
          console.error(
            check.reason === 'missing'
              ? `控えの記録 ${which} が見つかりません。記録が削除または作り直されています / The anchored event ${which} is no longer in the chain: the log was truncated or rewritten`
              : `控えの記録 ${which} の内容が控えと異なります。記録が作り直されています / The anchored event ${which} has a different hash: the log was rewritten`,
          );
          process.exitCode = 3;
          return;
        }
        say(`正常 / Intact: ${result.events} events; 控えの記録 ${check.seq} を含みます / the anchored event ${check.seq} is in the chain`);
        return;
      }
      say(`正常 / Intact: ${result.events} events`);
    });
  audit
    .command('head')
    .description('the newest event and its hash, to keep off the server (daily) and check later with verify --anchor')
    .option('--out <file>', 'write the anchor to a file (not overwritten if it exists)')
    .option('--json')
    .action(async (options: { out?: string; json?: boolean }) => {
      const { database } = await context().open();
      const head = await readHead(database);
      const anchor = { kind: ANCHOR_KIND, seq: head.seq, hash: head.hash, at: head.at };
      if (options.out) {
        try {
          writeFileSync(options.out, `${JSON.stringify(anchor, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
        } catch (error) {
          return fail(`控えを書き出せません / Cannot write the anchor to ${options.out}: ${(error as Error).message}`);
        }
      }
      if (options.json) return printJson(anchor);
      say(`記録番号 / Event: ${head.seq}`);
      say(`ハッシュ / Hash: ${head.hash}`);
      say(`日時 / Recorded at: ${head.at ? `${formatJapanDateTime(new Date(head.at))} (JST)` : '-'}`);
      if (options.out) say(`控えを書き出しました / Anchor written to ${options.out}`);
    });
  audit
    .command('export')
    .description('the access log of one patient, user or device as CSV for Excel (UTF-8 with BOM, Japan time); the export is itself recorded')
    .option('--patient <id>', "a patient's id")
    .option('--user <loginId>', "a user's login id")
    .option('--device <id>', "a device's id or its first characters (at least 6)")
    .option('--from <YYYY-MM-DD>', 'first day (Japan time), included')
    .option('--to <YYYY-MM-DD>', 'last day (Japan time), included')
    .option('--out <file>', 'write to a file (not overwritten if it exists) instead of standard output')
    .action(async (options: { patient?: string; user?: string; device?: string; from?: string; to?: string; out?: string }) => {
      const subjects = [options.patient, options.user, options.device].filter((s) => s !== undefined);
      if (subjects.length !== 1) return fail('--patient, --user, --device のいずれか一つを指定してください / Give exactly one of --patient, --user, --device');
      const period = periodOfDays(options.from, options.to);
      const ctx = context();
      const { database } = await ctx.open();
      const filter: AccessLogFilter = { ...period };
      const about: Record<string, unknown> = { from: options.from ?? null, to: options.to ?? null };
      if (options.patient !== undefined) {
        filter.patientId = (await requirePatient(database, options.patient)).id;
        about.patientId = filter.patientId;
      } else if (options.user !== undefined) {
        const user = await requireUser(database, options.user);
        filter.userId = user.id;
        Object.assign(about, { userId: user.id, loginId: user.login_id });
      } else {
        filter.deviceId = (await findDevice(database, options.device!)).id;
        about.deviceId = filter.deviceId;
      }
      const entries = await readWholeAccessLog(database, filter);
      const csv = accessLogCsv(entries);
      if (options.out) {
        try {
          writeFileSync(options.out, csv, { flag: 'wx', mode: 0o600 });
        } catch (error) {
          return fail(`書き出せません / Cannot write ${options.out}: ${(error as Error).message}`);
        }
      } else {
        process.stdout.write(csv);
      }
      // Recorded once the log was handed over: who read whose access log, for which period, how much.
      await recordAudit(
        database,
        {
          action: 'audit.export',
          outcome: 'ok',
          actorLabel: ctx.actor,
          patientId: filter.patientId ?? null,
          detail: { ...about, rows: entries.length, out: options.out ?? 'stdout' },
        },
        new Date(),
      );
      if (options.out) console.error(`${entries.length} 件を書き出しました / Wrote ${entries.length} events to ${options.out}`);
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

function fail(message: string): void {
  console.error(`エラー / Error: ${message}`);
  process.exitCode = 2;
}

/** An anchor file written by `audit head --out`, or the hash alone (64 hex digits) as printed. */
function readAnchor(value: string): AuditAnchor | AuditCommandError {
  const text = value.trim();
  if (/^[0-9a-f]{64}$/i.test(text)) return { hash: text.toLowerCase() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(text, 'utf8'));
  } catch (error) {
    return new AuditCommandError(
      `控え「${text}」を読めません。audit head --out で書き出したファイルか、64桁のハッシュを指定してください / Cannot read the anchor ${text} (${(error as Error).message}): give a file written by audit head --out, or the 64-digit hash`,
    );
  }
  const anchor = parsed as { kind?: unknown; seq?: unknown; hash?: unknown };
  if (anchor.kind !== ANCHOR_KIND || !Number.isSafeInteger(anchor.seq) || typeof anchor.hash !== 'string' || !/^[0-9a-f]{64}$/.test(anchor.hash)) {
    return new AuditCommandError(`「${text}」は audit head --out の控えではありません / ${text} is not an anchor written by audit head --out`);
  }
  return { seq: anchor.seq as number, hash: anchor.hash };
}
