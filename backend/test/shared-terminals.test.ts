// Shared clinic terminals (issue 13, the server's part) on a real backend (both engines), over gRPC
// and TLS, with the regional office's renkei-admin: the idle-lock minutes every login answers, the
// session maximum age the office sets, who may sign in on which facility's PCs (and the links that
// let a substitute doctor sign in at another clinic), and the housekeeping of login challenges.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RenkeiError } from '@renkei/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionRefusals } from '../src/access/session-liveness';
import { setIdleLockMinutes } from '../src/auth/idle-lock-policy';
import { setSecondFactorPolicy } from '../src/auth/second-factor-policy';
import { sessionMaxAge, setSessionMaxHours } from '../src/auth/session-policy';
import { facilityLinksOf, linkFacilities } from '../src/facilities/facility-links';
import { call, closeClients, failure } from './support/api-client';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TimelineStream } from './support/timeline-stream';

const run = promisify(execFile);
const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
const FAILURE_DELAY_MS = 100;
let backend: TestBackend;
let region: TestRegion;
const streams: TimelineStream[] = [];

beforeAll(async () => {
  backend = await startTestBackend({ loginFailureDelayMs: FAILURE_DELAY_MS });
  region = new TestRegion(backend);
});
afterAll(async () => {
  for (const stream of streams) stream.cancel();
  closeClients();
  await backend?.stop();
});

const admin = (args: string[]) => run(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 60_000 });
/** A refused renkei-admin run: its exit code and what it said. */
const refusedAdmin = (args: string[]) =>
  admin(args).then(
    () => {
      throw new Error(`renkei-admin ${args.join(' ')} succeeded`);
    },
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
const auth = (device: string, method: string, request: object, session?: string) =>
  call(region.clinical, 'AuthService', method, request, { device, ...(session && { session }) });
const login = (device: string, loginId: string, password = TEST_PASSWORD) => auth(device, 'Login', { loginId, password });

async function auditOf(actions: string[], since: number) {
  const rows = await backend.database.db
    .selectFrom('audit_events')
    .select(['seq', 'action', 'outcome', 'actor_label', 'actor_user_id', 'detail'])
    .where('action', 'in', actions)
    .where('seq', '>', since)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    outcome: r.outcome,
    actorLabel: r.actor_label,
    actorUserId: r.actor_user_id,
    detail: JSON.parse(String(r.detail)),
  }));
}
/** What a domain function refused with. */
async function refusal(promise: Promise<unknown>): Promise<RenkeiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof RenkeiError)) throw new Error(`expected a RenkeiError, got ${String(error)}`);
  return error;
}
async function lastSeq(): Promise<number> {
  const row = await backend.database.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
  return Number(row.seq);
}

/** The code an authenticator app shows for the secret now (Python's hmac, independent of the server's library). */
async function codeFor(secretBase32: string, offset = 0): Promise<string> {
  const step = Math.floor(backend.clock.now().getTime() / 30_000) + offset;
  const { stdout } = await run('python3', [join(import.meta.dirname, 'support', 'rfc6238.py'), secretBase32, String(step)]);
  return stdout.trim();
}

