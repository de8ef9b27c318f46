// Test hosts on one machine: a "cloud" and a "clinic" network namespace joined by a veth pair. Used
// by the tunnel, system and benchmark runs and the demo. Needs root (CAP_NET_ADMIN) and iproute2.
// The pair's addresses are chosen per network from 198.18.0.0/15 (reserved for benchmarking, RFC
// 2544), and a /24 for the WireGuard tunnel between them from 10.0.0.0/8 (the tunnel service accepts
// private addresses only), each after checking that no address or route of the machine overlaps
// it: with addresses the machine itself has (TEST-NET-1 is some hosts' own network), a command run
// in the wrong namespace would reach the real network instead of failing.
//
// More clinics (addClinic) each get a namespace and a veth pair of their own to the cloud, the next
// /30 of the network's block, and a route to the cloud's first address: every clinic reaches the
// cloud at the one address its server announces, as PCs of different offices reach the one public
// address of the cloud over their own lines. Each clinic runs its own tunnel, so cutting one leaves
// the others up.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { findTool, runTool } from '../src/run-tool';
import { recordTestNetwork } from './leftovers';

/** Where wireguard-go keeps its control sockets: one directory for every namespace of the machine. */
const WIREGUARD_SOCKETS = '/var/run/wireguard';

const BENCHMARK_RANGE = { first: ((198 << 24) | (18 << 16)) >>> 0, size: 1 << 17 };
const PRIVATE_10 = { first: (10 << 24) >>> 0, size: 1 << 24 };
/** The clinics a network can hold: its link addresses are one block of this many /30s. */
const MOST_CLINICS = 4;

/** A clinic host beyond the first (addClinic). */
export interface TestClinic {
  namespace: string;
  /** Its address on its own link to the cloud. */
  address: string;
}

export interface TestNetwork {
  /** Short random tag, also usable to make interface names unique across runs. */
  tag: string;
  cloud: string;
  clinic: string;
  /** The cloud's and the clinic's address on the link between them. */
  cloudAddress: string;
  clinicAddress: string;
  /** A /24 for the WireGuard tunnel between them (the cloud server takes its first address), e.g. "10.142.7.0/24". */
  tunnelSubnet: string;
  /** The address `n` of the tunnel subnet (1: the server's). */
  tunnelAddress(n: number): string;
  /** One more clinic namespace, with its own veth pair to the cloud (up to four clinics in all); destroy() removes it too. */
  addClinic(): Promise<TestClinic>;
  /** Starts a process inside a namespace; it is killed by destroy(). */
  spawnIn(namespace: string, command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** Runs a command inside a namespace and returns its stdout. */
  runIn(namespace: string, command: string, args: string[]): Promise<string>;
  destroy(): Promise<void>;
}

/** Why namespace tests cannot run here, or undefined when they can. */
export function namespaceTestsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (CAP_NET_ADMIN) to create network namespaces';
  // nft: the cloud server keeps its tunnel address off the veth link with an nftables table.
  for (const tool of ['ip', 'wg', 'wireguard-go', 'nft']) {
    if (!findTool(tool)) return `needs ${tool} (Debian packages iproute2, wireguard-tools, wireguard-go, nftables)`;
  }
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK);
  } catch {
    return 'needs /dev/net/tun (see ENVIRONMENT.md)';
  }
  return undefined;
}

