// renkei-admin as the regional office runs it: a real child process on a fresh data directory.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caPinOf } from '@renkei/proto';
import { generateKeyPair } from '@renkei/wireguard';
import { AdminContext } from '../src/cli/admin-context';
import { enrollDevice } from '../src/devices/enrollment';
import { certificateDer } from '../src/pki/certificate-authority';
import { parseTunnelSubnet } from '../src/tunnel/tunnel-subnet';
import { TEST_ENGINE, createPostgresDatabase } from './support/test-backend';

// Each test runs several renkei-admin processes, as the office does, and each starts cold: Node
// compiles the TypeScript and loads the database, PKI and PDF libraries, ~2.5 s on an idle 2-core
// machine. The project's 30 s per test is too little for eight of those on a loaded CI machine; this
// limit only guards against a hang.
const CLI_TEST_TIMEOUT_MS = 120_000;

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
let dataDir: string;
let dropDatabase: (() => Promise<void>) | undefined;
let databaseUrlForDemo: string | undefined;
let dropDemoDatabase: (() => Promise<void>) | undefined;

function admin(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, '--data-dir', dataDir, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin);
  });
}

async function json(args: string[], stdin = '') {
  const result = await admin([...args, '--json'], stdin);
  if (result.code !== 0) throw new Error(`renkei-admin ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'renkei-cli-')), 'data');
  const extra: string[] = [];
  if (TEST_ENGINE === 'postgres') {
    const db = await createPostgresDatabase();
    dropDatabase = db.drop;
    extra.push('--database-url', db.url);
    const demoDb = await createPostgresDatabase();
    dropDemoDatabase = demoDb.drop;
    databaseUrlForDemo = demoDb.url;
  }
  const init = await admin(['init', '--region', '宮崎市', '--public-host', 'renkei.example.jp', '--tunnel', 'none', ...extra]);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
});
afterAll(async () => {
  await dropDatabase?.();
  await dropDemoDatabase?.();
  // dataDir is <temporary folder>/data: remove the whole temporary folder.
  rmSync(dirname(dataDir), { recursive: true, force: true });
});

describe('renkei-admin', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('init creates a private CA, keeps secrets owner-only, and refuses to run twice', async () => {
    expect(statSync(join(dataDir, 'secrets')).mode & 0o777).toBe(0o700);
    for (const file of ['ca.key.pem', 'server.key.pem', 'wireguard.key']) expect(statSync(join(dataDir, 'secrets', file)).mode & 0o777).toBe(0o600);
    const again = await admin(['init', '--region', 'x', '--public-host', 'y', '--tunnel', 'none']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already initialised');
  });

  it('registers a facility, a user, a patient and a care team, with kana readings normalised', async () => {
    const facility = await json([
      'facility',
      'add',
      '--name',
      'みやざき在宅クリニック',
      '--kana',
      'みやざきざいたくくりにっく',
      '--kind',
      'clinic',
      '--phone',
      '0985-20-1001',
    ]);
    expect(facility.name_kana).toBe('ミヤザキザイタククリニック');
    const user = await json(
      [
        'user',
        'add',
        '--login-id',
        'Dr.Kuroki',
        '--name',
        '黒木 健一',
        '--kana',
        'くろき けんいち',
        '--profession',
        'doctor',
        '--facility',
        'みやざき在宅クリニック',
        '--password-stdin',
      ],
      'a-good-password-1\n',
    );
    expect(user.loginId).toBe('dr.kuroki');
    const patient = await json([
      'patient',
      'add',
      '--name',
      '宮崎 ハル',
      '--kana',
      'みやざき はる',
      '--birth-date',
      '1938-04-02',
      '--sex',
      'female',
      '--facility',
      facility.id,
      '--care-level',
      'care-3',
      '--postal-code',
      '8800805',
      '--allergy',
      'ペニシリン系抗菌薬:蕁麻疹:moderate',
      '--diagnosis',
      '慢性心不全:I50.0:primary',
    ]);
    const team = await admin(['team', 'add', patient.id, 'dr.kuroki', '--role', 'attending-doctor']);
    expect(team.code).toBe(0);
    const members = await json(['team', 'list', patient.id]);
    expect(members).toEqual([
      expect.objectContaining({ loginId: 'dr.kuroki', role: 'CARE_TEAM_ROLE_ATTENDING_DOCTOR', facilityName: 'みやざき在宅クリニック' }),
    ]);
    const list = await json(['patient', 'list']);
    expect(list[0]).toMatchObject({ family_name_kana: 'ミヤザキ', postal_code: '880-0805', care_level: 'CARE_LEVEL_CARE_3' });
  });

  it('explains bad input in Japanese and English, and creates nothing', async () => {
    const before = (await json(['patient', 'list'])).length;
    const result = await admin([
      'patient',
      'add',
      '--name',
      '宮崎 ナツ',
      '--kana',
      'Miyazaki Natsu',
      '--birth-date',
      '2099-13-40',
      '--sex',
      'female',
      '--facility',
      'みやざき在宅クリニック',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ふりがなは、ひらがなかカタカナで入力してください');
    expect(result.stderr).toContain('birthDate');
    expect(result.stderr).toContain('Error:');
    expect((await json(['patient', 'list'])).length).toBe(before);

    const weak = await admin(
      [
        'user',
        'add',
        '--login-id',
        'ns.weak',
        '--name',
        '甲斐 由美',
        '--kana',
        'カイ ユミ',
        '--profession',
        'nurse',
        '--facility',
        'みやざき在宅クリニック',
        '--password-stdin',
      ],
      'short\n',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('パスワードは13文字以上にしてください');
    expect(weak.stderr).toContain('パスワードの決まり: 13文字以上で、英字・数字・記号をそれぞれ1文字以上含めてください（半角）。');
    expect(weak.stderr).toContain('Password rule: At least 13 characters');

    const badRole = await admin(['team', 'add', '00000000-0000-4000-8000-000000000000', 'dr.kuroki', '--role', 'chef']);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('attending-doctor');
  });

  it("sets the region's password rule, never below the guideline, and asks a user for a new password at their next login", async () => {
    const shown = await admin(['policy', 'password']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('13文字以上で、英字・数字・記号をそれぞれ1文字以上含めてください');
    expect(shown.stdout).toContain('8文字以上');

    const below = await admin(['policy', 'password', '--min-length', '10']);
    expect(below.code).toBe(2);
    expect(below.stderr).toContain('ガイドラインの下限（13文字）より短くはできません');
    const raised = await admin(['policy', 'password', '--min-length', '16', '--min-length-with-2fa', '10']);
    expect(raised.code).toBe(0);
    expect(raised.stdout).toContain('13/8 → 16/10');
    expect((await json(['policy', 'password'])).minLength).toBe(16);

    // dr.kuroki's password (17 characters) was fine under 13; a new one must now have 16.
    const weak = await admin(['user', 'set-password', 'dr.kuroki', '--password-stdin'], 'kuroki-pass-7!\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('パスワードは16文字以上にしてください');
    expect(weak.stderr).toContain('パスワードの決まり: 16文字以上');
    const sameAsId = await admin(['user', 'set-password', 'dr.kuroki', '--password-stdin'], 'Dr.Kuroki\n');
    expect(sameAsId.stderr).toContain('ユーザーIDと同じパスワードは使えません');

    const forced = await admin(['user', 'password', 'dr.kuroki', '--password-stdin'], 'karino-pasuwado-16!\n');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('次回ログイン時にパスワードの変更が必要です');
    const users = (await json(['user', 'list'])) as { login_id: string; password_change_required: number }[];
    expect(users.find((u) => u.login_id === 'dr.kuroki')?.password_change_required).toBe(1);
    await json(['policy', 'password', '--min-length', '13', '--min-length-with-2fa', '8']);
  });

  it('invites, lists, approves and revokes a device; the code is printed once and never stored', async () => {
    const invite = await json(['device', 'invite', '--facility', 'みやざき在宅クリニック', '--label', '診察室PC']);
    expect(invite.code).toMatch(/^([0-9A-Z]{5}-){8}[0-9A-Z]{5}$/);
    expect(invite.server).toBe('renkei.example.jp:7443');
    expect(Date.parse(invite.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const human = await admin(['device', 'invite', '--facility', 'みやざき在宅クリニック']);
    expect(human.stdout).toContain('登録コード');
    expect(human.stdout).toContain('1台限り');
    const approveUnknown = await admin(['device', 'approve', 'ffffff']);
    expect(approveUnknown.code).toBe(2);
    expect(approveUnknown.stderr).toContain('該当する端末はありません');
  });

  it("shows a device's name and hostname as text, never as terminal commands or reordered", async () => {
    // A row as a hostile PC could have stored it before names were checked where they enter.
    const invite = await json(['device', 'invite', '--facility', 'みやざき在宅クリニック']);
    const office = new AdminContext(dataDir);
    try {
      const { database } = await office.open();
      const caPin = caPinOf(certificateDer(readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8')));
      const request = {
        enrollmentCode: invite.code,
        wireguardPublicKey: generateKeyPair().publicKey,
        deviceName: '受付PC',
        hostname: 'pc1',
        platform: 'linux',
      };
      const { device } = await enrollDevice(database, request, { caPin, subnet: parseTunnelSubnet('10.77.0.0/24') }, new Date());
      const forged = '\u001b[2J\u001b]0;approved\u0007診察室PC\u202Egpj.exe';
      await database.db.updateTable('devices').set({ name: forged, hostname: 'pc\u0007\u0085' }).where('id', '=', device.id).execute();
      const listed = await admin(['device', 'list']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(listed.stdout).toContain('⟨U+001B⟩[2J⟨U+001B⟩]0;approved⟨U+0007⟩診察室PC⟨U+202E⟩gpj.exe');
      expect(listed.stdout).toContain('pc⟨U+0007⟩⟨U+0085⟩');
      const approved = await admin(['device', 'approve', device.id.slice(0, 8)]);
      expect(approved.stdout).toContain('⟨U+202E⟩');
      expect(approved.stdout).not.toContain('\u001b');
      // For scripts, the same name survives as JSON.
      expect((await json(['device', 'list'])).find((d: { id: string }) => d.id === device.id).name).toBe(forged);
    } finally {
      await office.close();
    }
  });

  it('refuses to seed a demo region into a data directory in use', async () => {
    const result = await admin(['demo']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('新しい --data-dir');
  });

  it('seeds a demo region with at least 3 facilities, 10 users across professions and 30 patients with care teams', async () => {
    dataDir = `${dataDir}-demo`;
    const init = await admin([
      'init',
      '--region',
      '宮崎市',
      '--public-host',
      '127.0.0.1',
      '--tunnel',
      'none',
      ...(databaseUrlForDemo ? ['--database-url', databaseUrlForDemo] : []),
    ]);
    expect(init.code).toBe(0);
    const region = await json(['demo'], '');
    expect(Object.keys(region.facilities).length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(region.users).length).toBeGreaterThanOrEqual(10);
    expect(region.patientIds.length).toBeGreaterThanOrEqual(30);
    expect(region.password).toMatch(/^demo-/);
    const users = await json(['user', 'list']);
    expect(new Set(users.map((u: { profession: string }) => u.profession)).size).toBeGreaterThanOrEqual(6);
    expect(users.some((u: Record<string, unknown>) => 'password_hash' in u)).toBe(false);
    const team = await json(['team', 'list', region.patientIds[0]]);
    expect(team.length).toBeGreaterThanOrEqual(5);
    expect(team.map((m: { role: string }) => m.role)).toContain('CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  });

  it('verifies the audit chain of what was done above', async () => {
    const result = await admin(['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Intact: \d+ events/);
  });
});
