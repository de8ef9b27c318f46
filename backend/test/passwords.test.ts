// Passwords by MHLW's guideline, on a real backend (both engines) over gRPC and TLS: the region's rule
// at set and change, a change the regional office asks for (the session can do nothing else, streams
// included, until it is done), changing one's own password (ends the other sessions, a wrong current
// password counts toward the lockout), and an authenticator set up by choice from a session with its
// recovery codes regenerated. TOTP codes come from Python's hmac (support/rfc6238.py), not the
// server's library.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { RenkeiError } from '@renkei/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPasswordPolicy, setPasswordPolicy } from '../src/auth/password-policy';
import { createUser, requirePasswordChange, setPassword } from '../src/users/users';
import { call, closeClients, failure } from './support/api-client';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TimelineStream } from './support/timeline-stream';

const run = promisify(execFile);
const STEP_MS = 30_000;
let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend({ loginFailureDelayMs: 100, timeline: { pollMs: 200, stream: { heartbeatMs: 300 } } });
  region = new TestRegion(backend);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

async function codeFor(secretBase32: string, offset = 0): Promise<string> {
  const step = Math.floor(backend.clock.now().getTime() / STEP_MS) + offset;
  const { stdout } = await run('python3', [join(import.meta.dirname, 'support', 'rfc6238.py'), secretBase32, String(step)]);
  return stdout.trim();
}

type Session = { device: string; session: string };
const auth = <T = any>(as: Session | { device: string }, method: string, request: object = {}) => call<T>(region.clinical, 'AuthService', method, request, as);
const login = (device: string, loginId: string, password = TEST_PASSWORD) => call(region.clinical, 'AuthService', 'Login', { loginId, password }, { device });
const fields = (error: { fieldViolations: readonly { field: string; reason: string }[] }) => error.fieldViolations.map((v) => `${v.field}:${v.reason}`);

describe('the rule at set', () => {
  it('refuses a weak password for a new user or set by the office, naming each fault, and changes nothing', async () => {
    const facilityId = await region.facilityId;
    const input = {
      loginId: `ns.weak${Math.random().toString(36).slice(2, 6)}`,
      familyName: '甲斐',
      givenName: '由美',
      familyNameKana: 'カイ',
      givenNameKana: 'ユミ',
      profession: 'PROFESSION_NURSE' as const,
      facilityId,
    };
    const weak = await refusal(createUser(backend.database, { ...input, password: 'kanjanomori7' }, backend.clock.now()));
    expect(fields(weak)).toEqual(['password:PASSWORD_TOO_SHORT', 'password:PASSWORD_NEEDS_SYMBOL']);
    expect(await backend.database.db.selectFrom('users').select('id').where('login_id', '=', input.loginId).executeTakeFirst()).toBeUndefined();

    const user = await region.user('PROFESSION_NURSE');
    const before = await backend.database.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    const refused = await refusal(setPassword(backend.database, user, user.login_id, { actorLabel: 'test' }, backend.clock.now()));
    expect(fields(refused)).toContain('password:PASSWORD_IS_LOGIN_ID');
    const after = await backend.database.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
  });

  it("follows the region's setting, which cannot go below the guideline", async () => {
    const below = await refusal(setPasswordPolicy(backend.database, { minLength: 12 }, 'test', backend.clock.now()));
    expect(fields(below)).toEqual(['minLength:BELOW_GUIDELINE']);
    expect((await readPasswordPolicy(backend.database)).minLength).toBe(13);
    const user = await region.user();
    await setPasswordPolicy(backend.database, { minLength: 20 }, 'test', backend.clock.now());
    try {
      const longer = await refusal(setPassword(backend.database, user, 'kanja-no-mori-77', { actorLabel: 'test' }, backend.clock.now()));
      expect(longer.fieldViolations).toEqual([{ field: 'password', reason: 'PASSWORD_TOO_SHORT', parameters: { min: '20' } }]);
      const { device } = await region.session(user.login_id);
      expect((await login(device, user.login_id)).passwordRule).toEqual({ minLength: 20, mixedRequired: true });
    } finally {
      await setPasswordPolicy(backend.database, { minLength: 13 }, 'test', backend.clock.now());
    }
    const audit = await backend.database.db.selectFrom('audit_events').select('detail').where('action', '=', 'policy.password').execute();
    expect(audit.map((e) => JSON.parse(String(e.detail)).after.minLength)).toEqual([20, 13]);
  });
});

