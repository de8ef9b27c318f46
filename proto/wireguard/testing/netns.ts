// Test hosts on one machine: a "cloud" and a "clinic" network namespace joined by a veth pair on
// TEST-NET-1 (192.0.2.0/24), as ENVIRONMENT.md describes. Used by the tunnel, system and
// benchmark runs. Needs root (CAP_NET_ADMIN) and iproute2.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { findTool, runTool } from '../src/run-tool';

export const CLOUD_VETH_ADDRESS = '192.0.2.1';
export const CLINIC_VETH_ADDRESS = '192.0.2.2';

export interface TestNetwork {
  /** Short random tag, also usable to make interface names unique across runs. */
  tag: string;
  cloud: string;
  clinic: string;
  /** Starts a process inside a namespace; it is killed by destroy(). */
  spawnIn(namespace: string, command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** Runs a command inside a namespace and returns its stdout. */
  runIn(namespace: string, command: string, args: string[]): Promise<string>;
  destroy(): Promise<void>;
}

/** Why namespace tests cannot run here, or undefined when they can. */
export function namespaceTestsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (CAP_NET_ADMIN) to create network namespaces';
  for (const tool of ['ip', 'wg', 'wireguard-go']) {
    if (!findTool(tool)) return `needs ${tool} (Debian packages iproute2, wireguard-tools, wireguard-go)`;
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

  await runTool('ip', ['netns', 'add', cloud]);
  await runTool('ip', ['netns', 'add', clinic]);
  await runTool('ip', ['link', 'add', cloudVeth, 'type', 'veth', 'peer', 'name', clinicVeth]);
  await runTool('ip', ['link', 'set', cloudVeth, 'netns', cloud]);
  await runTool('ip', ['link', 'set', clinicVeth, 'netns', clinic]);
  for (const [ns, dev, address] of [
    [cloud, cloudVeth, CLOUD_VETH_ADDRESS],
    [clinic, clinicVeth, CLINIC_VETH_ADDRESS],
  ] as const) {
    await runTool('ip', ['-n', ns, 'address', 'add', `${address}/24`, 'dev', dev]);
    await runTool('ip', ['-n', ns, 'link', 'set', dev, 'up']);
    await runTool('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  return {
    tag,
    cloud,
    clinic,
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
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
      for (const ns of [cloud, clinic]) await runTool('ip', ['netns', 'del', ns]).catch(() => undefined);
    },
  };
}
