// Two-factor login on a real backend (both engines), over gRPC and TLS. The codes are computed by an
// implementation independent of the server's library: Python's hmac (support/rfc6238.py).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecondFactorKey } from '../src/auth/second-factor-key';
import { secondFactorRequired, setSecondFactorPolicy } from '../src/auth/second-factor-policy';
import { dataDirectory } from '../src/config/server-config';
import { call, closeClients, failure } from './support/api-client';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

const run = promisify(execFile);
const FAILURE_DELAY_MS = 200;
const STEP_MS = 30_000;
let backend: TestBackend;
let region: TestRegion;
/** An office whose policy requires two-factor login (the region's stays optional). */
let requiring: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend({ loginFailureDelayMs: FAILURE_DELAY_MS });
  region = new TestRegion(backend);
  requiring = region.office('FACILITY_KIND_CLINIC', `二要素診療所${Math.random()}`);
  await setSecondFactorPolicy(backend.database, { facilityId: await requiring.facilityId, required: true }, 'test', backend.clock.now());
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

/** The code an authenticator app shows for the secret, `offset` steps from the server's now. */
async function codeFor(secretBase32: string, offset = 0): Promise<string> {
  const step = Math.floor(backend.clock.now().getTime() / STEP_MS) + offset;
  const { stdout } = await run('python3', [join(import.meta.dirname, 'support', 'rfc6238.py'), secretBase32, String(step)]);
  return stdout.trim();
}

const auth = (device: string, method: string, request: object) => call(region.clinical, 'AuthService', method, request, { device });
const login = (device: string, loginId: string, password = TEST_PASSWORD) => auth(device, 'Login', { loginId, password });

async function timed<T>(promise: Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await promise;
  return { ms: performance.now() - started, result };
}

/**
 * A user of the requiring office who has set up an authenticator; the clock is then three steps
 * later, so codes from two steps back to two steps ahead have not been used.
 */
async function enrolledUser() {
  const user = await requiring.user();
  const device = await requiring.approvedDevice();
  const first = await login(device.credential, user.login_id);
  const setup = await auth(device.credential, 'BeginSecondFactorSetup', { challengeToken: first.challengeToken });
  const confirmed = await auth(device.credential, 'ConfirmSecondFactorSetup', {
    challengeToken: first.challengeToken,
    code: await codeFor(setup.secretBase32),
  });
  backend.clock.advance(3 * STEP_MS);
  return { user, device, secret: setup.secretBase32 as string, recoveryCodes: confirmed.recoveryCodes as string[] };
}

async function codeChallenge(device: string, loginId: string): Promise<string> {
  const response = await login(device, loginId);
  expect(response.secondFactor).toBe('SECOND_FACTOR_STEP_CODE_REQUIRED');
  return response.challengeToken;
}

