// The service's local gRPC API, in process and without a tunnel: socket permissions, refusals with
// the right status codes, stored state, the state feed and its recovery across restarts.
import { spawn, execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { generateKeyPair } from '@renkei/wireguard';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TunnelServiceClient, TunnelServiceError } from '../../src/core/tunnel/tunnel-client';
import type { TunnelState } from '../../src/core/tunnel/tunnel-state';
import { servicePaths, startInProcessService, type InProcessService, type ServicePaths } from './support/in-process-service';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI) throw new Error('CI must run the tunnel service tests as root');

const cloudKey = generateKeyPair().publicKey;
const approvedConfig = {
  deviceAddress: '10.77.0.2/32',
  serverPublicKey: cloudKey,
  serverEndpoint: '192.0.2.1:51820',
  allowedIps: ['10.77.0.1/32'],
  clinicalApiAddress: '10.77.0.1:7444',
  persistentKeepaliveSeconds: 25,
};

async function rejection(promise: Promise<unknown>): Promise<TunnelServiceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TunnelServiceError);
  return error as TunnelServiceError;
}

function until<T>(predicate: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const value = predicate();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(check, 20);
    };
    check();
  });
}

/** Tries to open the socket as another user, the way an unprivileged app would. */
function connectAs(uid: number, gid: number, socketPath: string): Promise<string> {
  const probe = `require('net').connect(process.argv[1]).on('connect', () => { console.log('connected'); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(0) })`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', probe, socketPath], { uid, gid, timeout: 10_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
  });
}

