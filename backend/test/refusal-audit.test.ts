// Refused calls reach the access log: who was refused (address, the device id claimed), at which
// method and why, and never the secret or token that was refused. A flood of the same refusal is one
// event and a count, so the log cannot be flooded and the flood is still seen.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../src/devices/devices';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend({ enrollmentFailureLimit: 5 });
  region = new TestRegion(backend);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

const me = (credentials: Credentials) => call(region.clinical, 'AuthService', 'GetCurrentUser', {}, credentials);
const enroll = (enrollmentCode: string) =>
  call(region.enrollment, 'EnrollmentService', 'Enroll', { enrollmentCode, wireguardPublicKey: 'x', deviceName: '受付PC', hostname: '', platform: '' });

async function refusalEvents(since: number) {
  const rows = await backend.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '>', since)
    .where('action', 'like', 'rpc.refused%')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    outcome: r.outcome,
    actor: r.actor_label,
    raw: r.detail,
    ...(typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail),
  }));
}
const lastSeq = async () =>
  Number(
    (
      await backend.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst()
    )?.seq ?? 0,
  );

describe('refused calls in the access log', () => {
  it('records each kind of refused caller, with the method, the address and the device claimed, and no secret', async () => {
    const user = await region.user();
    const mine = await region.session(user.login_id);
    const otherDevice = await region.approvedDevice();
    const revoked = await region.approvedDevice();
    await revokeDevice(backend.database, revoked.id, 'test', backend.clock.now());
    const [deviceId, secret] = otherDevice.credential.split('.') as [string, string];
    const since = await lastSeq();

    const answers = [
      await failure(me({ device: otherDevice.credential })),
      await failure(me({ device: otherDevice.credential, session: 'forged-session-token-abcdefghijklmnopqrstuvwxyz0' })),
      await failure(me({ device: otherDevice.credential, session: mine.session })),
      await failure(me({ device: `${deviceId}.wrong-secret-0123456789`, session: mine.session })),
      await failure(me({ device: revoked.credential })),
    ];
    expect(answers.map((a) => a.reason)).toEqual(['SESSION_REQUIRED', 'SESSION_REQUIRED', 'SESSION_REQUIRED', 'DEVICE_UNKNOWN', 'DEVICE_REVOKED']);
    const events = await refusalEvents(since);
    // Three SESSION_REQUIRED from one address at one method are one event and a count (below).
    expect(events.map((e) => e.reason)).toEqual(['SESSION_REQUIRED', 'DEVICE_UNKNOWN', 'DEVICE_REVOKED']);
    for (const event of events) {
      expect(event).toMatchObject({
        action: 'rpc.refused',
        outcome: 'denied',
        rpc: '/renkei.v1.AuthService/GetCurrentUser',
        address: '127.0.0.1',
        actor: 'peer:127.0.0.1',
      });
      for (const secretText of [secret, mine.session, 'forged-session-token', 'wrong-secret']) expect(event.raw).not.toContain(secretText);
    }
    expect(events[0]!.claimedDeviceId).toBe(deviceId);
    expect(events[2]!.claimedDeviceId).toBe(revoked.id);
  });

  it('counts a flood of the same refusal in one event when its window ends', async () => {
    const device = await region.approvedDevice();
    const since = await lastSeq();
    const flood = await Promise.all(Array.from({ length: 200 }, () => failure(me({ device: device.credential, session: 'x'.repeat(43) }))));
    expect(flood.every((a) => a.reason === 'SESSION_REQUIRED')).toBe(true);
    // The window of the test before may still be open for this kind: close everything first.
    backend.clock.advance(61_000);
    try {
      await failure(me({ device: device.credential }));
      const events = await refusalEvents(since);
      const repeated = events.filter((e) => e.action === 'rpc.refused.repeated');
      expect(events.length).toBeLessThanOrEqual(4);
      expect(repeated.reduce((n, e) => n + (e.repeats as number), 0)).toBeGreaterThanOrEqual(199);
      expect(events.at(-1)).toMatchObject({ action: 'rpc.refused', reason: 'SESSION_REQUIRED' });
    } finally {
      backend.clock.advance(-61_000);
    }
  });

  it('records guessed enrollment codes, and stops answering guesses from one address', async () => {
    const since = await lastSeq();
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await failure(enroll(`${randomUUID()}`)));
    expect(guesses.every((g) => g.reason === 'ENROLLMENT_CODE_MALFORMED')).toBe(true);
    const paused = await failure(enroll(await region.code()));
    expect(paused.reason).toBe('ENROLLMENT_TOO_MANY_ATTEMPTS');
    expect(paused.message).toContain('15分ほど');
    const events = await refusalEvents(since);
    expect(events.map((e) => e.reason)).toEqual(['ENROLLMENT_CODE_MALFORMED', 'ENROLLMENT_TOO_MANY_ATTEMPTS']);
    expect(events[0]!.rpc).toBe('/renkei.v1.EnrollmentService/Enroll');
  });
});
