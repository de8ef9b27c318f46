// The desktop core against a real backend (TLS, SQLite or PostgreSQL), the real OS keychain and
// real SQLite caches. Without the tunnel: the system test runs the same journey through WireGuard.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caPinOf, createEnrollmentCode } from '@renkei/proto';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveDevice,
  revokeDevice,
  removeCareTeamMember,
  setPassword,
  setSecondFactorPolicy,
  TEST_PASSWORD,
  TestRegion,
  startTestBackend,
  type TestBackend,
} from '@renkei/backend/test-support';
import { RenkeiCore } from '../../src/core/renkei-core';
import { osKeychain } from '../../src/core/keychain/keychain';
import { DesktopApiError } from '../../src/shared/desktop-api-error';
import type { SessionView } from '../../src/shared/desktop-api';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
});
afterAll(async () => {
  await backend?.stop();
});

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DesktopApiError) return error.detail.reason;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const pcDirs: string[] = [];
afterAll(() => {
  for (const dir of pcDirs) rmSync(dir, { recursive: true, force: true });
});

function newPc() {
  const service = `jp.renkei.test.${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-'));
  pcDirs.push(dataDir);
  return { dataDir, service, keychain: osKeychain(service) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function deviceIdOf(status: { device: { state: string } & Partial<{ deviceId: string }> }): string {
  return status.device.deviceId!;
}

describe('a clinic PC, from enrollment to offline reading', () => {
  const pc = newPc();
  let core: RenkeiCore;
  let user: Awaited<ReturnType<TestRegion['user']>>;
  let kept: string;
  let leaving: string;

  beforeAll(async () => {
    user = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    kept = (await region.patient({ familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル' })).id;
    leaving = (await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' })).id;
    await region.join(kept, user.id);
    await region.join(leaving, user.id);
    core = await RenkeiCore.start({ dataDir: pc.dataDir, tunnel: null, keychain: pc.keychain, syncIntervalMs: 3_600_000 });
  });
  afterAll(async () => {
    await core?.stop();
  });

  it('starts not enrolled and checks the code before contacting anyone', async () => {
    expect((await core.getStatus()).device).toEqual({ state: 'not-enrolled' });
    const code = await region.code();
    const mistyped = code.replace(/^./, code.startsWith('A') ? 'B' : 'A');
    expect(await reason(core.enroll({ serverAddress: '127.0.0.1:1', enrollmentCode: mistyped, deviceName: '診察室PC' }))).toBe('ENROLLMENT_CODE_MALFORMED');
  });

  it('refuses a server that does not hold the CA the code names', async () => {
    const foreign = createEnrollmentCode(caPinOf(randomBytes(400))).text;
    expect(await reason(core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: foreign, deviceName: '診察室PC' }))).toBe('CA_PIN_MISMATCH');
    expect((await core.getStatus()).device.state).toBe('not-enrolled');
  });

  it('enrolls, keeping the device secret in the keychain only, then waits for approval', async () => {
    const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '診察室PC' });
    expect(status.device).toMatchObject({ state: 'pending', deviceName: '診察室PC', serverAddress: backend.enrollmentAddress });
    const deviceId = deviceIdOf(status);
    const secret = await keytar.getPassword(pc.service, `device:${deviceId}`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const file of filesUnder(pc.dataDir)) expect(readFileSync(file).includes(Buffer.from(secret!))).toBe(false);
    expect(statSync(join(pc.dataDir, 'device.json')).mode & 0o777).toBe(0o600);

    expect(await reason(core.login({ loginId: user.login_id, password: TEST_PASSWORD }))).toBe('NOT_APPROVED');
    expect((await core.refreshDevice()).device.state).toBe('pending');
    await approveDevice(backend.database, deviceId, 'test', backend.clock.now());
    const approved = await core.refreshDevice();
    expect(approved.device).toMatchObject({ state: 'approved', tunnelRequired: false });
    expect(approved.tunnel.phase).toBe('not-used');
  });

  it('explains a wrong password in Japanese', async () => {
    try {
      await core.login({ loginId: user.login_id, password: 'wrong-password-1' });
      throw new Error('login should fail');
    } catch (error) {
      expect((error as DesktopApiError).detail.reason).toBe('LOGIN_FAILED');
      expect((error as DesktopApiError).detail.message.ja).toContain('ユーザーIDまたはパスワードが正しくありません');
    }
  });

  it("logs in, syncs the user's patients into the cache and searches them by kana", async () => {
    const session = await core.login({ loginId: user.login_id, password: TEST_PASSWORD });
    expect(session).toMatchObject({ offline: false, user: { loginId: user.login_id, name: { family: '黒木' } } });
    const sync = await core.syncNow();
    expect(sync.state).toBe('idle');
    expect(sync.lastSyncedAt).not.toBeNull();
    expect((await core.searchPatients('みやざき')).patients.map((p) => p.id)).toEqual([kept]);
    expect((await core.searchPatients('')).patients.map((p) => p.id).sort()).toEqual([kept, leaving].sort());
    const status = await core.getStatus();
    expect(status.online).toBe(true);

    const stored = JSON.parse((await keytar.getPassword(pc.service, 'session'))!) as { token: string };
    for (const file of filesUnder(pc.dataDir)) expect(readFileSync(file).includes(Buffer.from(stored.token))).toBe(false);
    expect(await keytar.getPassword(pc.service, `cache-key:${user.id}`)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('reads an overview from the server while it is reachable', async () => {
    const overview = await core.getPatientOverview(kept);
    expect(overview.source).toBe('server');
    expect(overview.patient.name).toEqual({ family: '宮崎', given: 'ハル', familyKana: 'ミヤザキ', givenKana: 'ハル' });
    expect(overview.patient.myRoles).toEqual(['CARE_TEAM_ROLE_ATTENDING_DOCTOR']);
    expect(overview.allergies[0]).toMatchObject({ substance: 'ペニシリン系抗菌薬', severity: 'ALLERGY_SEVERITY_MODERATE' });
    expect(overview.careTeam[0]).toMatchObject({ name: { family: '黒木' }, role: 'CARE_TEAM_ROLE_ATTENDING_DOCTOR' });
  });

  it('loses a patient from the cache when the user leaves that team', async () => {
    await removeCareTeamMember(backend.database, leaving, user.id, backend.clock.now());
    await core.syncNow();
    expect((await core.searchPatients('')).patients.map((p) => p.id)).toEqual([kept]);
    expect(await reason(core.getPatientOverview(leaving))).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });

  it('reads from the cache when the server is down, saying how old the data is', async () => {
    const lastSyncedAt = (await core.getStatus()).sync.lastSyncedAt;
    await backend.server.stop();
    const overview = await core.getPatientOverview(kept);
    expect(overview.source).toBe('cache');
    expect(overview.asOf).toBe(lastSyncedAt);
    expect(overview.patient.name.family).toBe('宮崎');
    expect((await core.getStatus()).online).toBe(false);
    expect((await core.syncNow()).state).toBe('error');
    expect((await core.searchPatients('ハル')).asOf).toBe(lastSyncedAt);
  });

  /** The PC restarted while the server is down (offline sessions try the server every 100 ms). */
  const restart = async () => {
    await core.stop();
    core = await RenkeiCore.start({ dataDir: pc.dataDir, tunnel: null, keychain: pc.keychain, syncIntervalMs: 3_600_000, offlineRetryMs: 100 });
  };

  it('lets a user who logged in here before unlock the cache offline after a restart', async () => {
    await restart();
    expect((await core.getStatus()).session).toBeNull();
    expect(await reason(core.login({ loginId: user.login_id, password: 'wrong-password-1' }))).toBe('OFFLINE_LOGIN_FAILED');
    expect(await reason(core.login({ loginId: 'never.here', password: TEST_PASSWORD }))).toBe('OFFLINE_LOGIN_UNAVAILABLE');
    const session = (await core.login({ loginId: user.login_id, password: TEST_PASSWORD })) as SessionView;
    expect(session.offline).toBe(true);
    expect((await core.searchPatients('みやざき')).patients.map((p) => p.id)).toEqual([kept]);
    expect((await core.getPatientOverview(kept)).source).toBe('cache');
  });

  it('goes online by itself when the server is back: no logout, the same caches, writes possible again', async () => {
    const offlineSince = (await core.getStatus()).sync.lastSyncedAt;
    await backend.startAgain();
    const status = await until(
      'the offline session to go online',
      () => core.getStatus(),
      (s) => s.online && s.session?.offline === false && s.sync.lastSyncedAt !== offlineSince,
    );
    expect(status.session).toMatchObject({ user: { loginId: user.login_id }, loginAgain: null });
    expect(status.sync.state).toBe('idle');
    expect((await core.getPatientOverview(kept)).source).toBe('server');
    // Written with the session's new token: the server takes it.
    expect((await core.writeNote({ patientId: kept, soap: { subjective: '', objective: '', assessment: '自動で再接続', plan: '' } })).noteId).not.toBe('');
  });

  it('asks the user to log in again when the server refuses the password it was unlocked with (changed meanwhile)', async () => {
    await setPassword(backend.database, user, 'a-new-password-2', { actorLabel: 'test' }, backend.clock.now());
    await backend.server.stop();
    await restart();
    expect(((await core.login({ loginId: user.login_id, password: TEST_PASSWORD })) as SessionView).offline).toBe(true);
    await backend.startAgain();
    const status = await until(
      'the server to refuse the old password',
      () => core.getStatus(),
      (s) => s.session?.loginAgain !== null,
    );
    expect(status.session).toMatchObject({ offline: true, loginAgain: { reason: 'LOGIN_FAILED' } });
    expect(status.online).toBe(false);
    // The user logs in with the new password: online, and the notice is gone.
    await core.logout();
    expect(await core.login({ loginId: user.login_id, password: 'a-new-password-2' })).toMatchObject({ offline: false, loginAgain: null });
  });

  it('unlocks offline with the password as before when the office has come to require two-factor login, and asks for a login (the code) once the server is back', async () => {
    const facilityId = await region.facilityId;
    await setSecondFactorPolicy(backend.database, { facilityId, required: true }, 'test', backend.clock.now());
    try {
      await backend.server.stop();
      await restart();
      // Offline: what it needed before (this user logged in here, and their password), no more and no less.
      expect(await reason(core.login({ loginId: user.login_id, password: TEST_PASSWORD }))).toBe('OFFLINE_LOGIN_FAILED');
      expect(((await core.login({ loginId: user.login_id, password: 'a-new-password-2' })) as SessionView).offline).toBe(true);
      await backend.startAgain();
      const status = await until(
        'the server to ask for the second factor',
        () => core.getStatus(),
        (s) => s.session?.loginAgain !== null,
      );
      // The code cannot be typed for the user: the offline session stays, and says to log in.
      expect(status.session).toMatchObject({ offline: true, loginAgain: { reason: 'SECOND_FACTOR_NEEDED' } });
      await core.logout();
      expect(await core.login({ loginId: user.login_id, password: 'a-new-password-2' })).toMatchObject({ secondFactor: 'setup' });
      expect((await core.getStatus()).session).toBeNull();
      // The setup screen asking twice (React runs effects twice in development) gets one secret, not a second replacing the first.
      const [once, twice] = await Promise.all([core.beginSecondFactorSetup(), core.beginSecondFactorSetup()]);
      expect(twice.secretBase32).toBe(once.secretBase32);
      expect(once.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      await core.cancelSecondFactor();
      expect(await reason(core.beginSecondFactorSetup())).toBe('SECOND_FACTOR_NOT_STARTED');
    } finally {
      await setSecondFactorPolicy(backend.database, { facilityId, required: false }, 'test', backend.clock.now());
    }
  });
});

/** Asks `probe` every 50 ms until `accept` takes its answer (30 s at most, then fails saying what it waited for). */
async function until<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

describe('a revoked PC', () => {
  it('removes its cached patients, keys and session when it learns it was revoked', async () => {
    const other = await startTestBackend();
    const otherRegion = new TestRegion(other);
    const pc = newPc();
    const user = await otherRegion.user();
    const patient = await otherRegion.patient();
    await otherRegion.join(patient.id, user.id);
    const core = await RenkeiCore.start({ dataDir: pc.dataDir, tunnel: null, keychain: pc.keychain, syncIntervalMs: 3_600_000 });
    try {
      const status = await core.enroll({ serverAddress: other.enrollmentAddress, enrollmentCode: await otherRegion.code(), deviceName: '訪問看護PC' });
      const deviceId = deviceIdOf(status);
      await approveDevice(other.database, deviceId, 'test', other.clock.now());
      await core.refreshDevice();
      await core.login({ loginId: user.login_id, password: TEST_PASSWORD });
      await core.syncNow();
      expect((await core.searchPatients('')).patients).toHaveLength(1);

      await revokeDevice(other.database, deviceId, 'test', other.clock.now());
      // The next sync is refused (the device is revoked); the PC then forgets everything.
      expect((await core.syncNow()).error?.reason).toBe('DEVICE_REVOKED');
      const after = await core.getStatus();
      expect(after.device.state).toBe('revoked');
      expect(after.session).toBeNull();
      expect(await reason(core.searchPatients(''))).toBe('NOT_LOGGED_IN');
      expect(readdirSync(join(pc.dataDir, 'caches'))).toEqual([]);
      expect(await keytar.findCredentials(pc.service)).toEqual([]);
    } finally {
      await core.stop();
      await other.stop();
    }
  });
});
