// A whole Renkei region on this machine: the backend with a seeded demo region, and a clinic PC's
// desktop core (or two, for what one office writes and another reads). Used by `npm run demo`, the
// system tests, the benchmark and the end-to-end tests.
//
// Where the machine allows it (root, wireguard-go, /dev/net/tun), the backend runs in a "cloud"
// network namespace with its WireGuard interface, and each clinic PC (tunnel service and core) in a
// clinic namespace of its own, joined to the cloud by its own veth pair: a real tunnel per PC.
// Elsewhere the backend serves the clinical API without a tunnel on loopback, and the app says so.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { ProfessionName } from '@renkei/proto/labels';
import { createTestNetwork, namespaceTestsUnavailable, stopChildren, type TestNetwork } from '@renkei/wireguard/testing';
import { databaseUrlForNamespace } from './namespace-database-url';
import { startSecretService, type SecretService } from './private-keychain';
import { RemoteDesktopApi } from './remote-desktop-api';

export type RegionNetwork = 'namespaces' | 'none';

/** A demo user as `renkei-admin demo --json` lists them. */
export interface DemoLogin {
  loginId: string;
  name: string;
  profession: ProfessionName;
  facility: string;
}

/** A clinic PC of the region: its desktop core, app data directory, tunnel service socket and keychain environment. */
export interface ClinicPc {
  api: RemoteDesktopApi;
  dataDir: string;
  tunnelSocket: string | undefined;
  env: Record<string, string>;
  /** The network namespace it runs in (namespaces network only). */
  namespace: string | undefined;
}

interface DemoRegionOptions {
  /** 'auto' (the default) uses namespaces where the machine allows. */
  network?: 'auto' | RegionNetwork;
  /** How many clinic PCs (1, the default, or 2), each with its own tunnel, keychain and data. */
  clinicPcs?: 1 | 2;
  patients?: number;
  /** Put this user on every care team (the benchmark). */
  focusUser?: string;
  /** Also seed progress notes, written from two demo PCs the region enrolls (the demo; tests that count devices leave it off). */
  chart?: boolean;
  /** Password of every demo user (random by default). */
  password?: string;
  loginFailureDelayMs?: number;
  /** PostgreSQL instead of the embedded SQLite. */
  databaseUrl?: string;
  /** Processes serving the clinical API (PostgreSQL only). */
  clinicalProcesses?: number;
  /** Receives the stderr of the server, the tunnel service and the clinic's core. */
  log?: (line: string) => void;
  /** The server's log level ('debug': a line per call with where its time went) and who reads its log lines (JSON). */
  serverLog?: { level: string; onLine: (line: string) => void };
}

export interface DemoRegion {
  network: RegionNetwork;
  /** Why there is no tunnel, when there is none. */
  noTunnelReason?: string;
  /** The (first) clinic PC's desktop core (DesktopApi plus the clinic host's probes). */
  clinic: RemoteDesktopApi;
  /** Every clinic PC, the first being `clinic`'s. */
  pcs: ClinicPc[];
  /** What the clinic types as the server address. */
  serverAddress: string;
  password: string;
  /** Every demo user, to log in as (all share the password). */
  logins: DemoLogin[];
  /** The backend's data directory. */
  dataDir: string;
  /** The (first) clinic PC. */
  clinicPc: ClinicPc;
  /** The namespaces and the cloud's WireGuard interface (namespaces network only). */
  net?: TestNetwork;
  cloudInterface?: string;
  /** Process ids of the backend and of the clinic's core (the benchmark samples their memory). */
  pids: { server: number; clinic: number };
  admin(args: string[], stdin?: string): Promise<string>;
  /** A one-time enrollment code for an office (the demo clinic by default). */
  inviteCode(facility?: string): Promise<string>;
  /** Approves every device waiting for approval (as the regional office would). */
  approvePending(): Promise<void>;
  /** Stops the backend (to see the app without a server when there is no tunnel to take down). */
  stopServer(): Promise<void>;
  stop(): Promise<void>;
}