describe('setting up an authenticator', () => {
  it('leads a user whose office requires it to the setup right after the password, and opens the session on the first right code', async () => {
    const user = await requiring.user();
    const device = await requiring.approvedDevice();
    const first = await login(device.credential, user.login_id);
    expect(first.secondFactor).toBe('SECOND_FACTOR_STEP_SETUP_REQUIRED');
    expect(first.sessionToken).toBe('');
    expect(first.challengeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const setup = await auth(device.credential, 'BeginSecondFactorSetup', { challengeToken: first.challengeToken });
    const uri = new URL(setup.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('secret')).toBe(setup.secretBase32);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(uri.pathname)).toContain(user.login_id);
    expect(uri.searchParams.get('issuer')).toBe('Renkei テスト地域');
    // Not in force before it is confirmed: the user is still led to the setup.
    expect((await login(device.credential, user.login_id)).secondFactor).toBe('SECOND_FACTOR_STEP_SETUP_REQUIRED');

    const wrong = await failure(
      auth(device.credential, 'ConfirmSecondFactorSetup', { challengeToken: first.challengeToken, code: await codeFor(setup.secretBase32, -3) }),
    );
    expect(wrong.reason).toBe('SECOND_FACTOR_FAILED');
    const confirmed = await auth(device.credential, 'ConfirmSecondFactorSetup', {
      challengeToken: first.challengeToken,
      code: await codeFor(setup.secretBase32),
    });
    expect(confirmed.login.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(confirmed.login.user.loginId).toBe(user.login_id);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    for (const code of confirmed.recoveryCodes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const me = await call(region.clinical, 'AuthService', 'GetCurrentUser', {}, { device: device.credential, session: confirmed.login.sessionToken });
    expect(me.loginId).toBe(user.login_id);

    // From now on the password step asks for the code.
    expect((await login(device.credential, user.login_id)).secondFactor).toBe('SECOND_FACTOR_STEP_CODE_REQUIRED');
    const setupAudit = await backend.database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'auth.second-factor.setup')
      .where('actor_user_id', '=', user.id)
      .execute();
    expect(setupAudit.map((e) => JSON.parse(String(e.detail)).step)).toEqual(['secret-issued', 'confirmed']);
  });

  it('keeps the secret encrypted with the key in secrets/, bound to its user, and the recovery codes only as argon2id hashes', async () => {
    const { user, secret, recoveryCodes } = await enrolledUser();
    const row = await backend.database.db.selectFrom('second_factors').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    const rawHex = Buffer.from(base32Decode(secret)).toString('hex');
    expect(row.secret_ciphertext).not.toContain(secret);
    expect(Buffer.from(row.secret_ciphertext, 'base64url').toString('hex')).not.toContain(rawHex);
    const keyFile = dataDirectory(backend.dataDir).secondFactorKey;
    const key = SecondFactorKey.load(keyFile);
    expect(key.decrypt(user.id, row.secret_ciphertext).toString('hex')).toBe(rawHex);
    expect(() => key.decrypt('another-user', row.secret_ciphertext)).toThrow();
    expect(readFileSync(keyFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const hashes = await backend.database.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', user.id).execute();
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) {
      expect(code_hash).toMatch(/^\$argon2id\$/);
      for (const code of recoveryCodes) expect(code_hash).not.toContain(code.replace('-', ''));
    }
    const dump = JSON.stringify(await backend.database.db.selectFrom('audit_events').selectAll().where('actor_user_id', '=', user.id).execute());
    expect(dump).not.toContain(secret);
    for (const code of recoveryCodes) expect(dump).not.toContain(code);
  });

  it('does not let a challenge for the code set up another authenticator, nor a user with one start over', async () => {
    const { user, device } = await enrolledUser();
    const challenge = await codeChallenge(device.credential, user.login_id);
    const error = await failure(auth(device.credential, 'BeginSecondFactorSetup', { challengeToken: challenge }));
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.reason).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');
  });
});

describe('the code step', () => {
  it('accepts the right code, and refuses the same code again (no replay within its window)', async () => {
    const { user, device, secret } = await enrolledUser();
    const code = await codeFor(secret);
    const first = await auth(device.credential, 'VerifySecondFactor', { challengeToken: await codeChallenge(device.credential, user.login_id), code });
    expect(first.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.user.loginId).toBe(user.login_id);
    const replay = await timed(
      failure(auth(device.credential, 'VerifySecondFactor', { challengeToken: await codeChallenge(device.credential, user.login_id), code })),
    );
    expect(replay.result.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(replay.result.reason).toBe('SECOND_FACTOR_FAILED');
    expect(replay.result.message).toContain('確認コードが正しくないか、すでに使われたか');
    expect(replay.ms).toBeGreaterThanOrEqual(FAILURE_DELAY_MS);
    // An earlier step's code, though within the drift, is refused once a later one was accepted.
    const earlier = await failure(
      auth(device.credential, 'VerifySecondFactor', { challengeToken: await codeChallenge(device.credential, user.login_id), code: await codeFor(secret, -1) }),
    );
    expect(earlier.reason).toBe('SECOND_FACTOR_FAILED');
  });

  it('tolerates a clock one step behind or ahead, and refuses two steps behind and a wrong code', async () => {
    const { user, device, secret } = await enrolledUser();
    // The codes below are one step apart: the whole test must run inside one 30-second step, or
    // "one behind" becomes two (a CI run failed so at a step's end). Start at the next step's start.
    backend.clock.advance(STEP_MS - (backend.clock.now().getTime() % STEP_MS) + 50);
    const verify = async (code: string) =>
      auth(device.credential, 'VerifySecondFactor', { challengeToken: await codeChallenge(device.credential, user.login_id), code });
    expect((await failure(verify(await codeFor(secret, -2)))).reason).toBe('SECOND_FACTOR_FAILED');
    const wrongCode = String((Number(await codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');
    expect((await failure(verify(wrongCode))).reason).toBe('SECOND_FACTOR_FAILED');
    expect((await verify(await codeFor(secret, -1))).sessionToken).toBeTruthy();
    expect((await verify(await codeFor(secret, +1))).sessionToken).toBeTruthy();
    expect((await failure(verify(await codeFor(secret, +2)))).reason).toBe('SECOND_FACTOR_FAILED');
  });

  it('spends the challenge: it opens one session, only from the device that typed the password, and expires', async () => {
    const { user, device, secret } = await enrolledUser();
    const challengeToken = await codeChallenge(device.credential, user.login_id);
    const other = await requiring.approvedDevice();
    const elsewhere = await failure(auth(other.credential, 'VerifySecondFactor', { challengeToken, code: await codeFor(secret) }));
    expect(elsewhere.reason).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');
    await auth(device.credential, 'VerifySecondFactor', { challengeToken, code: await codeFor(secret) });
    const again = await failure(auth(device.credential, 'VerifySecondFactor', { challengeToken, code: await codeFor(secret, 1) }));
    expect(again.reason).toBe('SECOND_FACTOR_CHALLENGE_EXPIRED');

    const late = await codeChallenge(device.credential, user.login_id);
    backend.clock.advance(6 * 60_000);
    const expired = await failure(auth(device.credential, 'VerifySecondFactor', { challengeToken: late, code: await codeFor(secret) }));
    expect(expired.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(expired.message).toContain('もう一度ユーザーIDとパスワードからログインしてください');
  });

  it('says a secret the server key cannot open is for the office to reset, without counting it as a wrong code; recovery codes still work', async () => {
    const { user, device, secret, recoveryCodes } = await enrolledUser();
    const otherKey = SecondFactorKey.loadOrCreate(join(backend.dataDir, 'another-second-factor.key'));
    await backend.database.db
      .updateTable('second_factors')
      .set({ secret_ciphertext: otherKey.encrypt(user.id, Buffer.from(base32Decode(secret))) })
      .where('user_id', '=', user.id)
      .execute();
    const challengeToken = await codeChallenge(device.credential, user.login_id);
    const unreadable = await failure(auth(device.credential, 'VerifySecondFactor', { challengeToken, code: await codeFor(secret) }));
    expect(unreadable.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(unreadable.reason).toBe('SECOND_FACTOR_UNREADABLE');
    const row = await backend.database.db.selectFrom('users').select('failed_login_count').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.failed_login_count).toBe(0);
    expect((await auth(device.credential, 'VerifySecondFactor', { challengeToken, recoveryCode: recoveryCodes[0] })).sessionToken).toBeTruthy();
  });

  it('refuses a request with both or neither of a code and a recovery code, or a code that is not six digits', async () => {
    const { user, device } = await enrolledUser();
    const challengeToken = await codeChallenge(device.credential, user.login_id);
    for (const request of [{ challengeToken }, { challengeToken, code: '123456', recoveryCode: 'ABCDE-FGHJK' }, { challengeToken, code: '12345a' }]) {
      expect((await failure(auth(device.credential, 'VerifySecondFactor', request))).code).toBe(grpc.status.INVALID_ARGUMENT);
    }
  });

  it('counts wrong codes toward the password lockout, which typing the password again does not clear', async () => {
    const { user, device, secret } = await enrolledUser();
    const wrong = async () => {
      const challengeToken = await codeChallenge(device.credential, user.login_id);
      return failure(auth(device.credential, 'VerifySecondFactor', { challengeToken, code: await codeFor(secret, -5) }));
    };
    for (let i = 0; i < 4; i++) expect((await wrong()).reason).toBe('SECOND_FACTOR_FAILED');
    const locking = await wrong();
    expect(locking.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(locking.reason).toBe('ACCOUNT_LOCKED');
    // Locked: the right password is refused, as after wrong passwords.
    expect((await failure(login(device.credential, user.login_id))).reason).toBe('ACCOUNT_LOCKED');
    backend.clock.advance(16 * 60_000);
    const challengeToken = await codeChallenge(device.credential, user.login_id);
    expect((await auth(device.credential, 'VerifySecondFactor', { challengeToken, code: await codeFor(secret) })).sessionToken).toBeTruthy();
  });

  it('locks on wrong passwords and wrong codes together, and a locked user ID takes no right code', async () => {
    const { user, device, secret } = await enrolledUser();
    for (let i = 0; i < 2; i++) expect((await failure(login(device.credential, user.login_id, `wrong-${i}-password`))).reason).toBe('LOGIN_FAILED');
    const challengeToken = await codeChallenge(device.credential, user.login_id);
    for (let i = 0; i < 2; i++)
      expect((await failure(auth(device.credential, 'VerifySecondFactor', { challengeToken, code: '000000' }))).reason).not.toBe('ACCOUNT_LOCKED');
    expect((await failure(auth(device.credential, 'VerifySecondFactor', { challengeToken, code: '000001' }))).reason).toBe('ACCOUNT_LOCKED');
    expect((await failure(auth(device.credential, 'VerifySecondFactor', { challengeToken, code: await codeFor(secret) }))).reason).toBe('ACCOUNT_LOCKED');
    backend.clock.advance(16 * 60_000);
  });
});

describe('recovery codes', () => {
  it('let a user without their authenticator in, each code once', async () => {
    const { user, device, recoveryCodes } = await enrolledUser();
    const recover = async (recoveryCode: string) =>
      auth(device.credential, 'VerifySecondFactor', { challengeToken: await codeChallenge(device.credential, user.login_id), recoveryCode });
    // Typed in lower case and without the hyphen, as from a printed sheet.
    const used = await recover(recoveryCodes[3]!.toLowerCase().replace('-', ' '));
    expect(used.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await failure(recover(recoveryCodes[3]!));
    expect(again.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(again.reason).toBe('RECOVERY_CODE_FAILED');
    expect((await failure(recover('ABCDE-FGHJK'))).reason).toBe('RECOVERY_CODE_FAILED');
    expect((await recover(recoveryCodes[7]!)).sessionToken).toBeTruthy();
    const methods = await backend.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'detail'])
      .where('action', '=', 'auth.login')
      .where('actor_user_id', '=', user.id)
      .orderBy('seq')
      .execute();
    expect(methods.map((e) => `${e.outcome}:${JSON.parse(String(e.detail)).method}`)).toEqual([
      'ok:totp-setup',
      'ok:recovery-code',
      'denied:recovery-code',
      'denied:recovery-code',
      'ok:recovery-code',
    ]);
  });
});

describe('the policy', () => {
  it('is, where the office has set nothing, optional until FY2026 ends and required from 2027-04-01 in Japan (the guideline)', async () => {
    const facilityId = await region.office().facilityId;
    const regionRow = await backend.database.db.selectFrom('second_factor_policy').selectAll().where('facility_id', 'is', null).executeTakeFirstOrThrow();
    await backend.database.db.deleteFrom('second_factor_policy').where('id', '=', regionRow.id).execute();
    try {
      expect(await secondFactorRequired(backend.database, facilityId, new Date('2027-03-31T23:59:59+09:00'))).toBe(false);
      expect(await secondFactorRequired(backend.database, facilityId, new Date('2027-04-01T00:00:00+09:00'))).toBe(true);
      // The region's or the facility's own choice wins over the date.
      expect(await secondFactorRequired(backend.database, await requiring.facilityId, new Date('2026-12-01T00:00:00+09:00'))).toBe(true);
    } finally {
      await backend.database.db.insertInto('second_factor_policy').values(regionRow).execute();
    }
    expect(await secondFactorRequired(backend.database, facilityId, new Date('2027-04-01T00:00:00+09:00'))).toBe(false);
  });

  it('leaves users without an authenticator to log in with their password while the policy is optional, and asks a user who has one for the code anyway', async () => {
    const user = await region.user();
    const device = await region.approvedDevice();
    const response = await login(device.credential, user.login_id);
    expect(response.secondFactor).toBe('SECOND_FACTOR_STEP_UNSPECIFIED');
    expect(response.sessionToken).toBeTruthy();

    const { user: enrolled, device: enrolledDevice } = await enrolledUser();
    await setSecondFactorPolicy(backend.database, { facilityId: await requiring.facilityId, required: false }, 'test', backend.clock.now());
    try {
      expect((await login(enrolledDevice.credential, enrolled.login_id)).secondFactor).toBe('SECOND_FACTOR_STEP_CODE_REQUIRED');
      const fresh = await requiring.user();
      expect((await login(enrolledDevice.credential, fresh.login_id)).sessionToken).toBeTruthy();
    } finally {
      await setSecondFactorPolicy(backend.database, { facilityId: await requiring.facilityId, required: true }, 'test', backend.clock.now());
    }
  });
});

describe('renkei-admin', () => {
  const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
  const admin = (args: string[]) => run(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 60_000 });

  it('requires 2FA for a facility or the region, and resets a user who lost their authenticator, both audited', async () => {
    const office = region.office('FACILITY_KIND_CLINIC', `リセット診療所${Math.random()}`);
    const facilityId = await office.facilityId;
    const user = await office.user();
    const device = await office.approvedDevice();
    expect((await login(device.credential, user.login_id)).sessionToken).toBeTruthy();

    const required = await admin(['policy', '2fa', '--require', '--facility', facilityId]);
    expect(required.stdout).toContain('任意 → 必須');
    const first = await login(device.credential, user.login_id);
    expect(first.secondFactor).toBe('SECOND_FACTOR_STEP_SETUP_REQUIRED');
    const setup = await auth(device.credential, 'BeginSecondFactorSetup', { challengeToken: first.challengeToken });
    await auth(device.credential, 'ConfirmSecondFactorSetup', { challengeToken: first.challengeToken, code: await codeFor(setup.secretBase32) });
    const pending = await codeChallenge(device.credential, user.login_id);

    const reset = await admin(['user', '2fa-reset', user.login_id]);
    expect(reset.stdout).toContain('2段階認証をリセットしました');
    // The challenge issued before the reset is spent; the next login leads to a new setup.
    expect((await failure(auth(device.credential, 'VerifySecondFactor', { challengeToken: pending, code: await codeFor(setup.secretBase32, 1) }))).reason).toBe(
      'SECOND_FACTOR_CHALLENGE_EXPIRED',
    );
    expect((await login(device.credential, user.login_id)).secondFactor).toBe('SECOND_FACTOR_STEP_SETUP_REQUIRED');
    expect(await backend.database.db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.id).execute()).toEqual([]);

    // The region's policy reaches users of facilities without their own; a facility's own wins.
    const elsewhere = await region.user();
    const elsewhereDevice = await region.approvedDevice();
    await admin(['policy', '2fa', '--require']);
    try {
      expect((await login(elsewhereDevice.credential, elsewhere.login_id)).secondFactor).toBe('SECOND_FACTOR_STEP_SETUP_REQUIRED');
      await admin(['policy', '2fa', '--optional', '--facility', facilityId]);
      expect((await login(device.credential, user.login_id)).sessionToken).toBeTruthy();
    } finally {
      await admin(['policy', '2fa', '--optional']);
    }
    expect((await login(elsewhereDevice.credential, elsewhere.login_id)).sessionToken).toBeTruthy();

    const neither = await admin(['policy', '2fa']).catch((error: { code: number; stderr: string }) => error);
    expect(neither).toMatchObject({ code: 1 });
    expect((neither as { stderr: string }).stderr).toContain('--require か --optional');

    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_label', 'detail'])
      .where('action', 'in', ['policy.second-factor', 'user.second-factor.reset'])
      .where('actor_label', 'like', 'admin:%')
      .execute();
    expect(events.map((e) => [e.action, JSON.parse(String(e.detail))])).toEqual([
      ['policy.second-factor', { facilityId, required: true, before: false }],
      ['user.second-factor.reset', { userId: user.id, loginId: user.login_id, hadSecondFactor: true }],
      ['policy.second-factor', { facilityId: null, required: true, before: false }],
      ['policy.second-factor', { facilityId, required: false, before: true }],
      ['policy.second-factor', { facilityId: null, required: false, before: true }],
    ]);
  }, 120_000);
});

function base32Decode(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  return Uint8Array.from(bits.match(/.{8}/g) ?? [], (byte) => parseInt(byte, 2));
}
