// renkei-admin policy: the chart policy matrix (which care-team role may read and write which kind
// of record) as the regional office reads and changes it, and the login policies: two-factor login,
// the screen lock of idle PCs, and how long a session lasts.
import { CARE_TEAM_ROLES, CARE_TEAM_ROLE_LABELS, RECORD_KINDS, RECORD_KIND_LABELS, type RecordKindName } from '@renkei/proto';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { InvalidArgumentError, type Command } from 'commander';
import { setChartPolicyCell, showChartPolicy, type ChartPolicyCell } from '../../access/chart-policy-admin';
import { IDLE_LOCK_MINUTES_RANGE, idleLockSettings, setIdleLockMinutes } from '../../auth/idle-lock-policy';
import { setSecondFactorPolicy } from '../../auth/second-factor-policy';
import { SESSION_MAX_HOURS_RANGE, sessionMaxAge, setSessionMaxHours } from '../../auth/session-policy';
import { readPasswordPolicy, setPasswordPolicy } from '../../auth/password-policy';
import { GUIDELINE_MIN_LENGTH, GUIDELINE_MIN_LENGTH_WITH_SECOND_FACTOR, passwordRuleFor, describePasswordRule } from '@renkei/proto/password-rule';
import { findFacility } from '../../facilities/facilities';
import type { AdminContext } from '../admin-context';
import { enumOption, wholeNumberOption } from '../options';
import { printJson, printTable, say } from '../output';

const role = enumOption(CARE_TEAM_ROLES, 'CARE_TEAM_ROLE');

/** "care-plan", "DOCUMENT_TYPE_CARE_PLAN" or "progress-notes" → the record kind. */
function recordKind(text: string): RecordKindName {
  const wanted = text.trim().toUpperCase().replace(/-/g, '_');
  const match = RECORD_KINDS.find((kind) => kind === wanted || kind === `DOCUMENT_TYPE_${wanted}`);
  if (!match) {
    const choices = RECORD_KINDS.map((kind) =>
      kind
        .replace(/^DOCUMENT_TYPE_/, '')
        .toLowerCase()
        .replace(/_/g, '-'),
    ).join(', ');
    throw new InvalidArgumentError(`expected one of: ${choices}`);
  }
  return match;
}

function yesNo(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (['yes', 'y', 'true', 'はい', '可'].includes(value)) return true;
  if (['no', 'n', 'false', 'いいえ', '不可'].includes(value)) return false;
  throw new InvalidArgumentError('expected yes or no');
}

const MARK = (cell: ChartPolicyCell | undefined) => (!cell ? '?' : cell.canWrite ? '◎' : cell.canRead ? '○' : '－');
const kindLabel = (kind: RecordKindName) => RECORD_KIND_LABELS[kind].ja;
const roleLabel = (r: ChartPolicyCell['role']) => CARE_TEAM_ROLE_LABELS[r].ja;
const allowed = (yes: boolean) => (yes ? '可' : '不可');

