// A line that goes silent under a working tunnel (issue 12, defect 2), on real parts: the backend
// in its "cloud" namespace, the clinic PC's tunnel service and core in theirs, and the clinic's line
// to the cloud (its veth link) pulled like a cable. WireGuard says nothing (its interface
// stays up, its last handshake stays recent for two minutes): the core notices by the server's
// health check, reads the cache without waiting for a deadline, lets a user sign in offline at once,
// and goes online by itself when the line is back. The times it took are printed (the numbers in
// the issue: ~35–60 s to notice, ~20 s to sign in offline, 5.1 s for the first cached overview),
// not asserted: the machine is shared.
import { performance } from 'node:perf_hooks';
import { namespaceTestsUnavailable, type TestNetwork } from '@renkei/wireguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import type { RemoteDesktopApi } from '../../region/remote-desktop-api';
import type { AppStatus, SessionView } from '../../src/shared/desktop-api';
import { until } from './support/until';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the system test: ${unavailable}`);

const DEMO_PASSWORD = 'system-test-password-1';

/** How long `condition` took to hold, asking every 50 ms (60 s at most). */
async function msUntil(what: string, condition: (status: AppStatus) => boolean, clinic: RemoteDesktopApi): Promise<number> {
  const started = performance.now();
  await until(what, () => clinic.getStatus(), condition, 60_000);
  return Math.round(performance.now() - started);
}

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: Math.round(performance.now() - started) };
}

describe.skipIf(unavailable)('a server that falls silent while the tunnel looks up', { timeout: 240_000 }, () => {
  let region: DemoRegion;
  let net: TestNetwork;
  let clinic: RemoteDesktopApi;
  let patientId: string;
  const measured: string[] = [];
  /** The clinic's line to the cloud goes down or comes back; the routes of the veth link go and come with it. */
  const line = async (state: 'up' | 'down') => {
    await net.runIn(net.clinic, 'ip', ['link', 'set', `rkv${net.tag}k`, state]);
    if (state === 'up') await net.runIn(net.clinic, 'ip', ['address', 'replace', `${net.clinicAddress}/30`, 'dev', `rkv${net.tag}k`]);
  };

  beforeAll(async () => {
    region = await startDemoRegion({ network: 'namespaces', password: DEMO_PASSWORD, loginFailureDelayMs: 200 });
    ({ clinic } = region);
    net = region.net!;
    await clinic.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '訪問看護 事務PC' });
    await region.approvePending();
    await clinic.refreshDevice();
    await until(
      'the tunnel and the server to answer',
      () => clinic.getStatus(),
      (s) => s.tunnel.phase === 'up' && s.online,
    );
    await clinic.login({ loginId: 'dr.kuroki', password: DEMO_PASSWORD });
    await clinic.syncNow();
    patientId = (await clinic.searchPatients('')).patients[0]!.id;
    expect((await clinic.getPatientOverview(patientId)).source).toBe('server');
  });

  afterAll(async () => {
    if (measured.length > 0) console.log(`silent server, measured on this machine:\n  ${measured.join('\n  ')}`);
    await region?.stop();
  });

  it('notices within seconds that the server is silent, though the tunnel still looks up', async () => {
    await line('down');
    const ms = await msUntil('the core to notice the silent server', (s) => !s.online, clinic);
    measured.push(`noticed offline after the line went silent: ${ms} ms (probe every 2 s, deadline 2 s)`);
    const status = await clinic.getStatus();
    // WireGuard has not noticed anything: the handshake is recent and the phase is up.
    expect(status.tunnel.phase).toBe('up');
    expect(status.session?.offline).toBe(false);
  });

  it('reads the overview from the cache at once instead of waiting for its deadline', async () => {
    const read = await timed(() => clinic.getPatientOverview(patientId));
    expect(read.value.source).toBe('cache');
    measured.push(`first overview while silent (from the cache): ${read.ms} ms`);
  });

  it('signs a user in offline at once', async () => {
    await clinic.logout();
    const login = await timed(async () => (await clinic.login({ loginId: 'dr.kuroki', password: DEMO_PASSWORD })) as SessionView);
    expect(login.value.offline).toBe(true);
    measured.push(`offline sign-in while silent: ${login.ms} ms`);
    const read = await timed(() => clinic.getPatientOverview(patientId));
    expect(read.value.source).toBe('cache');
    measured.push(`first overview of the offline session: ${read.ms} ms`);
  });

  it('goes online by itself once the line is back', async () => {
    await line('up');
    const ms = await msUntil('the session to go online', (s) => s.online && s.session?.offline === false, clinic);
    measured.push(`online again (logged in by itself) after the line came back: ${ms} ms`);
    expect((await clinic.getPatientOverview(patientId)).source).toBe('server');
  });
});
