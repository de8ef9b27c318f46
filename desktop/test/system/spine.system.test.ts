// The spine, end to end, on real parts: a "cloud" network namespace running the backend (with its
// WireGuard interface) and a "clinic" namespace running the privileged tunnel service and the
// desktop core, joined by a veth pair. Enroll → approve → tunnel up → login → sync → read; the
// clinical API is unreachable off the tunnel and for unenrolled or revoked devices; a user who
// leaves a team loses the patient from the cache; with the tunnel down the cache still reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { namespaceTestsUnavailable, type TestNetwork } from '@renkei/wireguard/testing';
import { publicKeyOf } from '@renkei/wireguard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FACILITY, startDemoRegion, type DemoRegion } from '../../region/demo-region';
import type { RemoteDesktopApi } from '../../region/remote-desktop-api';
import type { AppStatus } from '../../src/shared/desktop-api';
import { DesktopApiError } from '../../src/shared/desktop-api-error';
import { until } from './support/until';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the system test: ${unavailable}`);

const repo = new URL('../../../', import.meta.url).pathname;
const DEMO_PASSWORD = 'system-test-password-1';

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DesktopApiError) return error.detail.reason;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.skipIf(unavailable)('the spine across two network namespaces', { timeout: 180_000 }, () => {
  let region: DemoRegion;
  let net: TestNetwork;
  let dataDir: string;
  let clinic: RemoteDesktopApi;
  let cloudInterface: string;
  let doctorPatients: string[];
  const logs: string[] = [];
  const admin = (args: string[]) => region.admin(args);

  beforeAll(async () => {
    region = await startDemoRegion({ network: 'namespaces', password: DEMO_PASSWORD, loginFailureDelayMs: 200, log: (line) => logs.push(line) });
    ({ clinic, dataDir } = region);
    net = region.net!;
    cloudInterface = region.cloudInterface!;
    const db = new Database(join(dataDir, 'renkei.sqlite'), { readonly: true });
    doctorPatients = (
      db
        .prepare("select m.patient_id from care_team_memberships m join users u on u.id = m.user_id where u.login_id = 'dr.kuroki' and m.left_at is null")
        .all() as { patient_id: string }[]
    ).map((r) => r.patient_id);
    db.close();
  });

  afterAll(async () => {
    await region?.stop();
    if (process.env.RENKEI_SYSTEM_LOGS) console.log(logs.join('\n'));
  });

  it('enrolls the clinic PC over the veth link with the one-time code, pending approval', async () => {
    const status: AppStatus = await clinic.enroll({
      serverAddress: region.serverAddress,
      enrollmentCode: await region.inviteCode(),
      deviceName: '本院 診察室PC',
    });
    expect(status.device).toMatchObject({ state: 'pending', facilityName: DEMO_FACILITY });
    expect(status.tunnel.phase).toBe('unconfigured');
    expect(await refusal(clinic.call('login', { loginId: 'dr.kuroki', password: DEMO_PASSWORD }))).toBe('NOT_APPROVED');
  });

  it('after approval brings the tunnel up and reaches the clinical API only through it', async () => {
    const devices = JSON.parse(await admin(['device', 'list', '--json']));
    await admin(['device', 'approve', devices[0].id]);
    const approved: AppStatus = await clinic.call('refreshDevice');
    expect(approved.device).toMatchObject({ state: 'approved', tunnelRequired: true });
    const up = await until(
      'the tunnel to come up',
      () => clinic.call<AppStatus>('getStatus'),
      (s) => s.tunnel.phase === 'up',
    );
    expect(up.tunnel.lastHandshakeAt).not.toBeNull();
    const peers = await net.runIn(net.cloud, 'wg', ['show', cloudInterface, 'allowed-ips']);
    expect(peers).toContain(`${devices[0].tunnel_address}/32`);
  });

  it("logs in over the tunnel, syncs the doctor's patients and reads an overview from the server", async () => {
    expect(await refusal(clinic.call('login', { loginId: 'dr.kuroki', password: 'wrong-password-1' }))).toBe('LOGIN_FAILED');
    const session = await clinic.call('login', { loginId: 'dr.kuroki', password: DEMO_PASSWORD });
    expect(session).toMatchObject({ offline: false, user: { loginId: 'dr.kuroki', facilityName: 'みやざき在宅クリニック' } });
    const sync = await clinic.call('syncNow');
    expect(sync.state).toBe('idle');
    const all = await clinic.call('searchPatients', '');
    expect(all.patients.map((p: { id: string }) => p.id).sort()).toEqual([...doctorPatients].sort());
    const first = all.patients[0];
    const byKana = await clinic.call(
      'searchPatients',
      first.name.familyKana.normalize('NFKC').replace(/[ァ-ヶ]/g, (c: string) => String.fromCharCode(c.charCodeAt(0) - 0x60)),
    );
    expect(byKana.patients.map((p: { id: string }) => p.id)).toContain(first.id);
    const overview = await clinic.call('getPatientOverview', first.id);
    expect(overview).toMatchObject({ source: 'server', patient: { id: first.id } });
    expect(overview.careTeam.length).toBeGreaterThanOrEqual(5);
    expect(await clinic.call('keychainAccounts')).toEqual(
      expect.arrayContaining(['session', expect.stringMatching(/^device:/), expect.stringMatching(/^cache-key:/)]),
    );
  });

  it('drops a patient from the cache when the doctor leaves that care team', async () => {
    const leaving = doctorPatients[0]!;
    await admin(['team', 'remove', leaving, 'dr.kuroki']);
    await clinic.call('syncNow');
    const ids = (await clinic.call('searchPatients', '')).patients.map((p: { id: string }) => p.id);
    expect(ids).not.toContain(leaving);
    expect(ids).toHaveLength(doctorPatients.length - 1);
    expect(await refusal(clinic.call('getPatientOverview', leaving))).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });

  it('with the tunnel down, still reads from the cache and says as of when', async () => {
    const before: AppStatus = await clinic.call('getStatus');
    await clinic.call('disconnectTunnel');
    const reading = doctorPatients[1]!;
    const overview = await clinic.call('getPatientOverview', reading);
    expect(overview.source).toBe('cache');
    expect(overview.asOf).toBe(before.sync.lastSyncedAt);
    const status: AppStatus = await clinic.call('getStatus');
    expect(status.online).toBe(false);
    expect(status.tunnel.phase).toBe('down');
    expect((await clinic.call('searchPatients', '')).patients.length).toBe(doctorPatients.length - 1);
  });

  it('does not serve the clinical API over the veth link, even to an enrolled device', async () => {
    // Nothing listens on the cloud's veth address...
    const direct = await clinic.call('probeClinical', `${net.cloudAddress}:7444`);
    expect(direct).toMatchObject({ ok: false, unreachable: true });
    // ...and packets for the tunnel address routed over the veth link are dropped by the server's
    // nftables table before they reach it (tunnel-only.system.test.ts tries this with a spoofed source too).
    await net.runIn(net.clinic, 'ip', ['route', 'add', net.tunnelSubnet, 'via', net.cloudAddress]);
    try {
      const routed = await clinic.call('probeClinical', `${net.tunnelAddress(1)}:7444`);
      expect(routed).toMatchObject({ ok: false, unreachable: true });
      expect(routed.reason).toBeUndefined();
    } finally {
      await net.runIn(net.clinic, 'ip', ['route', 'del', net.tunnelSubnet, 'via', net.cloudAddress]);
    }
  });

  it('gives a WireGuard peer that was never enrolled no handshake and no connection', async () => {
    const cloudKey = publicKeyOf(readFileSync(join(dataDir, 'secrets', 'wireguard.key'), 'utf8').trim());
    const out = await net.runIn(net.clinic, process.execPath, [
      '--import',
      'tsx',
      join(repo, 'desktop/test/system/support/unenrolled-peer-probe.ts'),
      `rku${net.tag}`,
      cloudKey,
      `${net.cloudAddress}:51820`,
      net.tunnelAddress(1),
      '7444',
      net.tunnelAddress(254),
    ]);
    expect(JSON.parse(out)).toEqual({ connected: false, handshake: null });
  });

  it('when the device is revoked, loses its tunnel and deletes its cached patients', async () => {
    await clinic.call('connectTunnel');
    await until(
      'the tunnel to come back',
      () => clinic.call<AppStatus>('getStatus'),
      (s) => s.tunnel.phase === 'up',
    );
    expect(await clinic.call('syncNow')).toMatchObject({ state: 'idle', error: null });

    const devices = JSON.parse(await admin(['device', 'list', '--json']));
    await admin(['device', 'revoke', devices[0].id]);
    await until(
      'the cloud to remove the peer',
      () => net.runIn(net.cloud, 'wg', ['show', cloudInterface, 'peers']),
      (peers) => peers.trim() === '',
      15_000,
    );
    expect((await clinic.call('probeClinical', `${net.tunnelAddress(1)}:7444`)).ok).toBe(false);

    // The server's health check (every 2 s) or the next sync cannot reach the server; the PC asks the
    // enrollment listener and learns why. The health check may have been first: then the session
    // is gone already and the sync is refused for it.
    await clinic.call('syncNow').catch((error: unknown) => {
      if (!(error instanceof DesktopApiError && error.detail.reason === 'NOT_LOGGED_IN')) throw error;
    });
    const status = await until(
      'the PC to learn it was revoked',
      () => clinic.call<AppStatus>('getStatus'),
      (s) => s.device.state === 'revoked',
      30_000,
    );
    expect(status.session).toBeNull();
    expect(status.tunnel.phase).toBe('unconfigured');
    expect(await refusal(clinic.call('searchPatients', ''))).toBe('NOT_LOGGED_IN');
    expect(await clinic.call('keychainAccounts')).toEqual([]);
  });
});
