import type { Command } from 'commander';
import { PROFESSIONS, PROFESSION_LABELS, RenkeiError } from '@renkei/proto';
import { describePasswordRule } from '@renkei/proto/password-rule';
import { passwordRuleOf } from '../../auth/password-policy';
import { resetSecondFactor } from '../../auth/second-factor';
import type { Store } from '../../db/database';
import { findFacility } from '../../facilities/facilities';
import { createUser, disableUser, listUsers, requirePasswordChange, requireUser, setPassword, unlockUser } from '../../users/users';
import type { AdminContext } from '../admin-context';
import { enumOption, promptPassword, readPasswordFromStdin, splitName } from '../options';
import { printJson, printTable, say } from '../output';

async function password(options: { passwordStdin?: boolean }): Promise<string> {
  // Never from argv: it would be visible to every user of the machine in the process list.
  return options.passwordStdin ? readPasswordFromStdin() : promptPassword('パスワード / Password: ');
}

/** Runs `set`; a password it refuses is followed by the whole rule in words, so the next try can pass. */
async function withPasswordRule<T>(store: Store, userId: string | undefined, set: () => Promise<T>): Promise<T> {
  try {
    return await set();
  } catch (error) {
    if (error instanceof RenkeiError && error.fieldViolations.some((v) => v.field === 'password')) {
      const rule = await passwordRuleOf(store, userId);
      console.error(`パスワードの決まり: ${describePasswordRule(rule, 'ja')}`);
      console.error(`Password rule: ${describePasswordRule(rule, 'en')}`);
    }
    throw error;
  }
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
      const row = await withPasswordRule(database, undefined, async () =>
        createUser(
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
        ),
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
    .description("set a user's password (it must follow the region's rule: renkei-admin policy password)")
    .option('--password-stdin')
    .action(async (loginId: string, options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const row = await requireUser(database, loginId);
      const given = await password(options);
      await withPasswordRule(database, row.id, () => setPassword(database, row, given, { actorLabel: ctx.actor }, new Date()));
      say(`パスワードを変更しました / Password set for ${row.login_id}`);
    });
  user
    .command('password <login-id>')
    .description('make the user change their password at their next login (with --password-stdin: a temporary password to give them)')
    .option('--password-stdin', 'read a temporary password from standard input')
    .action(async (loginId: string, options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const row = await requireUser(database, loginId);
      if (options.passwordStdin) {
        const temporary = await readPasswordFromStdin();
        await withPasswordRule(database, row.id, () => setPassword(database, row, temporary, { actorLabel: ctx.actor, changeRequired: true }, new Date()));
        say(
          `仮パスワードを設定しました。次回ログイン時にパスワードの変更が必要です / Temporary password set for ${row.login_id}: they must change it at their next login`,
        );
      } else {
        await requirePasswordChange(database, row, ctx.actor, new Date());
        say(`次回ログイン時にパスワードの変更が必要になりました / ${row.login_id} must change their password at their next login`);
      }
      say('変更するまで、このユーザーはパスワードの変更以外の操作ができません / Until then they can do nothing but change it');
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
