// `renkei-admin backup <dir>`, `backup verify <dir>` and `restore <dir>`: the region's records kept
// restorable (保存性). The passphrase that seals the server's secrets is read from a file the office
// names or asked for on the terminal; never taken as an argument (it would be in the shell history
// and in `ps`) and never printed.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { recordAudit } from '../../audit/audit-log';
import { BackupError } from '../../backup/backup-manifest';
import { restoreBackup } from '../../backup/restore-backup';
import { checkPassphraseStrength } from '../../backup/secrets-envelope';
import { takeBackup } from '../../backup/take-backup';
import { verifyBackup } from '../../backup/verify-backup';
import type { AdminContext } from '../admin-context';
import { promptPassword } from '../options';
import { printJson, say } from '../output';

async function passphrase(file: string | undefined, confirm: boolean): Promise<string> {
  if (file) {
    try {
      return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      throw new BackupError(
        `パスフレーズのファイル ${file} を読めません（${(error as Error).message}）。`,
        `Cannot read the passphrase file ${file} (${(error as Error).message}).`,
      );
    }
  }
  const first = await promptPassword('バックアップのパスフレーズ / Backup passphrase: ');
  if (!first)
    throw new BackupError(
      'パスフレーズが入力されていません。--passphrase-file で指定するか、端末で入力してください。',
      'No passphrase given: name a file with --passphrase-file or type it on the terminal.',
    );
  if (confirm && process.stdin.isTTY) {
    const again = await promptPassword('もう一度 / Again: ');
    if (again !== first) throw new BackupError('パスフレーズが一致しません。', 'The passphrases do not match.');
  }
  return first;
}

const PASSPHRASE_HELP = 'file holding the passphrase (default: asked on the terminal, or read from stdin)';

export function registerBackup(program: Command, context: () => AdminContext): void {
  const backup = program
    .command('backup')
    .description('a consistent copy of the region (database, documents, CA, WireGuard key) while the server runs')
    .argument('<dir>', 'a new, empty directory for the backup (on another disk, or copied off the host)')
    .option('--passphrase-file <file>', PASSPHRASE_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (backupDir: string, options) => {
      const ctx = context();
      const secret = await passphrase(options.passphraseFile, true);
      checkPassphraseStrength(secret);
      const manifest = await takeBackup(ctx.dir, backupDir, secret);
      // A full copy of every patient's record left the server: the log says who took it, and where to.
      // (Written beside the running server: the transaction begins IMMEDIATE and waits its turn.)
      const { database } = await ctx.open();
      await recordAudit(
        database,
        {
          action: 'backup.take',
          outcome: 'ok',
          actorLabel: ctx.actor,
          detail: { backupDir: resolve(backupDir), createdAt: manifest.createdAt, ...manifest.counts },
        },
        new Date(),
      );
      if (options.json)
        return printJson({ backupDir, engine: manifest.engine, createdAt: manifest.createdAt, ...manifest.counts, files: manifest.files.length });
      say(`バックアップを取りました / Backup taken: ${backupDir}`);
      say(`  監査イベント / audit events: ${manifest.counts.auditEvents}, 文書ファイル / document files: ${manifest.counts.blobs}`);
      say('  パスフレーズはバックアップと別の場所に保管してください / Keep the passphrase apart from the backup.');
    });
  backup
    .command('verify')
    .description('check a backup without restoring it: file hashes, database and audit chain, secrets')
    .argument('<dir>', 'the backup')
    .option('--passphrase-file <file>', PASSPHRASE_HELP)
    .option(
      '--database-url <url>',
      'PostgreSQL backups: a server where a temporary database may be created (default: $RENKEI_DATABASE_URL or the backed-up one)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (backupDir: string, _options, command: Command) => {
      // `backup` has the same options and takes them wherever they are written: read both.
      const options = command.optsWithGlobals();
      const secret = await passphrase(options.passphraseFile, false);
      const result = await verifyBackup(backupDir, secret, options.databaseUrl ?? process.env.RENKEI_DATABASE_URL);
      const summary = {
        backupDir,
        engine: result.manifest.engine,
        createdAt: result.manifest.createdAt,
        regionName: result.manifest.regionName,
        auditEvents: result.auditEvents,
        blobs: result.blobs,
        secretFiles: result.secretFiles,
      };
      if (options.json) return printJson(summary);
      say(`正常 / Intact: ${backupDir} (${result.manifest.regionName}, ${result.manifest.createdAt}, ${result.manifest.engine})`);
      say(`  監査イベント / audit events: ${result.auditEvents}（改ざんなし / chain intact）, 文書ファイル / document files: ${result.blobs}`);
      say(`  秘密情報 / secrets: ${result.secretFiles.join(', ')}`);
    });
  program
    .command('restore')
    .description('restore a backup into an empty data directory (--data-dir) on a new host')
    .argument('<dir>', 'the backup')
    .option('--passphrase-file <file>', PASSPHRASE_HELP)
    .option('--database-url <url>', 'PostgreSQL backups: the new, empty database (default: $RENKEI_DATABASE_URL or the backed-up URL)')
    .option('--json', 'print the result as JSON')
    .action(async (backupDir: string, options) => {
      const ctx = context();
      const secret = await passphrase(options.passphraseFile, false);
      const result = await restoreBackup(backupDir, ctx.dir.root, secret, options.databaseUrl ?? process.env.RENKEI_DATABASE_URL, ctx.actor);
      if (options.json) return printJson({ dataDir: result.dir.root, engine: result.engine, auditEvents: result.auditEvents, blobs: result.blobs });
      say(`復元しました / Restored into ${result.dir.root}`);
      say(`  監査イベント / audit events: ${result.auditEvents}（改ざんなし / chain intact）, 文書ファイル / document files: ${result.blobs}`);
      say('  同じ CA と WireGuard 鍵です。登録済みの端末はそのまま接続できます / Same CA and WireGuard key: enrolled PCs connect as before.');
    });
}