describe.skipIf(!isRoot)('tunnel service API on its local socket', () => {
  let paths: ServicePaths;
  let service: InProcessService | undefined;
  let client: TunnelServiceClient;

  beforeEach(async () => {
    paths = servicePaths();
  });
  afterEach(async () => {
    client?.close();
    await service?.server.stop();
    service = undefined;
    rmSync(paths.base, { recursive: true, force: true });
  });

  async function start(group?: string) {
    service = await startInProcessService(paths, { group });
    client = new TunnelServiceClient({ socketPath: paths.socketPath, watchRetryMs: { initial: 50, max: 200 } });
    return service;
  }

  it('listens on a 0660 socket in a 0750 directory owned by the service group', async () => {
    await start('nogroup');
    const socket = statSync(paths.socketPath);
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o660);
    expect(socket.gid).toBe(65534);
    const directory = statSync(`${paths.base}/run`);
    expect(directory.mode & 0o777).toBe(0o750);
    expect(directory.gid).toBe(65534);
  });

  it('lets members of the service group connect and refuses other users', async () => {
    await start('nogroup');
    expect(await connectAs(65534, 65534, paths.socketPath)).toBe('connected');
    expect(await connectAs(65534, 54321, paths.socketPath)).toBe('EACCES');
  });

  it('stays root-only, and says so, when the service group does not exist', async () => {
    const { events } = await start('renkei-test-no-such-group');
    expect(statSync(paths.socketPath).gid).toBe(0);
    expect(events().some((entry) => entry.event === 'socket_group_missing')).toBe(true);
    expect(await connectAs(65534, 65534, paths.socketPath)).toBe('EACCES');
  });

  it('starts UNCONFIGURED and refuses to connect before a configuration with FAILED_PRECONDITION', async () => {
    await start();
    expect((await client.getState()).phase).toBe('unconfigured');
    const error = await rejection(client.connect());
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.details).toMatch(/not configured/);
  });

  it('refuses an unsafe configuration with INVALID_ARGUMENT naming the field, and stores nothing', async () => {
    await start();
    const error = await rejection(client.configure({ ...approvedConfig, allowedIps: ['10.77.0.1/32', '0.0.0.0/0'] }));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/allowed_ips\[1\]: "0\.0\.0\.0\/0" is the default route/);
    expect(existsSync(`${paths.stateDir}/tunnel-config.json`)).toBe(false);
    expect((await client.getState()).phase).toBe('unconfigured');
  });

  it('stores a valid configuration root-only, reports DOWN, and still has it after a restart', async () => {
    await start();
    const state = await client.configure(approvedConfig);
    expect(state).toMatchObject({ phase: 'down', deviceAddress: '10.77.0.2/32', serverEndpoint: '192.0.2.1:51820', error: '', lastHandshakeAt: null });
    const file = `${paths.stateDir}/tunnel-config.json`;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(approvedConfig);

    await service!.server.stop();
    client.close();
    await start();
    expect(await client.getState()).toMatchObject({ phase: 'down', deviceAddress: '10.77.0.2/32' });
  });

  it('refuses to connect without a device key with FAILED_PRECONDITION', async () => {
    await start();
    await client.configure(approvedConfig);
    const error = await rejection(client.connect());
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.details).toMatch(/no WireGuard key/);
  });

  it('returns a stable public key and never the private key, in replies or in the log', async () => {
    const { logLines } = await start();
    const publicKey = await client.getDeviceKey();
    expect(await client.getDeviceKey()).toBe(publicKey);
    const privateKey = readFileSync(`${paths.stateDir}/private.key`, 'utf8').trim();
    expect(publicKey).not.toBe(privateKey);
    await client.configure(approvedConfig);
    await client.forget();
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(privateKey);
    expect(logLines.join('')).toContain(publicKey);
  });

  it('forgets key and configuration', async () => {
    await start();
    await client.getDeviceKey();
    await client.configure(approvedConfig);
    const state = await client.forget();
    expect(state).toMatchObject({ phase: 'unconfigured', deviceAddress: '' });
    expect(existsSync(`${paths.stateDir}/private.key`)).toBe(false);
    expect(existsSync(`${paths.stateDir}/tunnel-config.json`)).toBe(false);
  });

  it('streams the current state at once, then each change, and ends the stream when the client stops watching', async () => {
    const { events } = await start();
    const seen: TunnelState[] = [];
    const stop = client.watchState((state) => seen.push(state));
    await until(() => (seen.length >= 1 ? true : undefined));
    expect(seen[0]!.phase).toBe('unconfigured');
    await client.configure(approvedConfig);
    await until(() => (seen.length >= 2 ? true : undefined));
    expect(seen[1]).toMatchObject({ phase: 'down', deviceAddress: '10.77.0.2/32' });
    // The same configuration again changes nothing, so nothing is sent.
    await client.configure(approvedConfig);
    await client.getState();
    expect(seen).toHaveLength(2);

    stop();
    await until(() => events().find((entry) => entry.event === 'watch_ended' && entry.reason === 'cancelled by client'));
    await client.forget();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toHaveLength(2);
  });

  it('resumes the state feed by itself when the service restarts', async () => {
    await start();
    const seen: TunnelState[] = [];
    const errors: TunnelServiceError[] = [];
    const stop = client.watchState((state) => seen.push(state), { onError: (error) => errors.push(error) });
    await until(() => (seen.length >= 1 ? true : undefined));

    await service!.server.stop();
    service = undefined;
    await until(() => (errors.some((error) => error.unreachable) ? true : undefined));
    const beforeRestart = seen.length;

    service = await startInProcessService(paths);
    // The feed comes back with the new service's current state, without anything asked of it.
    await until(() => (seen.length > beforeRestart ? true : undefined));
    expect(seen.at(-1)!.phase).toBe('unconfigured');
    await client.configure(approvedConfig);
    await until(() => seen.find((state) => state.phase === 'down' && state.deviceAddress === '10.77.0.2/32'));
    stop();
  });

  it('replaces a socket left by a crashed service but will not start beside a running one', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(`${paths.base}/run`, { mode: 0o750 });
    const crashed = spawn(process.execPath, ['-e', `require('net').createServer().listen(process.argv[1], () => console.log('ready'))`, paths.socketPath]);
    await new Promise((resolve) => crashed.stdout.once('data', resolve));
    crashed.kill('SIGKILL');
    await new Promise((resolve) => crashed.once('exit', resolve));
    expect(statSync(paths.socketPath).isSocket()).toBe(true);

    const { events } = await start();
    expect(events().some((entry) => entry.event === 'stale_socket_removed')).toBe(true);
    expect((await client.getState()).phase).toBe('unconfigured');

    await expect(startInProcessService(paths)).rejects.toThrow(/already listening/);
    expect((await client.getState()).phase).toBe('unconfigured');
  });

  it('reports a service that is not running as unreachable after retrying briefly', async () => {
    const absent = new TunnelServiceClient({ socketPath: `${paths.base}/nothing.sock`, deadlineMs: 2000 });
    const started = Date.now();
    const error = await rejection(absent.getState());
    absent.close();
    expect(error.unreachable).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