describe('a password change the regional office asks for', () => {
  it('lets the session change the password and nothing else, streams included, until it has', async () => {
    const user = await region.user('PROFESSION_NURSE');
    const device = (await region.approvedDevice()).credential;
    await requirePasswordChange(backend.database, user, 'admin:test', backend.clock.now());
    const first = await login(device, user.login_id);
    expect(first.passwordChangeRequired).toBe(true);
    expect(first.passwordRule).toEqual({ minLength: 13, mixedRequired: true });
    const as = { device, session: first.sessionToken as string };

    const refused = await failure(call(region.clinical, 'PatientService', 'ListPatients', {}, as));
    expect(refused.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(refused.reason).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(refused.message).toContain('パスワードの変更が必要です');
    expect((await failure(call(region.clinical, 'TimelineService', 'ListTimelines', {}, as))).reason).toBe('PASSWORD_CHANGE_REQUIRED');
    const stream = new TimelineStream(region.clinical, as);
    expect((await stream.closed)?.reason).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await auth(as, 'GetCurrentUser')).loginId).toBe(user.login_id);
    const security = await auth(as, 'GetAccountSecurity');
    expect(security).toMatchObject({ passwordChangeRequired: true, secondFactorEnabled: false, passwordRule: { minLength: 13, mixedRequired: true } });

    const weak = await failure(auth(as, 'ChangePassword', { currentPassword: TEST_PASSWORD, newPassword: 'short' }));
    expect(weak.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fields(weak)).toEqual(['newPassword:PASSWORD_TOO_SHORT', 'newPassword:PASSWORD_NEEDS_DIGIT', 'newPassword:PASSWORD_NEEDS_SYMBOL']);
    const same = await failure(auth(as, 'ChangePassword', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }));
    expect(fields(same)).toEqual(['newPassword:PASSWORD_UNCHANGED']);
    expect((await failure(call(region.clinical, 'PatientService', 'ListPatients', {}, as))).reason).toBe('PASSWORD_CHANGE_REQUIRED');

    const changed = await auth(as, 'ChangePassword', { currentPassword: TEST_PASSWORD, newPassword: 'houmon-kango-2026!' });
    expect(changed.passwordChangedAt).toBeTruthy();
    expect(await call(region.clinical, 'PatientService', 'ListPatients', {}, as)).toHaveProperty('patients');
    expect((await auth(as, 'GetAccountSecurity')).passwordChangeRequired).toBe(false);
    expect((await login(device, user.login_id, 'houmon-kango-2026!')).passwordChangeRequired).toBe(false);
    expect((await failure(login(device, user.login_id))).reason).toBe('LOGIN_FAILED');

    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where((eb) => eb.or([eb('actor_user_id', '=', user.id), eb('action', '=', 'user.password.change-required')]))
      .where('action', 'in', ['user.password.change-required', 'auth.password.change'])
      .execute();
    expect(events.filter((e) => JSON.parse(String(e.detail)).loginId === user.login_id).map((e) => e.action)).toEqual([
      'user.password.change-required',
      'auth.password.change',
    ]);
    expect(JSON.stringify(events)).not.toContain('houmon-kango-2026!');
  });

  it('ends a stream already open when the office asks for the change', async () => {
    const user = await region.user('PROFESSION_NURSE');
    const as = await region.session(user.login_id);
    const stream = new TimelineStream(region.clinical, as);
    await stream.waitFor((e) => e.event === 'heartbeat' || e.event === 'reset');
    await requirePasswordChange(backend.database, user, 'admin:test', backend.clock.now());
    expect((await stream.closed)?.reason).toBe('PASSWORD_CHANGE_REQUIRED');
  });
});