export async function createTestNetwork(): Promise<TestNetwork> {
  const tag = randomBytes(3).toString('hex');
  const cloud = `rk-cloud-${tag}`;
  const clinic = `rk-clinic-${tag}`;
  const cloudVeth = `rkv${tag}c`;
  const clinicVeth = `rkv${tag}k`;
  const children = new Set<ChildProcess>();
  const { linkBase, tunnelBase } = await unusedAddresses();
  // Link n (0: the first clinic's) is the n-th /30 of the block: the cloud takes its first host address, the clinic the second.
  const cloudSide = (n: number) => ipv4(linkBase + 4 * n + 1);
  const clinicSide = (n: number) => ipv4(linkBase + 4 * n + 2);
  const [cloudAddress, clinicAddress] = [cloudSide(0), clinicSide(0)];
  const namespaces = [cloud, clinic];
  recordTestNetwork(tag);

  await runTool('ip', ['netns', 'add', cloud]);
  await runTool('ip', ['netns', 'add', clinic]);
  await runTool('ip', ['link', 'add', cloudVeth, 'type', 'veth', 'peer', 'name', clinicVeth]);
  await runTool('ip', ['link', 'set', cloudVeth, 'netns', cloud]);
  await runTool('ip', ['link', 'set', clinicVeth, 'netns', clinic]);
  for (const [ns, dev, address] of [
    [cloud, cloudVeth, cloudAddress],
    [clinic, clinicVeth, clinicAddress],
  ] as const) {
    await runTool('ip', ['-n', ns, 'address', 'add', `${address}/30`, 'dev', dev]);
    await runTool('ip', ['-n', ns, 'link', 'set', dev, 'up']);
    await runTool('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  return {
    tag,
    cloud,
    clinic,
    cloudAddress,
    clinicAddress,
    tunnelSubnet: `${ipv4(tunnelBase)}/24`,
    tunnelAddress: (n) => ipv4(tunnelBase + n),
    async addClinic() {
      const n = namespaces.length - 1;
      if (n >= MOST_CLINICS) throw new Error(`a test network holds at most ${MOST_CLINICS} clinics`);
      const namespace = `rk-clinic${n + 1}-${tag}`;
      const [cloudVethN, clinicVethN] = [`rkv${tag}c${n + 1}`, `rkv${tag}k${n + 1}`];
      namespaces.push(namespace);
      await runTool('ip', ['netns', 'add', namespace]);
      await runTool('ip', ['link', 'add', cloudVethN, 'type', 'veth', 'peer', 'name', clinicVethN]);
      await runTool('ip', ['link', 'set', cloudVethN, 'netns', cloud]);
      await runTool('ip', ['link', 'set', clinicVethN, 'netns', namespace]);
      for (const [ns, dev, address] of [
        [cloud, cloudVethN, cloudSide(n)],
        [namespace, clinicVethN, clinicSide(n)],
      ] as const) {
        await runTool('ip', ['-n', ns, 'address', 'add', `${address}/30`, 'dev', dev]);
        await runTool('ip', ['-n', ns, 'link', 'set', dev, 'up']);
      }
      await runTool('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);
      // The cloud's announced address is on the first link; this clinic reaches it over its own.
      await runTool('ip', ['-n', namespace, 'route', 'add', `${cloudAddress}/32`, 'via', cloudSide(n)]);
      return { namespace, address: clinicSide(n) };
    },
    spawnIn(namespace, command, args, options = {}) {
      const child = spawn(findTool('ip') ?? 'ip', ['netns', 'exec', namespace, command, ...args], options);
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    runIn(namespace, command, args) {
      return runTool('ip', ['netns', 'exec', namespace, command, ...args], { timeoutMs: 60_000 });
    },
    async destroy() {
      await stopChildren([...children]);
      // Whatever still runs inside ends too: a wireguard-go whose tunnel service was killed before
      // it could delete its link keeps running with parent 1 (and its socket stays in the shared
      // directory), also once its namespace is deleted.
      for (const ns of namespaces) await endProcessesIn(ns);
      for (const ns of namespaces) await runTool('ip', ['netns', 'del', ns]).catch(() => undefined);
      if (existsSync(WIREGUARD_SOCKETS)) {
        for (const socket of readdirSync(WIREGUARD_SOCKETS)) if (socket.includes(tag)) rmSync(`${WIREGUARD_SOCKETS}/${socket}`, { force: true });
      }
    },
  };
}

/** Ends child processes: SIGTERM, then SIGKILL for any still running after 10 s (a server's orderly stop takes a few). */
export async function stopChildren(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

/** Ends every process in a namespace: SIGTERM, then SIGKILL for any still there after 3 s. */
async function endProcessesIn(namespace: string): Promise<void> {
  const pidsIn = async () =>
    (await runTool('ip', ['netns', 'pids', namespace]).catch(() => ''))
      .split('\n')
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  const signal = (pids: number[], name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  };
  signal(await pidsIn(), 'SIGTERM');
  for (let waited = 0; waited < 3000; waited += 100) {
    if ((await pidsIn()).length === 0) return;
    await sleep(100);
  }
  signal(await pidsIn(), 'SIGKILL');
}

const ipv4 = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
const ipv4Number = (text: string) => text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

/** Address ranges (first, size) the machine has on its interfaces or routes to, the default route aside. */
async function machineRanges(): Promise<{ first: number; size: number; text: string }[]> {
  const listed = `${await runTool('ip', ['-4', '-o', 'address', 'show'])}\n${await runTool('ip', ['-4', 'route', 'show', 'table', 'all'])}`;
  return [...listed.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?\b/g)].map((m) => {
    const prefix = m[2] === undefined ? 32 : Number(m[2]);
    const size = 2 ** (32 - prefix);
    return { first: Math.floor(ipv4Number(m[1]!) / size) * size, size, text: m[0] };
  });
}

const overlaps = (a: { first: number; size: number }, b: { first: number; size: number }) => a.first < b.first + b.size && b.first < a.first + a.size;

/** A random block of /30s for the veth pairs in 198.18.0.0/15 and a /24 for the tunnel in 10.0.0.0/8, neither overlapping anything of the machine. */
async function unusedAddresses(): Promise<{ linkBase: number; tunnelBase: number }> {
  const machine = await machineRanges();
  const used = machine.filter((range) => overlaps(range, BENCHMARK_RANGE));
  if (used.length > 0) throw new Error(`this machine uses 198.18.0.0/15 (${used.map((r) => r.text).join(', ')}), which the test hosts need for their link`);
  const block = 4 * MOST_CLINICS;
  const link = BENCHMARK_RANGE.first + (randomBytes(4).readUInt32BE() % (BENCHMARK_RANGE.size / block)) * block;
  for (let attempt = 0; attempt < 64; attempt++) {
    const tunnel = { first: PRIVATE_10.first + (randomBytes(4).readUInt32BE() % (PRIVATE_10.size / 256)) * 256, size: 256 };
    if (!machine.some((range) => overlaps(range, tunnel))) return { linkBase: link, tunnelBase: tunnel.first };
  }
  throw new Error('found no /24 in 10.0.0.0/8 that this machine does not use, for the test tunnel');
}
