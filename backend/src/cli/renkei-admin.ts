// renkei-admin: the regional office's tool on the server host. Works directly on the data
// directory (and database); tells a running server about device changes with SIGHUP.
import { Command, CommanderError } from 'commander';
import { RenkeiError, describeError } from '@renkei/proto';
import { BackupError } from '../backup/backup-manifest';
import { ConfigError } from '../config/server-config';
import { AlreadyInitializedError } from '../server/initialize';
import { AdminContext } from './admin-context';
import { registerAudit } from './commands/audit';
import { registerBackup } from './commands/backup';
import { registerConsent } from './commands/consent';
import { registerDemo } from './commands/demo';
import { registerDevice } from './commands/device';
import { registerExport } from './commands/export';
import { registerFacility } from './commands/facility';
import { registerHospital } from './commands/hospital';
import { registerImport } from './commands/import';
import { registerInit } from './commands/init';
import { registerPatientCommands } from './commands/patient';
import { registerPolicy } from './commands/policy';
import { registerReport } from './commands/report';
import { registerTeam } from './commands/team';
import { registerUser } from './commands/user';

export async function runAdmin(argv: string[]): Promise<number> {
  let ctx: AdminContext | undefined;
  const program = new Command('renkei-admin')
    .description('Renkei regional office administration (run on the server host)')
    .option('--data-dir <dir>', 'data directory (default: $RENKEI_DATA_DIR or ./.renkei/backend)')
    .exitOverride()
    .showHelpAfterError();
  const context = () => (ctx ??= new AdminContext(program.opts().dataDir));
  registerInit(program, context);
  registerFacility(program, context);
  registerUser(program, context);
  registerPatientCommands(program, context);
  registerTeam(program, context);
  registerConsent(program, context);
  registerPolicy(program, context);
  registerDevice(program, context);
  registerDemo(program, context);
  registerAudit(program, context);
  registerExport(program, context);
  registerReport(program, context);
  registerBackup(program, context);
  registerHospital(program, context);
  registerImport(program, context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof RenkeiError) {
      console.error(`エラー: ${describeError(error.reason, error.metadata, 'ja', error.fieldViolations)}`);
      console.error(`Error: ${describeError(error.reason, error.metadata, 'en', error.fieldViolations)}`);
      return 2;
    }
    if (error instanceof BackupError) {
      console.error(`エラー: ${error.ja}`);
      console.error(`Error: ${error.message}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof AlreadyInitializedError) {
      console.error(`エラー / Error: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await ctx?.close();
  }
}