describe('idle lock', () => {
  it('answers 10 minutes by default, then the region’s setting, and a facility’s own over it, on every step that issues a session', async () => {
    const office = region.office('FACILITY_KIND_CLINIC', `ロック診療所${Math.random()}`);
    const [user, other] = [await office.user(), await region.user()];
    const [device, otherDevice] = [await office.approvedDevice(), await region.approvedDevice()];
    expect((await login(device.credential, user.login_id)).idleLockMinutes).toBe(10);

    const since = await lastSeq();
    try {
      expect((await admin(['policy', 'lock', '--minutes', '15'])).stdout).toContain('10 → 15');
      const facilityId = await office.facilityId;
      expect((await admin(['policy', 'lock', '--facility', facilityId, '--minutes', '3'])).stdout).toContain('15 → 3');
      expect((await login(device.credential, user.login_id)).idleLockMinutes).toBe(3);
      expect((await login(otherDevice.credential, other.login_id)).idleLockMinutes).toBe(15);

      // Without --minutes: the settings as they stand, the region first.
      const shown = JSON.parse((await admin(['policy', 'lock', '--json'])).stdout) as { facilityId?: string; minutes: number }[];
      expect(shown[0]).toMatchObject({ minutes: 15 });
      expect(shown[0]!.facilityId).toBeUndefined();
      expect(shown.find((s) => s.facilityId === facilityId)).toMatchObject({ minutes: 3 });

      // The second factor's steps answer the same minutes as the password step.
      await setSecondFactorPolicy(backend.database, { facilityId, required: true }, 'test', backend.clock.now());
      const setupUser = await office.user();
      const first = await login(device.credential, setupUser.login_id);
      expect(first.idleLockMinutes).toBe(0); // no session yet
      const setup = await auth(device.credential, 'BeginSecondFactorSetup', { challengeToken: first.challengeToken });
      const confirmed = await auth(device.credential, 'ConfirmSecondFactorSetup', {
        challengeToken: first.challengeToken,
        code: await codeFor(setup.secretBase32),
      });
      expect(confirmed.login.sessionToken).toBeTruthy();
      expect(confirmed.login.idleLockMinutes).toBe(3);
      backend.clock.advance(3 * 30_000);
      const challenge = await login(device.credential, setupUser.login_id);
      const verified = await auth(device.credential, 'VerifySecondFactor', {
        challengeToken: challenge.challengeToken,
        code: await codeFor(setup.secretBase32),
      });
      expect(verified.sessionToken).toBeTruthy();
      expect(verified.idleLockMinutes).toBe(3);
      await setSecondFactorPolicy(backend.database, { facilityId, required: false }, 'test', backend.clock.now());

      // Out of bounds: refused with the bounds (by the command, and by the function behind it), nothing changed.
      const refused = await refusedAdmin(['policy', 'lock', '--minutes', '61']);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('1〜60 の整数');
      const tooSmall = await refusal(setIdleLockMinutes(backend.database, { minutes: 0 }, 'test', backend.clock.now()));
      expect(tooSmall.fieldViolations).toMatchObject([{ field: 'minutes', reason: 'TOO_SMALL' }]);
      expect((await login(otherDevice.credential, other.login_id)).idleLockMinutes).toBe(15);

      expect(await auditOf(['policy.idle-lock'], since)).toEqual([
        expect.objectContaining({ outcome: 'ok', actorLabel: expect.stringMatching(/^admin:/), detail: { facilityId: null, minutes: 15, before: 10 } }),
        expect.objectContaining({ outcome: 'ok', detail: { facilityId, minutes: 3, before: 15 } }),
      ]);
    } finally {
      await backend.database.db.deleteFrom('idle_lock_policy').execute();
    }
  }, 300_000);
});

describe('session maximum age', () => {
  it('follows the configuration (12 hours) until the office sets the region’s; a change applies to sessions issued after it', async () => {
    const user = await region.user();
    const device = await region.approvedDevice();
    const hoursOf = (response: { expiresAt: { seconds: string } }) => (Number(response.expiresAt.seconds) * 1000 - backend.clock.now().getTime()) / 3_600_000;

    const before = await login(device.credential, user.login_id);
    expect(hoursOf(before)).toBeCloseTo(12, 1);
    expect((await admin(['policy', 'session'])).stdout).toContain('12 時間（サーバー設定 auth.sessionHours）');

    const since = await lastSeq();
    try {
      expect((await admin(['policy', 'session', '--max-hours', '2'])).stdout).toContain('12 → 2');
      const after = await login(device.credential, user.login_id);
      expect(hoursOf(after)).toBeCloseTo(2, 1);
      expect(await sessionMaxAge(backend.database, 12)).toMatchObject({ hours: 2, source: 'region' });

      // The session issued before keeps its 12 hours: three hours on, it still works and the new one has ended.
      backend.clock.advance(3 * 3_600_000);
      expect((await auth(device.credential, 'GetCurrentUser', {}, before.sessionToken)).loginId).toBe(user.login_id);
      expect((await failure(auth(device.credential, 'GetCurrentUser', {}, after.sessionToken))).reason).toBe('SESSION_EXPIRED');

      expect((await refusedAdmin(['policy', 'session', '--max-hours', '25'])).stderr).toContain('1〜24 の整数');
      const tooSmall = await refusal(setSessionMaxHours(backend.database, 0, 12, 'test', backend.clock.now()));
      expect(tooSmall.fieldViolations).toMatchObject([{ field: 'maxHours', reason: 'TOO_SMALL' }]);
      expect(await sessionMaxAge(backend.database, 12)).toMatchObject({ hours: 2 });
      expect(await auditOf(['policy.session-max-age'], since)).toEqual([
        expect.objectContaining({ outcome: 'ok', actorLabel: expect.stringMatching(/^admin:/), detail: { maxHours: 2, before: 12 } }),
      ]);
    } finally {
      await backend.database.db.deleteFrom('session_policy').execute();
    }
  }, 300_000);

  it('ends a live stream with SESSION_EXPIRED when its session reaches its maximum age', async () => {
    const user = await region.user('PROFESSION_NURSE');
    const credentials = await region.session(user.login_id);
    const stream = new TimelineStream(region.clinical, credentials, '');
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'heartbeat' || e.event === 'reset');
    // The session's expiry is reached (the clock is not moved: other tests share this backend).
    await backend.database.db.updateTable('sessions').set({ expires_at: backend.clock.now().toISOString() }).where('user_id', '=', user.id).execute();
    expect((await stream.closed)?.reason).toBe('SESSION_EXPIRED');
  });
});