export function registerPolicy(program: Command, context: () => AdminContext): void {
  const policy = program.command('policy').description('the chart policy: which care-team role may read and write which kind of record');
  policy
    .command('show')
    .description('the matrix, or one role')
    .option('--role <role>', 'attending-doctor, visiting-nurse, care-manager, care-worker, ...', role)
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const cells = await showChartPolicy(database, { role: options.role }, ctx.actor, new Date());
      if (options.json) return printJson(cells);
      if (options.role) {
        say(`${roleLabel(options.role)} が読み書きできる記録 / What the role may read and write`);
        printTable(
          cells.map((c) => ({
            記録: kindLabel(c.recordKind),
            読み取り: allowed(c.canRead),
            書き込み: allowed(c.canWrite),
            更新日時: formatJapanDateTime(new Date(c.updatedAt)),
            更新者: c.updatedBy,
          })),
          ['記録', '読み取り', '書き込み', '更新日時', '更新者'],
        );
        return;
      }
      const at = new Map(cells.map((c) => [`${c.recordKind}|${c.role}`, c]));
      const roles = CARE_TEAM_ROLES.filter((r) => cells.some((c) => c.role === r));
      say('◎ 読み書き  ○ 読み取りのみ  － 不可 / ◎ read and write, ○ read only, － none');
      printTable(
        RECORD_KINDS.map((kind) => Object.fromEntries([['記録', kindLabel(kind)], ...roles.map((r) => [roleLabel(r), MARK(at.get(`${kind}|${r}`))])])),
        ['記録', ...roles.map(roleLabel)],
      );
    });
  policy
    .command('set')
    .description('set one cell of the matrix; takes effect on the next request and refreshes cached overviews')
    .requiredOption('--record-kind <kind>', 'progress-notes, visiting-nursing-instruction, care-plan, referral-letter, ...', recordKind)
    .requiredOption('--role <role>', 'attending-doctor, visiting-nurse, care-manager, care-worker, ...', role)
    .requiredOption('--read <yes|no>', '', yesNo)
    .requiredOption('--write <yes|no>', 'writing implies reading', yesNo)
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const change = await setChartPolicyCell(
        database,
        { recordKind: options.recordKind, role: options.role, canRead: options.read, canWrite: options.write },
        ctx.actor,
        new Date(),
      );
      if (options.json) return printJson(change);
      const was = change.before ? `読み取り ${allowed(change.before.canRead)}・書き込み ${allowed(change.before.canWrite)} → ` : '';
      say(
        `閲覧方針を変更しました / Policy changed: ${roleLabel(change.after.role)} × ${kindLabel(change.after.recordKind)}: ${was}読み取り ${allowed(change.after.canRead)}・書き込み ${allowed(change.after.canWrite)}`,
      );
      say(
        `次の操作から適用されます。端末の患者概要は次の同期で更新されます（対象 ${change.patientsNotified} 人） / Applies from the next request; ${change.patientsNotified} patients' cached overviews refresh on the next sync`,
      );
    });
  const twoFactor = policy.command('2fa');
  twoFactor
    .description('whether two-factor login (TOTP) is required, for the region or one facility; applies from the next login')
    .option('--require', 'users must log in with an authenticator app (set up right after their password)')
    .option('--optional', 'users without an authenticator log in with their password alone')
    .option('--facility <name-or-id>', "this facility only (otherwise the region's policy, which facilities without their own follow)")
    .option('--json')
    .action(async (options) => {
      if (Boolean(options.require) === Boolean(options.optional)) {
        twoFactor.error('エラー: --require か --optional のどちらか一方を指定してください / Error: give exactly one of --require and --optional');
      }
      const ctx = context();
      const { database } = await ctx.open();
      const facility = options.facility ? await findFacility(database, options.facility) : undefined;
      const change = await setSecondFactorPolicy(
        database,
        { ...(facility && { facilityId: facility.id }), required: Boolean(options.require) },
        ctx.actor,
        new Date(),
      );
      if (options.json) return printJson(change);
      const word = (required: boolean) => (required ? '必須' : '任意');
      const scope = facility ? `${facility.name}` : '地域全体 / region';
      say(`2段階認証の方針を変更しました / Two-factor policy changed: ${scope}: ${word(change.before)} → ${word(change.required)}`);
      say('次回のログインから適用されます / Applies from the next login');
    });
  policy
    .command('lock')
    .description('minutes without input after which the app locks its screen, for the region or one facility; without --minutes, shows the settings')
    .option(
      '--minutes <n>',
      `${IDLE_LOCK_MINUTES_RANGE.min}-${IDLE_LOCK_MINUTES_RANGE.max}`,
      wholeNumberOption(IDLE_LOCK_MINUTES_RANGE, { ja: '分', en: 'minutes' }),
    )
    .option('--facility <name-or-id>', "this facility only (otherwise the region's setting, which facilities without their own follow)")
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const facility = options.facility ? await findFacility(database, options.facility) : undefined;
      if (options.minutes === undefined) {
        const settings = await idleLockSettings(database);
        if (options.json) return printJson(settings);
        printTable(
          settings.map((s) => ({
            対象: s.facilityName ?? '地域全体 / region',
            分: s.minutes,
            更新日時: s.updatedAt ? formatJapanDateTime(new Date(s.updatedAt)) : '（既定値 / default）',
            更新者: s.updatedBy ?? '',
          })),
          ['対象', '分', '更新日時', '更新者'],
        );
        if (facility && !settings.some((s) => s.facilityId === facility.id)) {
          say(`${facility.name} は地域全体の設定に従います / ${facility.name} follows the region's setting`);
        }
        return;
      }
      const change = await setIdleLockMinutes(database, { ...(facility && { facilityId: facility.id }), minutes: options.minutes }, ctx.actor, new Date());
      if (options.json) return printJson(change);
      const scope = facility ? facility.name : '地域全体 / region';
      say(`画面ロックまでの時間を変更しました / Idle lock changed: ${scope}: ${change.before} → ${change.minutes} 分 (minutes)`);
      say('各端末で次回のログインから適用されます / Applies on each PC from its next login');
    });
  policy
    .command('session')
    .description(
      "how long a session lasts before the user logs in again (the region's; until set, the server configuration's auth.sessionHours); without --max-hours, shows it",
    )
    .option(
      '--max-hours <n>',
      `${SESSION_MAX_HOURS_RANGE.min}-${SESSION_MAX_HOURS_RANGE.max}`,
      wholeNumberOption(SESSION_MAX_HOURS_RANGE, { ja: '時間', en: 'hours' }),
    )
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { config, database } = await ctx.open();
      if (options.maxHours === undefined) {
        const current = await sessionMaxAge(database, config.auth.sessionHours);
        if (options.json) return printJson(current);
        say(
          current.source === 'region'
            ? `ログインの有効期間: ${current.hours} 時間（${formatJapanDateTime(new Date(current.updatedAt!))} ${current.updatedBy} が設定） / Sessions last ${current.hours} hours (set by the office)`
            : `ログインの有効期間: ${current.hours} 時間（サーバー設定 auth.sessionHours） / Sessions last ${current.hours} hours (server configuration auth.sessionHours)`,
        );
        return;
      }
      const change = await setSessionMaxHours(database, options.maxHours, config.auth.sessionHours, ctx.actor, new Date());
      if (options.json) return printJson(change);
      say(`ログインの有効期間を変更しました / Session maximum age changed: ${change.before} → ${change.hours} 時間 (hours)`);
      say(
        'これから発行するログインに適用されます（ログイン中の端末は発行時の期限まで有効） / Applies to sessions issued from now on; open sessions keep their expiry',
      );
    });
  const passwordRule = policy.command('password');
  passwordRule
    .description(
      `the region's password rule: minimum lengths without and with two-factor login (MHLW's guideline: at least ${GUIDELINE_MIN_LENGTH} mixing letters, digits and symbols, or ${GUIDELINE_MIN_LENGTH_WITH_SECOND_FACTOR}; they cannot be lowered below that). Without options: shows it`,
    )
    .option('--min-length <n>', `without an authenticator (at least ${GUIDELINE_MIN_LENGTH})`, wholeNumber)
    .option('--min-length-with-2fa <n>', `with an authenticator in force (at least ${GUIDELINE_MIN_LENGTH_WITH_SECOND_FACTOR})`, wholeNumber)
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const describe = (p: { minLength: number; minLengthWithSecondFactor: number }) => {
        say(`2段階認証なし / without two-factor login: ${describePasswordRule(passwordRuleFor(p, false), 'ja')}`);
        say(`2段階認証あり / with two-factor login: ${describePasswordRule(passwordRuleFor(p, true), 'ja')}`);
      };
      if (options.minLength === undefined && options.minLengthWith2fa === undefined) {
        const current = await readPasswordPolicy(database);
        if (options.json) return printJson(current);
        describe(current);
        say(
          current.setBy
            ? `設定: ${current.setBy}（${formatJapanDateTime(new Date(current.setAt!))}） / set by ${current.setBy}`
            : "地域の設定はなく、ガイドラインの既定値です / The region has set nothing: the guideline's defaults",
        );
        return;
      }
      const change = await setPasswordPolicy(
        database,
        {
          ...(options.minLength !== undefined && { minLength: options.minLength }),
          ...(options.minLengthWith2fa !== undefined && { minLengthWithSecondFactor: options.minLengthWith2fa }),
        },
        ctx.actor,
        new Date(),
      );
      if (options.json) return printJson(change);
      say(
        `パスワードの決まりを変更しました / Password rule changed: ${change.before.minLength}/${change.before.minLengthWithSecondFactor} → ${change.after.minLength}/${change.after.minLengthWithSecondFactor}（2段階認証なし/あり）`,
      );
      describe(change.after);
      say('次にパスワードを設定・変更するときから適用されます / Applies to the next password set or changed');
    });
}

function wholeNumber(text: string): number {
  if (!/^\d{1,4}$/.test(text.trim())) throw new InvalidArgumentError('expected a whole number, e.g. 13');
  return Number(text.trim());
}
