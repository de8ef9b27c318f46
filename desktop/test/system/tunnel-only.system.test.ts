// The clinical port answers through the tunnel and nowhere else (issue 10, item 4). The backend runs
// in the "cloud" namespace with its WireGuard interface, the clinic PC in the "clinic" namespace;
// the clinic also sends packets for the server's tunnel address over the plain veth link, once
// with its own veth address as the source and once with the device's tunnel address (the spoof
// whose replies come back through WireGuard, with which a login used to succeed). The server's
// nftables table drops both, and its counter shows that it was this rule that dropped them.
import { join } from 'node:path';
import { namespaceTestsUnavailable, type TestNetwork } from '@renkei/wireguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import type { RemoteDesktopApi } from '../../region/remote-desktop-api';
import type { AppStatus } from '../../src/shared/desktop-api';
import { until } from './support/until';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the system test: ${unavailable}`);

const repo = new URL('../../../', import.meta.url).pathname;
const DEMO_PASSWORD = 'system-test-password-1';
const CLINICAL_PORT = '7444';
// Long enough for a SYN-ACK across two namespaces on one machine many times over; a dropped SYN
// never gets one, however long the wait.
const CONNECT_TIMEOUT_MS = '3000';

describe.skipIf(unavailable)('the clinical port off the tunnel', { timeout: 180_000 }, () => {
  let region: DemoRegion;
  let net: TestNetwork;
  let clinic: RemoteDesktopApi;
  let serverAddress: string;
  let deviceAddress: string;
  // The server's table is named after its interface (rkc<tag>, hex only: nothing to spell out).
  let table: string;
  const logs: string[] = [];

  const connectFromClinic = async (): Promise<string> => {
    const out = await net.runIn(net.clinic, process.execPath, [
      '--import',
      'tsx',
      join(repo, 'desktop/test/system/support/tcp-connect-probe.ts'),
      serverAddress,
      CLINICAL_PORT,
      CONNECT_TIMEOUT_MS,
    ]);
    return (JSON.parse(out) as { outcome: string }).outcome;
  };
  const tableInCloud = async (): Promise<string | null> => net.runIn(net.cloud, 'nft', ['list', 'table', 'inet', table]).catch(() => null);
  const droppedPackets = async (): Promise<number> => {
    const listed = JSON.parse(await net.runIn(net.cloud, 'nft', ['-j', 'list', 'table', 'inet', table])) as { nftables: Record<string, any>[] };
    const rule = listed.nftables.find((item) => item.rule)!.rule as { expr: Record<string, any>[] };
    return rule.expr.find((e) => e.counter)!.counter.packets as number;
  };
  /** Runs `body` with the clinic's route to the server's tunnel address pointing over the veth link instead of into the tunnel. */
  const overTheVeth = async <T>(source: string | undefined, body: () => Promise<T>): Promise<T> => {
    await net.runIn(net.clinic, 'ip', ['route', 'replace', `${serverAddress}/32`, 'via', net.cloudAddress, ...(source ? ['src', source] : [])]);
    try {
      return await body();
    } finally {
      await net.runIn(net.clinic, 'ip', ['route', 'replace', `${serverAddress}/32`, 'dev', `rkk${net.tag}`]);
    }
  };

  beforeAll(async () => {
    region = await startDemoRegion({ network: 'namespaces', password: DEMO_PASSWORD, loginFailureDelayMs: 200, log: (line) => logs.push(line) });
    clinic = region.clinic;
    net = region.net!;
    table = `renkei_${region.cloudInterface!}`;
    serverAddress = net.tunnelAddress(1);
    await clinic.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
    await region.approvePending();
    await clinic.call('refreshDevice');
    await until(
      'the tunnel to come up',
      () => clinic.call<AppStatus>('getStatus'),
      (s) => s.tunnel.phase === 'up',
    );
    deviceAddress = (JSON.parse(await region.admin(['device', 'list', '--json'])) as { tunnel_address: string }[])[0]!.tunnel_address;
  });

  afterAll(async () => {
    await region?.stop();
    if (process.env.RENKEI_SYSTEM_LOGS) console.log(logs.join('\n'));
  });

  it('has the server drop packets for its tunnel address unless they arrive on its WireGuard interface', async () => {
    const listed = await tableInCloud();
    expect(listed).toContain(`ip daddr ${serverAddress} iifname != { "lo", "${region.cloudInterface}" }`);
    expect(listed).toContain('drop');
  });

  it('answers on the clinical port through the tunnel: the connection opens and a login succeeds', async () => {
    const before = await droppedPackets();
    expect(await connectFromClinic()).toBe('connected');
    const session = await clinic.call('login', { loginId: 'dr.kuroki', password: DEMO_PASSWORD });
    expect(session).toMatchObject({ offline: false, user: { loginId: 'dr.kuroki' } });
    expect(await droppedPackets()).toBe(before);
  });

  it('drops the connection when the clinic routes the tunnel address over the plain link', async () => {
    const before = await droppedPackets();
    expect(await overTheVeth(undefined, connectFromClinic)).toBe('timeout');
    expect(await droppedPackets()).toBeGreaterThan(before);
    // The tunnel still carries it once the route points back into it.
    expect(await connectFromClinic()).toBe('connected');
  });

  it("drops packets sent over the plain link with the device's own tunnel address as their source: no login", async () => {
    const before = await droppedPackets();
    const { outcome, login } = await overTheVeth(deviceAddress, async () => ({
      outcome: await connectFromClinic(),
      // Login with the device's real credential: what once got as far as the password check.
      login: await clinic.call<{ ok: boolean; unreachable?: boolean; reason?: string }>('probeClinical', `${serverAddress}:${CLINICAL_PORT}`),
    }));
    expect(outcome).toBe('timeout');
    expect(login).toMatchObject({ ok: false, unreachable: true });
    expect(login.reason).toBeUndefined();
    expect(await droppedPackets()).toBeGreaterThan(before);
  });

  it('puts the table back when something removes it (nftables.service flushes the ruleset on restart)', async () => {
    await net.runIn(net.cloud, 'nft', ['delete', 'table', 'inet', table]);
    expect(await tableInCloud()).toBeNull();
    // renkei-admin signals the server this way after a device change; it reconciles at once.
    process.kill(region.pids.server, 'SIGHUP');
    await until('the server to install its table again', tableInCloud, (listed) => listed?.includes(`ip daddr ${serverAddress}`) === true, 15_000);
    expect(await overTheVeth(undefined, connectFromClinic)).toBe('timeout');
  });

  it('removes its table when the server stops and takes its tunnel down', async () => {
    await region.stopServer();
    expect(await tableInCloud()).toBeNull();
    expect(await net.runIn(net.cloud, 'nft', ['list', 'tables'])).not.toContain(table);
    expect(await net.runIn(net.cloud, 'ip', ['link', 'show'])).not.toContain(region.cloudInterface);
  });
});