describe('which PCs a user may sign in on', () => {
  it("refuses a user on another facility's PC after the password, naming both, with no challenge, no session and nothing toward the lockout", async () => {
    const home = region.office('FACILITY_KIND_CLINIC', `大淀診療所${Math.random()}`);
    const away = region.office('FACILITY_KIND_CLINIC', `本院${Math.random()}`);
    const [homeId, awayId] = [await home.facilityId, await away.facilityId];
    // The user's office requires a second factor: the refusal still comes before any challenge.
    await setSecondFactorPolicy(backend.database, { facilityId: homeId, required: true }, 'test', backend.clock.now());
    const doctor = await home.user('PROFESSION_DOCTOR', ['河野', '修']);
    const awayPc = await away.approvedDevice();
    const homeNames = await backend.database.db.selectFrom('facilities').select(['id', 'name']).where('id', 'in', [homeId, awayId]).execute();
    const nameOf = (id: string) => homeNames.find((f) => f.id === id)!.name;

    // A wrong password there is the ordinary failure: it tells nothing about the facility.
    expect((await failure(login(awayPc.credential, doctor.login_id, 'wrong-password-1'))).reason).toBe('LOGIN_FAILED');
    const since = await lastSeq();
    const refused = await failure(login(awayPc.credential, doctor.login_id));
    expect(refused.reason).toBe('DEVICE_OTHER_FACILITY');
    expect(refused.code).toBe(7); // PERMISSION_DENIED
    expect(refused.message).toContain(`「${nameOf(awayId)}」の端末`);
    expect(refused.message).toContain(`「${nameOf(homeId)}」のユーザー`);
    expect(refused.message).toContain('事務局に事業所の連携登録を依頼してください');

    const row = await backend.database.db
      .selectFrom('users')
      .select(['failed_login_count', 'locked_until'])
      .where('id', '=', doctor.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_login_count: 1, locked_until: null });
    expect(await backend.database.db.selectFrom('sessions').select('id').where('user_id', '=', doctor.id).execute()).toEqual([]);
    expect(await backend.database.db.selectFrom('login_challenges').select('user_id').where('user_id', '=', doctor.id).execute()).toEqual([]);
    expect(await auditOf(['auth.login', 'auth.login.password'], since)).toEqual([
      expect.objectContaining({
        action: 'auth.login',
        outcome: 'denied',
        actorUserId: doctor.id,
        detail: expect.objectContaining({ reason: 'device-other-facility' }),
      }),
    ]);
    // Refused many times over, the user ID is never locked.
    for (let i = 0; i < 6; i++) expect((await failure(login(awayPc.credential, doctor.login_id))).reason).toBe('DEVICE_OTHER_FACILITY');
    const homePc = await home.approvedDevice();
    expect((await login(homePc.credential, doctor.login_id)).secondFactor).toBe('SECOND_FACTOR_STEP_SETUP_REQUIRED');
    await setSecondFactorPolicy(backend.database, { facilityId: homeId, required: false }, 'test', backend.clock.now());
  }, 60_000);

  it('lets a substitute doctor sign in at the clinic linked to theirs, one way; unlinking ends those sessions and their streams', async () => {
    const home = region.office('FACILITY_KIND_CLINIC', `代診元${Math.random()}`);
    const covered = region.office('FACILITY_KIND_CLINIC', `代診先${Math.random()}`);
    const [homeId, coveredId] = [await home.facilityId, await covered.facilityId];
    const substitute = await home.user('PROFESSION_DOCTOR', ['河野', '修']);
    const coveredDoctor = await covered.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const [homePc, coveredPc] = [await home.approvedDevice(), await covered.approvedDevice()];
    expect((await failure(login(coveredPc.credential, substitute.login_id))).reason).toBe('DEVICE_OTHER_FACILITY');

    const since = await lastSeq();
    const linked = await admin(['facility', 'link', homeId, '--to', coveredId]);
    expect(linked.stdout).toContain('連携を登録しました');
    expect(await linkFacilities(backend.database, { facilityId: homeId, hostFacilityId: coveredId }, 'test', backend.clock.now())).toEqual({ created: false });
    const session = await login(coveredPc.credential, substitute.login_id);
    expect(session.sessionToken).toBeTruthy();
    // One way: the covered clinic's doctor gains nothing at the substitute's clinic.
    expect((await failure(login(homePc.credential, coveredDoctor.login_id))).reason).toBe('DEVICE_OTHER_FACILITY');
    // Their own PCs are as before.
    expect((await login(homePc.credential, substitute.login_id)).sessionToken).toBeTruthy();

    const links = JSON.parse((await admin(['facility', 'links', homeId, '--json'])).stdout);
    expect(links.usesDevicesOf).toEqual([expect.objectContaining({ facilityId: coveredId })]);
    expect(links.devicesUsedBy).toEqual([]);
    const reverse = await facilityLinksOf(backend.database, coveredId);
    expect(reverse.devicesUsedBy).toEqual([expect.objectContaining({ facilityId: homeId })]);

    const credentials = { device: coveredPc.credential, session: session.sessionToken as string };
    const stream = new TimelineStream(region.clinical, credentials, '');
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'heartbeat' || e.event === 'reset');
    const unlinked = await admin(['facility', 'unlink', homeId, '--to', coveredId]);
    expect(unlinked.stdout).toContain('1 件のセッションを終了しました');
    expect((await stream.closed)?.reason).toBe('SESSION_REQUIRED');
    expect((await failure(auth(coveredPc.credential, 'GetCurrentUser', {}, session.sessionToken))).reason).toBe('SESSION_REQUIRED');
    expect((await failure(login(coveredPc.credential, substitute.login_id))).reason).toBe('DEVICE_OTHER_FACILITY');

    // Bad input changes nothing, and says what is wrong.
    const again = await refusedAdmin(['facility', 'unlink', homeId, '--to', coveredId]);
    expect(again.stderr).toContain('連携は登録されていません');
    const self = await refusal(linkFacilities(backend.database, { facilityId: homeId, hostFacilityId: homeId }, 'test', backend.clock.now()));
    expect(self.fieldViolations).toEqual([{ field: 'to', reason: 'FACILITY_LINK_SAME' }]);
    expect(await backend.database.db.selectFrom('facility_links').selectAll().where('facility_id', '=', homeId).execute()).toEqual([]);

    expect(await auditOf(['facility.link', 'facility.unlink'], since)).toEqual([
      expect.objectContaining({
        action: 'facility.link',
        outcome: 'ok',
        actorLabel: expect.stringMatching(/^admin:/),
        detail: { facilityId: homeId, hostFacilityId: coveredId },
      }),
      expect.objectContaining({ action: 'facility.unlink', outcome: 'ok', detail: { facilityId: homeId, hostFacilityId: coveredId, sessionsEnded: 1 } }),
    ]);
  }, 300_000);

  it('refuses the calls of a session whose user no longer belongs where the PC is (moved to another facility), streams included', async () => {
    const first = region.office('FACILITY_KIND_CLINIC', `異動元${Math.random()}`);
    const second = region.office('FACILITY_KIND_CLINIC', `異動先${Math.random()}`);
    const nurse = await first.user('PROFESSION_NURSE');
    const credentials = await first.session(nurse.login_id);
    const session = await backend.database.db.selectFrom('sessions').select('id').where('user_id', '=', nurse.id).executeTakeFirstOrThrow();
    expect(await sessionRefusals(backend.database, [session.id], backend.clock.now())).toEqual(new Map());

    await backend.database.db
      .updateTable('users')
      .set({ facility_id: await second.facilityId })
      .where('id', '=', nurse.id)
      .execute();
    expect((await failure(call(region.clinical, 'AuthService', 'GetCurrentUser', {}, credentials))).reason).toBe('DEVICE_OTHER_FACILITY');
    const refusals = await sessionRefusals(backend.database, [session.id], backend.clock.now());
    expect(refusals.get(session.id)?.reason).toBe('DEVICE_OTHER_FACILITY');
  });
});

describe('login challenges', () => {
  it("deletes a user's expired challenges when a new one is issued, and keeps the others'", async () => {
    const office = region.office('FACILITY_KIND_CLINIC', `掃除診療所${Math.random()}`);
    await setSecondFactorPolicy(backend.database, { facilityId: await office.facilityId, required: true }, 'test', backend.clock.now());
    const [user, bystander] = [await office.user(), await office.user()];
    const device = await office.approvedDevice();
    await login(device.credential, user.login_id);
    await login(device.credential, bystander.login_id);
    backend.clock.advance(16 * 60_000); // past the setup challenge's 15 minutes
    const challenges = (userId: string) => backend.database.db.selectFrom('login_challenges').select('expires_at').where('user_id', '=', userId).execute();
    expect(await challenges(user.id)).toHaveLength(1);

    await login(device.credential, user.login_id);
    const left = await challenges(user.id);
    expect(left).toHaveLength(1);
    expect(Date.parse(left[0]!.expires_at)).toBeGreaterThan(backend.clock.now().getTime());
    expect(await challenges(bystander.id)).toHaveLength(1);
  });
});
