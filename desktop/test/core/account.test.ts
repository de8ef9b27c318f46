// The user's own account through the desktop core, against a real backend (TLS, SQLite or
// PostgreSQL), the real OS keychain and real caches: a password change the office asked for holds the
// session (nothing synced) until it is done, and the offline unlock then follows the new password.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, requirePasswordChange, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { RenkeiCore } from '../../src/core/renkei-core';
import { osKeychain } from '../../src/core/keychain/keychain';
import { DesktopApiError } from '../../src/shared/desktop-api-error';
import type { SessionView } from '../../src/shared/desktop-api';

const NEW_PASSWORD = 'houmon-kango-2026!';
let backend: TestBackend;
let region: TestRegion;
let core: RenkeiCore;
const dataDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-'));
const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
});
afterAll(async () => {
  await core?.stop();
  await backend?.stop();
  rmSync(dataDir, { recursive: true, force: true });
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

describe('the account from the desktop core', () => {
  it('holds a session the office asked a new password of until it is changed; the offline unlock then takes the new password only', async () => {
    const user = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
    const patient = (await region.patient()).id;
    await region.join(patient, user.id);
    core = await RenkeiCore.start({ dataDir, tunnel: null, keychain, syncIntervalMs: 3_600_000, offlineRetryMs: 100 });
    const enrolled = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '訪問看護PC' });
    await approveDevice(backend.database, (enrolled.device as { deviceId: string }).deviceId, 'test', backend.clock.now());
    await core.refreshDevice();
    await requirePasswordChange(backend.database, user, 'admin:test', backend.clock.now());

    const session = (await core.login({ loginId: user.login_id, password: TEST_PASSWORD })) as SessionView;
    expect(session).toMatchObject({ passwordChangeRequired: true, passwordRule: { minLength: 13, mixedRequired: true } });
    // Nothing began: the server refuses everything but the change.
    expect((await core.searchPatients('')).patients).toEqual([]);
    expect(await reason(core.getPatientOverview(patient))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await core.getAccountSecurity()).passwordChangeRequired).toBe(true);
    expect(await reason(core.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'short' }))).toBe('INVALID_REQUEST');

    const changed = await core.changePassword({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.passwordChangeRequired).toBe(false);
    await core.syncNow();
    expect((await core.searchPatients('')).patients.map((p) => p.id)).toEqual([patient]);

    // Offline, after a restart: the verifier follows the new password.
    await backend.server.stop();
    await core.stop();
    core = await RenkeiCore.start({ dataDir, tunnel: null, keychain, syncIntervalMs: 3_600_000, offlineRetryMs: 100 });
    await core.logout();
    expect(await reason(core.login({ loginId: user.login_id, password: TEST_PASSWORD }))).toBe('OFFLINE_LOGIN_FAILED');
    const offline = (await core.login({ loginId: user.login_id, password: NEW_PASSWORD })) as SessionView;
    expect(offline.offline).toBe(true);
    expect(await reason(core.getAccountSecurity())).toBe('ACCOUNT_OFFLINE');
    // Ended before the server returns, so the session does not go online while the test cleans up.
    await core.logout();
    await backend.startAgain();
  });
});
