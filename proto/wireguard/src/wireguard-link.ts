// One WireGuard network interface, driven through wireguard-tools (`wg`) and iproute2 (`ip`):
// the kernel implementation when the kernel has it, else the userspace `wireguard-go`. The cloud
// (one interface, many peers) and the clinic PC's tunnel service (one peer) both use this class.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ToolError, findTool, runTool } from './run-tool';

export type WireGuardImplementation = 'kernel' | 'wireguard-go';

export interface WireGuardPeer {
  publicKey: string;
  allowedIps: string[];
  /** "host:port"; only the side that initiates needs it. */
  endpoint?: string;
  persistentKeepaliveSeconds?: number;
}

export interface PeerStatus {
  publicKey: string;
  endpoint: string | null;
  allowedIps: string[];
  latestHandshake: Date | null;
  rxBytes: number;
  txBytes: number;
}

export interface CreateLinkOptions {
  name: string;
  /** 'auto' tries the kernel module first and falls back to wireguard-go. */
  implementation?: 'auto' | WireGuardImplementation;
  /** Told when a wireguard-go process ends without `delete()` having been asked. */
  onUnexpectedExit?: (detail: string) => void;
}

// Interface names are at most 15 bytes and must be safe as a file name (wireguard-go's socket).
const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
const USERSPACE_SOCKET_DIR = '/var/run/wireguard';

export class WireGuardLink {
  private deleting = false;

  private constructor(
    readonly name: string,
    readonly implementation: WireGuardImplementation,
    private readonly userspace?: ChildProcess,
  ) {}

  static async create(options: CreateLinkOptions): Promise<WireGuardLink> {
    const { name } = options;
    if (!INTERFACE_NAME.test(name)) throw new Error(`invalid WireGuard interface name: ${JSON.stringify(name)}`);
    // A link left over by a crashed run would carry stale peers: start clean.
    if (await linkExists(name)) await runTool('ip', ['link', 'del', 'dev', name]);

    const wanted = options.implementation ?? 'auto';
    if (wanted !== 'wireguard-go') {
      try {
        await runTool('ip', ['link', 'add', 'dev', name, 'type', 'wireguard']);
        return new WireGuardLink(name, 'kernel');
      } catch (error) {
        if (wanted === 'kernel') throw error;
      }
    }
    const link = new WireGuardLink(name, 'wireguard-go', await startWireguardGo(name));
    link.userspace!.once('exit', (code, signal) => {
      if (!link.deleting) options.onUnexpectedExit?.(`wireguard-go for ${name} exited (code ${code}, signal ${signal})`);
    });
    return link;
  }

  /**
   * Sets the interface's own key and, for the listening side, its UDP port. `wg` reads the key
   * from the root-only file where its owner keeps it: the key never appears in argv, and stdin is
   * no option because Node's stdio pipes are sockets that `wg` cannot fopen.
   */
  async setPrivateKey(privateKeyFile: string, listenPort?: number): Promise<void> {
    const args = ['set', this.name, 'private-key', privateKeyFile];
    if (listenPort !== undefined) args.push('listen-port', String(listenPort));
    await runTool('wg', args);
  }

  async setPeer(peer: WireGuardPeer): Promise<void> {
    const args = ['set', this.name, 'peer', peer.publicKey, 'allowed-ips', peer.allowedIps.join(',')];
    if (peer.endpoint) args.push('endpoint', peer.endpoint);
    if (peer.persistentKeepaliveSeconds) args.push('persistent-keepalive', String(peer.persistentKeepaliveSeconds));
    await runTool('wg', args);
  }

  async removePeer(publicKey: string): Promise<void> {
    await runTool('wg', ['set', this.name, 'peer', publicKey, 'remove']);
  }

  async addAddress(cidr: string): Promise<void> {
    await runTool('ip', ['address', 'add', cidr, 'dev', this.name]);
  }

  async up(mtu = 1420): Promise<void> {
    await runTool('ip', ['link', 'set', 'dev', this.name, 'mtu', String(mtu), 'up']);
  }

  async addRoute(cidr: string): Promise<void> {
    await runTool('ip', ['route', 'replace', cidr, 'dev', this.name]);
  }

  /** Every peer with its handshake and byte counters. */
  async peers(): Promise<PeerStatus[]> {
    const dump = await runTool('wg', ['show', this.name, 'dump']);
    // The first line describes the interface itself and holds its private key: drop it unread.
    return dump
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [publicKey = '', , endpoint = '', allowedIps = '', handshake = '0', rx = '0', tx = '0'] = line.split('\t');
        const seconds = Number(handshake);
        return {
          publicKey,
          endpoint: endpoint === '(none)' ? null : endpoint,
          allowedIps: allowedIps === '(none)' ? [] : allowedIps.split(','),
          latestHandshake: seconds > 0 ? new Date(seconds * 1000) : null,
          rxBytes: Number(rx),
          txBytes: Number(tx),
        };
      });
  }

  /** Removes the interface; a wireguard-go process ends with it. */
  async delete(): Promise<void> {
    this.deleting = true;
    try {
      await runTool('ip', ['link', 'del', 'dev', this.name]);
    } catch (error) {
      if (!(error instanceof ToolError) || (await linkExists(this.name))) throw error;
    }
    if (this.userspace && this.userspace.exitCode === null && this.userspace.signalCode === null) {
      const exited = new Promise((resolve) => this.userspace!.once('exit', resolve));
      if ((await Promise.race([exited, sleep(3000, 'timeout')])) === 'timeout') this.userspace.kill('SIGTERM');
    }
  }
}

export async function linkExists(name: string): Promise<boolean> {
  try {
    await runTool('ip', ['link', 'show', 'dev', name]);
    return true;
  } catch {
    return false;
  }
}

export function wireguardGoAvailable(): boolean {
  return findTool('wireguard-go') !== undefined;
}

async function startWireguardGo(name: string): Promise<ChildProcess> {
  const binary = findTool('wireguard-go');
  if (!binary) throw new Error('no WireGuard in this kernel and wireguard-go is not installed');
  const child = spawn(binary, ['-f', name], {
    // wireguard-go refuses to start on kernels that ship WireGuard unless told this.
    env: { ...process.env, WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const socket = `${USERSPACE_SOCKET_DIR}/${name}.sock`;
  for (let waited = 0; waited < 5000; waited += 50) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wireguard-go could not create ${name}: ${stderr.trim() || `exit ${child.exitCode}`}`);
    }
    if (existsSync(socket) && (await linkExists(name))) return child;
    await sleep(50);
  }
  child.kill('SIGTERM');
  throw new Error(`wireguard-go did not bring up ${name} within 5 s`);
}