describe('changing one’s own password', () => {
  it('ends the user’s sessions on other PCs and keeps the one it was changed from', async () => {
    const user = await region.user();
    const here = await region.session(user.login_id);
    const there = await region.session(user.login_id);
    await auth(here, 'ChangePassword', { currentPassword: TEST_PASSWORD, newPassword: 'zaitaku-iryou-9#' });
    expect((await auth(here, 'GetCurrentUser')).loginId).toBe(user.login_id);
    expect((await failure(auth(there, 'GetCurrentUser'))).reason).toBe('SESSION_REQUIRED');
  });

  it('counts a wrong current password toward the same lockout as logins', async () => {
    const user = await region.user();
    const as = await region.session(user.login_id);
    for (let i = 0; i < 4; i++) {
      const wrong = await failure(auth(as, 'ChangePassword', { currentPassword: `wrong-password-${i}`, newPassword: 'zaitaku-iryou-9#' }));
      expect(wrong.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(wrong.reason).toBe('CURRENT_PASSWORD_WRONG');
    }
    const locking = await failure(auth(as, 'ChangePassword', { currentPassword: 'wrong-password-5', newPassword: 'zaitaku-iryou-9#' }));
    expect(locking.reason).toBe('ACCOUNT_LOCKED');
    expect((await failure(login(as.device, user.login_id))).reason).toBe('ACCOUNT_LOCKED');
    expect((await failure(auth(as, 'ChangePassword', { currentPassword: TEST_PASSWORD, newPassword: 'zaitaku-iryou-9#' }))).reason).toBe('ACCOUNT_LOCKED');
    backend.clock.advance(16 * 60_000);
    await auth(as, 'ChangePassword', { currentPassword: TEST_PASSWORD, newPassword: 'zaitaku-iryou-9#' });
  });
});

describe('two-factor login by choice, from a session', () => {
  it('sets an authenticator up with a first code, asks it at every login, and keeps an old one until a new one is confirmed', async () => {
    const user = await region.user('PROFESSION_NURSE');
    const as = await region.session(user.login_id);
    expect((await failure(auth(as, 'ConfirmAuthenticatorSetup', { code: '123456' }))).reason).toBe('AUTHENTICATOR_SETUP_NOT_STARTED');
    const setup = await auth(as, 'BeginAuthenticatorSetup');
    expect(new URL(setup.otpauthUri).searchParams.get('secret')).toBe(setup.secretBase32);
    // Not in force yet.
    expect((await login(as.device, user.login_id)).sessionToken).toBeTruthy();
    expect((await failure(auth(as, 'ConfirmAuthenticatorSetup', { code: await codeFor(setup.secretBase32, -4) }))).reason).toBe('SECOND_FACTOR_FAILED');
    const firstCode = await codeFor(setup.secretBase32);
    const confirmed = await auth(as, 'ConfirmAuthenticatorSetup', { code: firstCode });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(await auth(as, 'GetAccountSecurity')).toMatchObject({
      secondFactorEnabled: true,
      recoveryCodesRemaining: 10,
      passwordRule: { minLength: 8, mixedRequired: false },
    });

    const challenge = await login(as.device, user.login_id);
    expect(challenge.secondFactor).toBe('SECOND_FACTOR_STEP_CODE_REQUIRED');
    expect(challenge.passwordRule).toBeFalsy();
    // The code that confirmed the setup is spent.
    const reused = await failure(
      auth({ device: as.device }, 'VerifySecondFactor', { challengeToken: challenge.challengeToken, code: firstCode, recoveryCode: '' }),
    );
    expect(reused.reason).toBe('SECOND_FACTOR_FAILED');
    backend.clock.advance(2 * STEP_MS);
    const verified = await auth({ device: as.device }, 'VerifySecondFactor', {
      challengeToken: (await login(as.device, user.login_id)).challengeToken,
      code: await codeFor(setup.secretBase32),
      recoveryCode: '',
    });
    expect(verified.passwordRule).toEqual({ minLength: 8, mixedRequired: false });

    // A replacement: the old authenticator works until the new one's first code.
    const replacement = await auth(as, 'BeginAuthenticatorSetup');
    backend.clock.advance(2 * STEP_MS);
    const stillOld = await auth({ device: as.device }, 'VerifySecondFactor', {
      challengeToken: (await login(as.device, user.login_id)).challengeToken,
      code: await codeFor(setup.secretBase32),
      recoveryCode: '',
    });
    expect(stillOld.sessionToken).toBeTruthy();
    backend.clock.advance(2 * STEP_MS);
    await auth(as, 'ConfirmAuthenticatorSetup', { code: await codeFor(replacement.secretBase32) });
    backend.clock.advance(2 * STEP_MS);
    const oldRefused = await failure(
      auth({ device: as.device }, 'VerifySecondFactor', {
        challengeToken: (await login(as.device, user.login_id)).challengeToken,
        code: await codeFor(setup.secretBase32),
        recoveryCode: '',
      }),
    );
    expect(oldRefused.reason).toBe('SECOND_FACTOR_FAILED');
    // The first setup's recovery codes went with it.
    const oldCode = await failure(
      auth({ device: as.device }, 'VerifySecondFactor', {
        challengeToken: (await login(as.device, user.login_id)).challengeToken,
        code: '',
        recoveryCode: confirmed.recoveryCodes[0],
      }),
    );
    expect(oldCode.reason).toBe('RECOVERY_CODE_FAILED');
  });

  it('regenerates the recovery codes after the password; the earlier ones stop working', async () => {
    const user = await region.user();
    const as = await region.session(user.login_id);
    expect((await failure(auth(as, 'RegenerateRecoveryCodes', { currentPassword: TEST_PASSWORD }))).reason).toBe('SECOND_FACTOR_NOT_SET_UP');
    const setup = await auth(as, 'BeginAuthenticatorSetup');
    const first = (await auth(as, 'ConfirmAuthenticatorSetup', { code: await codeFor(setup.secretBase32) })).recoveryCodes as string[];
    const wrong = await failure(auth(as, 'RegenerateRecoveryCodes', { currentPassword: 'not-the-password-1' }));
    expect(wrong.reason).toBe('CURRENT_PASSWORD_WRONG');
    const second = (await auth(as, 'RegenerateRecoveryCodes', { currentPassword: TEST_PASSWORD })).recoveryCodes as string[];
    expect(second).toHaveLength(10);
    expect(second.filter((code) => first.includes(code))).toEqual([]);
    const withCode = (recoveryCode: string) =>
      login(as.device, user.login_id).then((c) =>
        auth({ device: as.device }, 'VerifySecondFactor', { challengeToken: c.challengeToken, code: '', recoveryCode }),
      );
    expect((await failure(withCode(first[0]!))).reason).toBe('RECOVERY_CODE_FAILED');
    expect((await withCode(second[0]!)).sessionToken).toBeTruthy();
    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('actor_user_id', '=', user.id)
      .where('action', '=', 'auth.second-factor.recovery-codes')
      .execute();
    expect(events.map((e) => e.outcome)).toEqual(['denied', 'ok']);
  });
});

/** The refusal of a call made in-process (as renkei-admin makes it). */
async function refusal(promise: Promise<unknown>): Promise<RenkeiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RenkeiError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it succeeded');
}
