// The namespace harness itself (testing/netns.ts, testing/leftovers.ts): its test hosts never use
// the machine's own network, it ends everything it started, and a run that leaks fails.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import leftoverCheck, { TEST_NETWORKS_ENV } from '../testing/leftovers';
import { createTestNetwork, namespaceTestsUnavailable, type TestNetwork } from '../testing/netns';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the WireGuard tests: ${unavailable}`);

const toNumber = (address: string) => address.split('.').reduce((n, octet) => ((n << 8) | Number(octet)) >>> 0, 0);
/** [first, last] address of a CIDR ("a.b.c.d/n"; a bare address is a /32). */
function rangeOf(cidr: string): [number, number] {
  const [address, bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const first = Math.floor(toNumber(address!) / size) * size;
  return [first, first + size - 1];
}
const overlaps = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];

/** Every IPv4 prefix of the machine's own (root namespace) addresses and routes, except the default route. */
function hostPrefixes(): string[] {
  const addresses =
    execFileSync('ip', ['-4', '-o', 'addr', 'show'])
      .toString()
      .match(/inet (\S+)/g) ?? [];
  const routes = execFileSync('ip', ['-4', 'route', 'show', 'table', 'all'])
    .toString()
    .split('\n')
    .map((line) => line.split(' ').find((word) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(word)))
    .filter((prefix): prefix is string => prefix !== undefined);
  return [...addresses.map((a) => a.slice('inet '.length)), ...routes];
}

/** Whether the process still runs: gone, or a zombie whose parent has not reaped it yet, is ended. */
function pidAlive(pid: number): boolean {
  try {
    // The state is the field after the parenthesised command name: "R", "S", "Z"…
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

describe.skipIf(unavailable)('the test network harness', { timeout: 60_000 }, () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.destroy();
    net = undefined;
  });

  it('chooses link and tunnel addresses from reserved ranges that no address or route of this machine uses', async () => {
    net = await createTestNetwork();
    const link = rangeOf(`${net.cloudAddress}/30`);
    const tunnel = rangeOf(net.tunnelSubnet);
    const within = (inner: [number, number], outer: [number, number]) => inner[0] >= outer[0] && inner[1] <= outer[1];
    expect(within(link, rangeOf('198.18.0.0/15'))).toBe(true);
    expect(within(rangeOf(net.clinicAddress), link)).toBe(true);
    expect(within(tunnel, rangeOf('10.0.0.0/8'))).toBe(true);
    const prefixes = hostPrefixes();
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes) {
      expect(overlaps(link, rangeOf(prefix)), `link ${net.cloudAddress}/30 overlaps the machine's ${prefix}`).toBe(false);
      expect(overlaps(tunnel, rangeOf(prefix)), `tunnel ${net.tunnelSubnet} overlaps the machine's ${prefix}`).toBe(false);
    }
  });

  it('adds a second clinic on a link of its own that reaches the cloud at its one address, and removes it on destroy', async () => {
    net = await createTestNetwork();
    const second = await net.addClinic();
    expect(second.namespace).not.toBe(net.clinic);
    expect(second.address).not.toBe(net.clinicAddress);
    const within = (inner: [number, number], outer: [number, number]) => inner[0] >= outer[0] && inner[1] <= outer[1];
    expect(within(rangeOf(second.address), rangeOf('198.18.0.0/15'))).toBe(true);
    expect(overlaps(rangeOf(second.address), rangeOf(`${net.cloudAddress}/30`))).toBe(false);
    for (const prefix of hostPrefixes())
      expect(overlaps(rangeOf(second.address), rangeOf(prefix)), `${second.address} overlaps the machine's ${prefix}`).toBe(false);

    // The cloud listens on every address; the second clinic reaches its announced one, from its own address.
    const listener = net.spawnIn(
      net.cloud,
      process.execPath,
      ['-e', `require('node:net').createServer((s) => s.end(s.remoteAddress)).listen(7900, '0.0.0.0', () => console.log('ready'))`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => listener.stdout!.once('data', resolve));
    const ask = `require('node:net').connect(7900, process.argv[1]).on('data', (d) => process.stdout.write(d)).on('error', (e) => process.stdout.write(e.code))`;
    expect(await net.runIn(second.namespace, process.execPath, ['-e', ask, net.cloudAddress])).toBe(second.address);
    expect(await net.runIn(net.clinic, process.execPath, ['-e', ask, net.cloudAddress])).toBe(net.clinicAddress);

    const namespace = second.namespace;
    await net.destroy();
    net = undefined;
    expect(execFileSync('ip', ['netns', 'list']).toString()).not.toContain(namespace);
  });

  it('ends every process in its namespaces on destroy, also a wireguard-go nobody waits for, and removes its socket', async () => {
    net = await createTestNetwork();
    const name = `rko${net.tag}`;
    // Without -f, wireguard-go forks into the background: its parent is gone, as when the tunnel
    // service that started it was killed.
    execFileSync('ip', ['netns', 'exec', net.clinic, 'wireguard-go', name], { env: { ...process.env, WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1' } });
    const pids = execFileSync('ip', ['netns', 'pids', net.clinic]).toString().split('\n').filter(Boolean).map(Number);
    expect(pids.length).toBeGreaterThan(0);
    expect(existsSync(`/var/run/wireguard/${name}.sock`)).toBe(true);

    const { cloud, clinic } = net;
    await net.destroy();
    net = undefined;
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(existsSync(`/var/run/wireguard/${name}.sock`)).toBe(false);
    const namespaces = execFileSync('ip', ['netns', 'list']).toString();
    expect(namespaces).not.toContain(cloud);
    expect(namespaces).not.toContain(clinic);
  });

  it('fails the run that leaves a network behind, and only that run', async () => {
    const outer = process.env[TEST_NETWORKS_ENV];
    const exitCode = process.exitCode;
    try {
      // A run of its own, inside this one: its check sees only the networks it made.
      const check = await leftoverCheck();
      net = await createTestNetwork();
      await expect(check()).rejects.toThrow(/left behind network namespaces \[.*rk-clinic-/);
      expect(process.exitCode).toBe(1);

      const clean = await leftoverCheck();
      await expect(clean()).resolves.toBeUndefined();
    } finally {
      process.exitCode = exitCode;
      if (outer === undefined) delete process.env[TEST_NETWORKS_ENV];
      else process.env[TEST_NETWORKS_ENV] = outer;
    }
  });
});
