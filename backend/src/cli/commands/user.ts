import type { Command } from 'commander';
import { PROFESSIONS, PROFESSION_LABELS } from '@renkei/proto';
import { resetSecondFactor } from '../../auth/second-factor';
import { findFacility } from '../../facilities/facilities';
import { createUser, disableUser, listUsers, requireUser, setPassword, unlockUser } from '../../users/users';
import type { AdminContext } from '../admin-context';
import { enumOption, promptPassword, readPasswordFromStdin, splitName } from '../options';
import { printJson, printTable, say } from '../output';

async function password(options: { passwordStdin?: boolean }): Promise<string> {
  // Never from argv: it would be visible to every user of the machine in the process list.
  return options.passwordStdin ? readPasswordFromStdin() : promptPassword('パスワード / Password: ');
}

export function registerUser(program: Command, context: () => AdminContext): void {
  const user = program.command('user').description('users: who logs in, their profession and facility');
  user
    .command('add')
    .requiredOption('--login-id <id>', 'what the user types to log in, e.g. dr.kuroki')
    .requiredOption('--name <name>', 'family and given name, e.g. "黒木 健一"', splitName)
    .requiredOption('--kana <reading>', 'reading, e.g. "クロキ ケンイチ"', splitName)
    .requiredOption('--profession <profession>', 'doctor, nurse, pharmacist, care-manager, care-worker, ...', enumOption(PROFESSIONS, 'PROFESSION'))
    .requiredOption('--facility <name-or-id>')
    .option('--phone <number>', "the user's own number (PHS, work mobile), shown to their care teams beside the office's")
    .option('--password-stdin', 'read the initial password from standard input')
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const facility = await findFacility(database, options.facility);
      const row = await createUser(
        database,
        {
          loginId: options.loginId,
          familyName: options.name.family,
          givenName: options.name.given,
          familyNameKana: options.kana.family,
          givenNameKana: options.kana.given,
          profession: options.profession,
          facilityId: facility.id,
          password: await password(options),
          contactPhone: options.phone,
        },
        new Date(),
      );
      if (options.json) return printJson({ id: row.id, loginId: row.login_id });
      say(`ユーザーを登録しました / User added: ${row.login_id} ${row.family_name} ${row.given_name}`);
    });
  user
    .command('list')
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      const rows = await listUsers(database);
      if (options.json) return printJson(rows.map(({ password_hash: _omit, ...r }) => r));
      printTable(
        rows.map((r) => ({
          login: r.login_id,
          name: `${r.family_name} ${r.given_name}`,
          profession: PROFESSION_LABELS[r.profession as keyof typeof PROFESSION_LABELS]?.ja ?? r.profession,
          state: r.disabled_at ? '停止' : r.locked_until && Date.parse(r.locked_until) > Date.now() ? 'ロック中' : '',
        })),
        ['login', 'name', 'profession', 'state'],
      );
    });
  user
    .command('set-password <login-id>')
    .option('--password-stdin')
    .action(async (loginId: string, options) => {
      const { database } = await context().open();
      const row = await requireUser(database, loginId);
      await setPassword(database, row.id, await password(options), new Date());
      say(`パスワードを変更しました / Password set for ${row.login_id}`);
    });
  user.command('unlock <login-id>').action(async (loginId: string) => {
    const { database } = await context().open();
    const row = await requireUser(database, loginId);
    await unlockUser(database, row.id, new Date());
    say(`ロックを解除しました / Unlocked ${row.login_id}`);
  });
  user
    .command('2fa-reset <login-id>')
    .description("remove a user's authenticator and recovery codes (lost phone): they set up a new one at their next login where 2FA is required")
    .action(async (loginId: string) => {
      const ctx = context();
      const { database } = await ctx.open();
      const row = await requireUser(database, loginId);
      const { hadSecondFactor } = await resetSecondFactor(database, row, ctx.actor, new Date());
      say(
        hadSecondFactor
          ? `2段階認証をリセットしました。次回ログイン時に認証アプリを設定し直します / Two-factor login reset for ${row.login_id}: they set up an authenticator again at their next login`
          : `${row.login_id} は2段階認証を設定していません（記録しました） / ${row.login_id} had no authenticator set up (recorded)`,
      );
    });
  user.command('disable <login-id>').action(async (loginId: string) => {
    const { database } = await context().open();
    const row = await requireUser(database, loginId);
    await disableUser(database, row.id, new Date());
    say(`利用停止しました / Disabled ${row.login_id}`);
  });
}
