import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../src/devices/devices';
import { disableUser } from '../src/users/users';
import { call, closeClients, failure } from './support/api-client';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

const FAILURE_DELAY_MS = 300;
let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend({ loginFailureDelayMs: FAILURE_DELAY_MS });
  region = new TestRegion(backend);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

function login(device: string, loginId: string, password: string) {
  return call(region.clinical, 'AuthService', 'Login', { loginId, password }, { device });
}

async function timed<T>(promise: Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await promise;
  return { ms: performance.now() - started, result };
}

describe('login', () => {
  it('issues a session on an approved device and knows who is logged in', async () => {
    const user = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
    const device = await region.approvedDevice();
    const response = await login(device.credential, user.login_id.toUpperCase(), TEST_PASSWORD);
    expect(response.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Number(response.expiresAt.seconds) * 1000).toBeGreaterThan(Date.now());
    const me = await call(region.clinical, 'AuthService', 'GetCurrentUser', {}, { device: device.credential, session: response.sessionToken });
    expect(me.loginId).toBe(user.login_id);
    expect(me.name.family).toBe('甲斐');
    expect(me.profession).toBe('PROFESSION_NURSE');
  });

  it('answers a wrong password and an unknown user ID alike, after the delay', async () => {
    const user = await region.user();
    const device = await region.approvedDevice();
    const wrong = await timed(failure(login(device.credential, user.login_id, 'wrong-password-1')));
    const unknown = await timed(failure(login(device.credential, 'nobody.here', 'wrong-password-1')));
    for (const { ms, result } of [wrong, unknown]) {
      expect(result.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(result.reason).toBe('LOGIN_FAILED');
      expect(result.message).toContain('ユーザーIDまたはパスワードが正しくありません');
      expect(ms).toBeGreaterThanOrEqual(FAILURE_DELAY_MS);
    }
  });

  it('locks the user ID after five failures in a row, even against the right password, until the lock ends', async () => {
    const user = await region.user();
    const device = await region.approvedDevice();
    for (let i = 0; i < 4; i++) expect((await failure(login(device.credential, user.login_id, `wrong-${i}-password`))).reason).toBe('LOGIN_FAILED');
    const locking = await failure(login(device.credential, user.login_id, 'wrong-4-password'));
    expect(locking.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(locking.reason).toBe('ACCOUNT_LOCKED');
    expect(locking.metadata.lockedUntil).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const whileLocked = await failure(login(device.credential, user.login_id, TEST_PASSWORD));
    expect(whileLocked.reason).toBe('ACCOUNT_LOCKED');

    backend.clock.advance(16 * 60_000);
    try {
      expect((await login(device.credential, user.login_id, TEST_PASSWORD)).sessionToken).toBeTruthy();
    } finally {
      backend.clock.advance(-16 * 60_000);
    }
  });

  it('verifies no more passwords than the lockout allows when they come all at once, and lets a right one in the burst wait out the lock', async () => {
    const user = await region.user();
    const device = await region.approvedDevice();
    const burst = Array.from({ length: 20 }, (_, i) => failure(login(device.credential, user.login_id, `wrong-${i}-password`)));
    // The right password goes out while the burst is still being answered (each failure waits out
    // the delay), once the attempts that lock the user ID are under way.
    for (let waited = 0; waited < 10_000; waited += 20) {
      const row = await backend.database.db.selectFrom('users').select('failed_login_count').where('id', '=', user.id).executeTakeFirstOrThrow();
      if (row.failed_login_count >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const rightPassword = failure(login(device.credential, user.login_id, TEST_PASSWORD));
    const refusals = await Promise.all(burst);
    const rightRefused = await rightPassword;

    const events = await backend.database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'auth.login')
      .where('actor_user_id', '=', user.id)
      .execute();
    const reasons = events.map((e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail).reason as string);
    const verified = reasons.filter((r) => r.startsWith('wrong-password'));
    expect(verified).toHaveLength(5);
    expect(refusals.filter((r) => r.reason === 'LOGIN_FAILED')).toHaveLength(4);
    expect(refusals.filter((r) => r.reason === 'ACCOUNT_LOCKED')).toHaveLength(16);
    expect(rightRefused.reason).toBe('ACCOUNT_LOCKED');
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(16);

    backend.clock.advance(16 * 60_000);
    try {
      expect((await login(device.credential, user.login_id, TEST_PASSWORD)).sessionToken).toBeTruthy();
    } finally {
      backend.clock.advance(-16 * 60_000);
    }
  });

  it('resets the failure count on success', async () => {
    const user = await region.user();
    const device = await region.approvedDevice();
    for (let i = 0; i < 4; i++) await failure(login(device.credential, user.login_id, `wrong-${i}-password`));
    await login(device.credential, user.login_id, TEST_PASSWORD);
    for (let i = 0; i < 4; i++) expect((await failure(login(device.credential, user.login_id, `wrong-${i}-password`))).reason).toBe('LOGIN_FAILED');
  });

  it('refuses login from a device that is pending, revoked or unknown', async () => {
    const user = await region.user();
    const pending = await region.enrolledDevice();
    expect((await failure(login(pending.credential, user.login_id, TEST_PASSWORD))).reason).toBe('DEVICE_PENDING');
    const revoked = await region.approvedDevice();
    await revokeDevice(backend.database, revoked.id, 'test', backend.clock.now());
    const error = await failure(login(revoked.credential, user.login_id, TEST_PASSWORD));
    expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(error.reason).toBe('DEVICE_REVOKED');
    expect((await failure(login('nonsense', user.login_id, TEST_PASSWORD))).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('refuses empty fields with the field named', async () => {
    const device = await region.approvedDevice();
    const error = await failure(login(device.credential, '', ''));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.fieldViolations.map((v) => v.field).sort()).toEqual(['loginId', 'password']);
  });

  it('records successes and failures in the audit log without the password', async () => {
    const user = await region.user();
    const device = await region.approvedDevice();
    await failure(login(device.credential, user.login_id, 'a-wrong-password-9'));
    await login(device.credential, user.login_id, TEST_PASSWORD);
    const events = await backend.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('actor_user_id', '=', user.id)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.outcome)).toEqual(['denied', 'ok']);
    expect(events[0]!.actor_device_id).toBe(device.id);
    expect(JSON.stringify(events)).not.toContain('a-wrong-password-9');
    expect(JSON.stringify(events)).not.toContain(TEST_PASSWORD);
  });
});

describe('sessions', () => {
  it('are valid only from the device they were issued to', async () => {
    const user = await region.user();
    const { session } = await region.session(user.login_id);
    const otherDevice = await region.approvedDevice();
    const error = await failure(call(region.clinical, 'AuthService', 'GetCurrentUser', {}, { device: otherDevice.credential, session }));
    expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(error.reason).toBe('SESSION_REQUIRED');
  });

  it('end at logout, at expiry, when the device is revoked and when the user is disabled', async () => {
    const me = (creds: { device: string; session: string }) => call(region.clinical, 'AuthService', 'GetCurrentUser', {}, creds);

    const a = await region.session((await region.user()).login_id);
    await call(region.clinical, 'AuthService', 'Logout', {}, a);
    expect((await failure(me(a))).reason).toBe('SESSION_REQUIRED');

    const b = await region.session((await region.user()).login_id);
    backend.clock.advance(13 * 3_600_000);
    try {
      expect((await failure(me(b))).reason).toBe('SESSION_EXPIRED');
    } finally {
      backend.clock.advance(-13 * 3_600_000);
    }

    const device = await region.approvedDevice();
    const c = await region.session((await region.user()).login_id, device);
    await revokeDevice(backend.database, device.id, 'test', backend.clock.now());
    expect((await failure(me(c))).reason).toBe('DEVICE_REVOKED');

    const user = await region.user();
    const d = await region.session(user.login_id);
    await disableUser(backend.database, user.id, backend.clock.now());
    expect((await failure(me(d))).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('is required for clinical calls', async () => {
    const device = await region.approvedDevice();
    for (const session of [undefined, 'x'.repeat(43)]) {
      const error = await failure(call(region.clinical, 'PatientService', 'ListPatients', {}, { device: device.credential, session }));
      expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(error.reason).toBe('SESSION_REQUIRED');
      expect(error.message).toContain('ログインしてください');
    }
  });
});

describe('failed logins from one place across many user IDs', () => {
  const LIMIT = 6;
  let sprayed: TestBackend;
  let sprayRegion: TestRegion;
  beforeAll(async () => {
    sprayed = await startTestBackend({ sourceFailureLimit: LIMIT });
    sprayRegion = new TestRegion(sprayed);
  });
  afterAll(async () => {
    await sprayed?.stop();
  });

  it('pause logins from that device and address, the right password included, and say so', async () => {
    const device = await sprayRegion.approvedDevice();
    const users = await Promise.all(Array.from({ length: LIMIT + 1 }, () => sprayRegion.user()));
    const sprayLogin = (credential: string, loginId: string, password: string) =>
      call(sprayRegion.clinical, 'AuthService', 'Login', { loginId, password }, { device: credential });
    // One common password tried on every user ID: each ID fails once, far below its own lockout.
    const answers = await Promise.all(users.map((u) => failure(sprayLogin(device.credential, u.login_id, 'Password123'))));
    expect(answers.filter((a) => a.reason === 'LOGIN_FAILED')).toHaveLength(LIMIT);
    const paused = answers.find((a) => a.reason === 'TOO_MANY_LOGIN_ATTEMPTS');
    expect(paused?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(paused?.message).toContain('この端末からのログインの失敗が続いた');

    const fresh = await sprayRegion.user();
    expect((await failure(sprayLogin(device.credential, fresh.login_id, TEST_PASSWORD))).reason).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    // Another device at the same address (all test devices call from 127.0.0.1) is paused with it.
    const neighbour = await sprayRegion.approvedDevice();
    expect((await failure(sprayLogin(neighbour.credential, fresh.login_id, TEST_PASSWORD))).reason).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    const audited = await sprayed.database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'auth.login')
      .where('outcome', '=', 'denied')
      .execute();
    expect(audited.map((e) => JSON.stringify(e.detail)).filter((d) => d.includes('too-many-failures-from-source')).length).toBeGreaterThanOrEqual(3);
  });
});
