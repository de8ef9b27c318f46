// The tunnel service for real: the service runs as its own process in a "clinic" network namespace,
// a WireGuard peer with an HTTP echo stands in for the cloud in a "cloud" namespace, and this test
// drives the service through its Unix socket with the desktop core's client.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createTestNetwork, namespaceTestsUnavailable, type TestNetwork } from '@renkei/wireguard/testing';
import { generateKeyPair, isWireGuardKey } from '@renkei/wireguard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TunnelServiceClient, TunnelServiceError } from '../../src/core/tunnel/tunnel-client';
import type { TunnelState } from '../../src/core/tunnel/tunnel-state';
import { endLeftoverWireguardGo } from './support/leftover-wireguard';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the tunnel service namespace tests: ${unavailable}`);

const serviceMain = new URL('../../src/tunnel-service/main.ts', import.meta.url).pathname;
const cloudPeerScript = new URL('./support/cloud-peer.ts', import.meta.url).pathname;

const WIREGUARD_PORT = 51820;
const ECHO_PORT = 7444;

interface RunningService {
  process: ChildProcess;
  logLines: string[];
  exited: Promise<number | null>;
}

function until<T>(what: string, predicate: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = async () => {
      const value = await predicate();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(() => void check(), 50);
    };
    void check();
  });
}

describe.skipIf(unavailable)('tunnel service between a clinic and a cloud namespace', { timeout: 60_000 }, () => {
  let net: TestNetwork;
  // Tunnel addresses come from the network's own subnet (chosen at run time, unused by this machine).
  const cloudTunnelAddress = () => net.tunnelAddress(1);
  const deviceTunnelAddress = () => net.tunnelAddress(2);
  let base: string;
  let stateDir: string;
  let socketPath: string;
  let interfaceName: string;
  let service: RunningService;
  let cloud: ChildProcess | undefined;
  let client: TunnelServiceClient;
  const states: TunnelState[] = [];
  let stopWatching = () => {};
  const cloudKeys = generateKeyPair();

  const config = () => ({
    deviceAddress: `${deviceTunnelAddress()}/32`,
    serverPublicKey: cloudKeys.publicKey,
    serverEndpoint: `${net.cloudAddress}:${WIREGUARD_PORT}`,
    allowedIps: [`${cloudTunnelAddress()}/32`],
    clinicalApiAddress: `${cloudTunnelAddress()}:${ECHO_PORT}`,
    persistentKeepaliveSeconds: 25,
  });
  const interfaceInClinic = () =>
    net.runIn(net.clinic, 'ip', ['link', 'show', 'dev', interfaceName]).then(
      () => true,
      () => false,
    );
  const latest = () => states.at(-1);

  async function startService(): Promise<RunningService> {
    const child = net.spawnIn(
      net.clinic,
      process.execPath,
      ['--import', 'tsx', serviceMain, '--socket', socketPath, '--state-dir', stateDir, '--interface', interfaceName, '--poll-ms', '200'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const logLines: string[] = [];
    let partial = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop()!;
      logLines.push(...lines);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until('the service to listen', () => (logLines.some((line) => line.includes('"event":"listening"')) ? true : undefined));
    return { process: child, logLines, exited };
  }

  async function startCloud(devicePublicKey: string): Promise<void> {
    cloud = net.spawnIn(net.cloud, process.execPath, ['--import', 'tsx', cloudPeerScript], { stdio: ['pipe', 'pipe', 'inherit'] });
    cloud.stdin!.write(
      `${JSON.stringify({
        interfaceName: `rkc${net.tag}`,
        privateKey: cloudKeys.privateKey,
        address: `${cloudTunnelAddress()}/24`,
        listenPort: WIREGUARD_PORT,
        devicePublicKey,
        deviceAddress: `${deviceTunnelAddress()}/32`,
        echoPort: ECHO_PORT,
      })}\n`,
    );
    await new Promise((resolve) => cloud!.stdout!.once('data', resolve));
  }

  /** An HTTP request from the clinic namespace to the cloud's echo, through whatever route the clinic has. */
  async function requestFromClinic(path: string): Promise<{ from: string; path: string }> {
    const fetchScript = `fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => r.text()).then((t) => process.stdout.write(t))`;
    return JSON.parse(await net.runIn(net.clinic, process.execPath, ['-e', fetchScript, `http://${cloudTunnelAddress()}:${ECHO_PORT}${path}`])) as {
      from: string;
      path: string;
    };
  }

  beforeAll(async () => {
    net = await createTestNetwork();
    base = mkdtempSync(join(tmpdir(), 'rk-tunnel-ns-'));
    stateDir = join(base, 'state');
    socketPath = join(base, 'run', 'tunnel.sock');
    // wireguard-go's control sockets share one directory across namespaces: names must be unique.
    interfaceName = `rkt${net.tag}`;
    service = await startService();
    client = new TunnelServiceClient({ socketPath, watchRetryMs: { initial: 50, max: 500 } });
    stopWatching = client.watchState((state) => states.push(state));
  });

  afterAll(async () => {
    stopWatching();
    client?.close();
    if (cloud && cloud.exitCode === null && cloud.signalCode === null) {
      const exited = new Promise((resolve) => cloud!.once('exit', resolve));
      cloud.stdin!.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await net?.destroy();
    if (net) expect(endLeftoverWireguardGo([interfaceName, `rkc${net.tag}`])).toEqual([]);
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('serves on a 0660 socket and creates the device key on first request', async () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o660);
    expect((await client.getState()).phase).toBe('unconfigured');
    const publicKey = await client.getDeviceKey();
    expect(isWireGuardKey(publicKey)).toBe(true);
    expect(statSync(join(stateDir, 'private.key')).mode & 0o777).toBe(0o600);
    await startCloud(publicKey);
  });

  it('refuses a configuration that would route everything into the tunnel, with INVALID_ARGUMENT', async () => {
    const error = await client.configure({ ...config(), allowedIps: ['0.0.0.0/0'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TunnelServiceError);
    expect((error as TunnelServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
    expect((error as TunnelServiceError).details).toMatch(/allowed_ips\[0\]/);
    expect((await client.getState()).phase).toBe('unconfigured');
  });

  it('connects: the interface comes up, then the watched state reaches UP with a handshake and traffic', async () => {
    expect((await client.configure(config())).phase).toBe('down');
    const connected = await client.connect();
    expect(['connecting', 'up']).toContain(connected.phase);
    expect(connected).toMatchObject({ interfaceName, backend: 'wireguard-go', deviceAddress: `${deviceTunnelAddress()}/32` });
    expect(await interfaceInClinic()).toBe(true);
    expect(await net.runIn(net.clinic, 'ip', ['route', 'show', `${cloudTunnelAddress()}/32`])).toContain(`dev ${interfaceName}`);

    const up = await until('UP', () => states.find((state) => state.phase === 'up' && state.rxBytes > 0 && state.txBytes > 0));
    expect(up.lastHandshakeAt).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - up.lastHandshakeAt!.getTime())).toBeLessThan(30_000);
    // Connect on a live tunnel changes nothing.
    expect((await client.connect()).phase).toBe('up');
  });

  it("carries the clinic PC's traffic to the cloud, from the device's tunnel address", async () => {
    const before = await client.getState();
    const reply = await requestFromClinic('/through-the-tunnel');
    expect(reply).toEqual({ from: deviceTunnelAddress(), path: '/through-the-tunnel' });
    const after = await until('counters to grow', () => (latest()!.rxBytes > before.rxBytes && latest()!.txBytes > before.txBytes ? latest() : undefined));
    expect(after.phase).toBe('up');
  });

  it('rebuilds the live tunnel when the configuration changes', async () => {
    const state = await client.configure({ ...config(), persistentKeepaliveSeconds: 15 });
    expect(['connecting', 'up']).toContain(state.phase);
    expect(await net.runIn(net.clinic, 'wg', ['show', interfaceName, 'persistent-keepalive'])).toContain('\t15');
    await until('UP again', () => (latest()?.phase === 'up' ? true : undefined));
  });

  it('runs a Connect and a Disconnect sent together one after the other, in the order they came', async () => {
    // Connected → Disconnect + Connect: the Connect must not see the half-removed link and skip.
    const [disconnected, reconnected] = await Promise.all([client.disconnect(), client.connect()]);
    expect(disconnected.phase).toBe('down');
    expect(['connecting', 'up']).toContain(reconnected.phase);
    expect(await interfaceInClinic()).toBe(true);
    expect((await requestFromClinic('/after-reconnect')).from).toBe(deviceTunnelAddress());

    // Down → Connect + Disconnect: the Disconnect must wait for the link it is to remove.
    await client.disconnect();
    const [connected, disconnectedAgain] = await Promise.all([client.connect(), client.disconnect()]);
    expect(['connecting', 'up']).toContain(connected.phase);
    expect(disconnectedAgain.phase).toBe('down');
    expect(await interfaceInClinic()).toBe(false);
    expect((await client.getState()).phase).toBe('down');

    await client.connect();
    await until('UP again', () => (latest()?.phase === 'up' ? true : undefined));
  });

  it('reports ERROR when the interface and wireguard-go die under it, and recovers on Connect', async () => {
    await net.runIn(net.clinic, 'ip', ['link', 'del', 'dev', interfaceName]);
    const failed = await until('ERROR', () => (latest()?.phase === 'error' ? latest() : undefined));
    expect(failed.error).toContain(interfaceName);
    expect((await client.getState()).phase).toBe('error');

    expect(['connecting', 'up']).toContain((await client.connect()).phase);
    await until('UP after recovery', () => (latest()?.phase === 'up' ? true : undefined));
    expect((await client.getState()).error).toBe('');
  });

  it('disconnects: DOWN, and the interface and its route are gone', async () => {
    const state = await client.disconnect();
    expect(state).toMatchObject({ phase: 'down', rxBytes: 0, txBytes: 0, lastHandshakeAt: null });
    expect(await interfaceInClinic()).toBe(false);
    await expect(requestFromClinic('/after-disconnect')).rejects.toThrow();
    expect((await client.disconnect()).phase).toBe('down');
  });

  it('stops on SIGTERM, taking the tunnel and the socket with it, and never logs the private key', async () => {
    await client.connect();
    expect(await interfaceInClinic()).toBe(true);
    service.process.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(await interfaceInClinic()).toBe(false);
    expect(existsSync(socketPath)).toBe(false);

    const privateKey = readFileSync(join(stateDir, 'private.key'), 'utf8').trim();
    const entries = service.logLines.map((line) => JSON.parse(line) as { event: string });
    expect(entries.map((entry) => entry.event)).toEqual(expect.arrayContaining(['started', 'link_up', 'link_lost', 'link_down', 'stopping', 'stopped']));
    expect(service.logLines.join('\n')).not.toContain(privateKey);
  });

  it('keeps key and configuration across a restart of the service', async () => {
    const publicKeyBefore = await (async () => {
      const { publicKeyOf } = await import('@renkei/wireguard');
      return publicKeyOf(readFileSync(join(stateDir, 'private.key'), 'utf8').trim());
    })();
    service = await startService();
    expect(await client.getDeviceKey()).toBe(publicKeyBefore);
    expect(await client.getState()).toMatchObject({ phase: 'down', deviceAddress: `${deviceTunnelAddress()}/32` });
    // The feed found the new service by itself.
    await until('the feed to resume', () => (latest()?.phase === 'down' ? true : undefined));
  });

  it('forgets: key and configuration are deleted and the device is UNCONFIGURED', async () => {
    await client.connect();
    const state = await client.forget();
    expect(state.phase).toBe('unconfigured');
    expect(await interfaceInClinic()).toBe(false);
    expect(existsSync(join(stateDir, 'private.key'))).toBe(false);
    expect(existsSync(join(stateDir, 'tunnel-config.json'))).toBe(false);
    const error = await client.connect().catch((caught: unknown) => caught);
    expect((error as TunnelServiceError).code).toBe(grpc.status.FAILED_PRECONDITION);
  });
});