const repo = new URL('../../', import.meta.url).pathname;
export const DEMO_FACILITY = 'みやざき在宅クリニック';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${seen.slice(-3000)}`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}):\n${seen.slice(-3000)}`)));
    const watch = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
  });
}

export async function startDemoRegion(options: DemoRegionOptions = {}): Promise<DemoRegion> {
  const unavailable = namespaceTestsUnavailable();
  const network: RegionNetwork = options.network === 'auto' || options.network === undefined ? (unavailable ? 'none' : 'namespaces') : options.network;
  if (network === 'namespaces' && unavailable) throw new Error(`the real tunnel needs what this machine lacks: ${unavailable}`);
  const password = options.password ?? `demo-${randomBytes(6).toString('base64url')}1`;
  const log = options.log ?? (() => undefined);
  const root = mkdtempSync(join(tmpdir(), 'renkei-region-'));
  const dataDir = join(root, 'backend');
  const children: ChildProcess[] = [];
  let net: TestNetwork | undefined;
  const keychains: SecretService[] = [];

  // The region's database is the one init records in its data directory (`databaseUrl` or SQLite);
  // an inherited RENKEI_DATABASE_URL would send renkei-admin and the server elsewhere.
  const { RENKEI_DATABASE_URL: _hostUrl, ...regionEnv } = process.env;
  const admin = (args: string[], stdin = ''): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [join(repo, 'backend/bin/renkei-admin.mjs'), '--data-dir', dataDir, ...args],
        { timeout: 600_000, maxBuffer: 64 * 1024 * 1024, env: regionEnv },
        (error, stdout, stderr) => (error ? reject(new Error(`renkei-admin ${args[0]} ${args[1] ?? ''}: ${stderr || error.message}`)) : resolve(stdout)),
      );
      child.stdin!.end(stdin);
    });
  const start = (where: string | undefined, command: string, args: string[], spawnOptions: SpawnOptions): ChildProcess => {
    const child = where && net ? net.spawnIn(where, command, args, spawnOptions) : spawn(command, args, spawnOptions);
    children.push(child);
    return child;
  };
  const logFrom = (child: ChildProcess, name: string) => child.stderr?.on('data', (chunk: Buffer) => log(`[${name}] ${chunk.toString().trimEnd()}`));

  try {
    let serverAddress: string;
    const databaseUrl = options.databaseUrl && network === 'namespaces' ? databaseUrlForNamespace(options.databaseUrl) : options.databaseUrl;
    const common = [
      '--region',
      '宮崎市',
      '--login-failure-delay-ms',
      String(options.loginFailureDelayMs ?? 1000),
      ...(databaseUrl ? ['--database-url', databaseUrl] : []),
      ...(options.clinicalProcesses ? ['--clinical-processes', String(options.clinicalProcesses)] : []),
    ];
    if (network === 'namespaces') {
      net = await createTestNetwork();
      serverAddress = `${net.cloudAddress}:7443`;
      await admin([
        'init',
        ...common,
        '--public-host',
        net.cloudAddress,
        '--tunnel',
        'wireguard',
        '--tunnel-interface',
        `rkc${net.tag}`,
        '--tunnel-subnet',
        net.tunnelSubnet,
        '--enrollment-listen',
        '0.0.0.0:7443',
      ]);
    } else {
      const [enrollmentPort, clinicalPort] = [await freePort(), await freePort()];
      serverAddress = `127.0.0.1:${enrollmentPort}`;
      await admin([
        'init',
        ...common,
        '--public-host',
        '127.0.0.1',
        '--enrollment-port',
        String(enrollmentPort),
        '--enrollment-listen',
        serverAddress,
        '--tunnel',
        'none',
        '--untunneled-clinical-listen',
        `127.0.0.1:${clinicalPort}`,
      ]);
    }
    const seeded = JSON.parse(
      await admin(
        [
          'demo',
          '--patients',
          String(options.patients ?? 36),
          ...(options.focusUser ? ['--focus-user', options.focusUser] : []),
          ...(options.chart ? ['--chart'] : []),
          '--password-stdin',
          '--json',
        ],
        password,
      ),
    ) as { logins: DemoLogin[] };

    // The server reads its database from the configuration init wrote (for the namespace, see
    // databaseUrlForNamespace), not from an inherited RENKEI_DATABASE_URL (regionEnv).
    const server = start(net?.cloud, process.execPath, [join(repo, 'backend/bin/renkei-server.mjs'), '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...regionEnv, ...(options.serverLog && { RENKEI_LOG_LEVEL: options.serverLog.level }) },
    });
    logFrom(server, 'server');
    await waitForLine(server, /Renkei server ready/, 60_000, 'renkei-server');
    if (options.serverLog) createInterface({ input: server.stdout! }).on('line', options.serverLog.onLine);

    /** PC `n` (1, 2): in its own namespace with its own tunnel service, keychain and data directory. */
    const startClinicPc = async (n: number): Promise<{ pc: ClinicPc; pid: number }> => {
      const suffix = n === 1 ? '' : String(n);
      const namespace = net ? (n === 1 ? net.clinic : (await net.addClinic()).namespace) : undefined;
      let socketPath: string | undefined;
      if (net) {
        socketPath = join(root, `tunnel${suffix}`, 'run', 'tunnel.sock');
        const tunnelService = start(
          namespace,
          process.execPath,
          [
            '--import',
            'tsx',
            join(repo, 'desktop/src/tunnel-service/main.ts'),
            '--socket',
            socketPath,
            '--state-dir',
            join(root, `tunnel${suffix}`, 'state'),
            // wireguard-go's control sockets share one directory across namespaces: names must differ.
            '--interface',
            `rkk${net.tag}${suffix}`,
            '--poll-ms',
            '250',
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        logFrom(tunnelService, `tunnel${suffix}`);
      }
      const keychain = await startSecretService();
      keychains.push(keychain);
      const dataDir = join(root, `clinic-pc${suffix}`);
      const env = { ...keychain.env, RENKEI_DATA_DIR: dataDir };
      const host = start(namespace, process.execPath, ['--import', 'tsx', join(repo, 'desktop/region/clinic-host.ts'), ...(socketPath ? [socketPath] : [])], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      });
      logFrom(host, `clinic${suffix}`);
      const api = new RemoteDesktopApi(host);
      await api.getStatus();
      return { pc: { api, dataDir, tunnelSocket: socketPath, env, namespace }, pid: host.pid! };
    };
    const first = await startClinicPc(1);
    const pcs = [first.pc];
    for (let n = 2; n <= (options.clinicPcs ?? 1); n++) pcs.push((await startClinicPc(n)).pc);
    const clinic = first.pc.api;

    const region: DemoRegion = {
      network,
      ...(unavailable && network === 'none' && { noTunnelReason: unavailable }),
      clinic,
      pcs,
      serverAddress,
      password,
      logins: seeded.logins,
      dataDir,
      clinicPc: first.pc,
      ...(net && { net, cloudInterface: `rkc${net.tag}` }),
      pids: { server: server.pid!, clinic: first.pid },
      admin,
      async inviteCode(facility = DEMO_FACILITY) {
        return JSON.parse(await admin(['device', 'invite', '--facility', facility, '--json'])).code as string;
      },
      async approvePending() {
        const devices = JSON.parse(await admin(['device', 'list', '--json'])) as { id: string; state: string }[];
        for (const device of devices.filter((d) => d.state === 'DEVICE_STATE_PENDING')) await admin(['device', 'approve', device.id]);
      },
      async stopServer() {
        await stopChildren([server]);
      },
      async stop() {
        await Promise.all(pcs.map((pc) => pc.api.call('shutdown').catch(() => undefined)));
        await stopChildren(children);
        await net?.destroy();
        for (const keychain of keychains) await keychain.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
    return region;
  } catch (error) {
    await stopChildren(children);
    await net?.destroy();
    for (const keychain of keychains) await keychain.stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
