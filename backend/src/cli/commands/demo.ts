import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { setSecondFactorPolicy } from '../../auth/second-factor-policy';
import { parseTunnelSubnet } from '../../tunnel/tunnel-subnet';
import type { AdminContext } from '../admin-context';
import { seedDemoRegion } from '../demo/demo-region';
import { PROFESSION_LABELS } from '@renkei/proto';
import { DEMO_FACILITIES, DEMO_USERS } from '../demo/demo-people';
import { readPasswordFromStdin } from '../options';
import { printJson, say } from '../output';

export function registerDemo(program: Command, context: () => AdminContext): void {
  program
    .command('demo')
    .description('seed a demo region: facilities, users of every profession, patients with care teams')
    .option('--patients <n>', 'number of patients', '36')
    .option('--focus-user <login-id>', 'put this user on every care team')
    .option('--password-stdin', "read the demo users' password from stdin (default: a random one, printed)")
    .option('--chart', "also write progress notes and a week of the model patient's contact timeline, from PCs enrolled at the offices")
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database, config } = await ctx.open();
      const existing = await database.db.selectFrom('facilities').select('name').limit(1).executeTakeFirst();
      if (existing) {
        console.error('エラー: デモ地域は、施設がまだ登録されていないデータディレクトリにだけ作成できます。新しい --data-dir を指定してください。');
        console.error('Error: a demo region can only be seeded into an empty data directory; use a new --data-dir.');
        process.exitCode = 2;
        return;
      }
      const password = options.passwordStdin ? await readPasswordFromStdin() : `demo-${randomBytes(6).toString('base64url')}1`;
      const chart = options.chart ? { caPin: ctx.caPin(), subnet: parseTunnelSubnet(config.tunnel.subnet) } : undefined;
      const region = await seedDemoRegion(
        database,
        { patients: Number(options.patients), password, focusUser: options.focusUser, actor: ctx.actor, chart },
        new Date(),
      );
      // The demo is for trying the app with passwords alone; an office tries two-factor login with
      // `renkei-admin policy 2fa --require`. (Without a row, it would be required from FY2027.)
      await setSecondFactorPolicy(database, { required: false }, ctx.actor, new Date());
      // Every demo login, with who it is: the demo prints them so a newcomer can log in as each profession.
      const logins = DEMO_USERS.map((u) => ({
        loginId: u.loginId,
        name: u.name.join(' '),
        profession: u.profession,
        facility: DEMO_FACILITIES.find((f) => f.key === u.facility)!.name,
      }));
      if (options.json) return printJson({ ...region, logins, password: options.passwordStdin ? undefined : password });
      say(
        `デモ地域を作成しました / Demo region seeded: ${Object.keys(region.facilities).length} facilities, ${DEMO_USERS.length} users, ${region.patientIds.length} patients`,
      );
      say('ユーザーID / user IDs:');
      for (const login of logins) say(`  ${login.loginId.padEnd(12)} ${login.name}（${PROFESSION_LABELS[login.profession].ja}・${login.facility}）`);
      say(
        `全患者の同意書を記録済み（事務局保管）${options.chart ? '、経過記録・連絡帳あり' : ''} / Consent recorded for every patient${options.chart ? '; progress notes and contact timeline written' : ''}`,
      );
      say(
        '2段階認証は任意にしています（必須にするには renkei-admin policy 2fa --require） / Two-factor login is optional here (renkei-admin policy 2fa --require makes it required)',
      );
      if (!options.passwordStdin) say(`パスワード（全員共通・デモ専用） / password (all demo users): ${password}`);
    });
}
