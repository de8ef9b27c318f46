// The device key: root-only on disk, stable across restarts, and the key wg derives.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWireGuardKey } from '@renkei/wireguard';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceKeyStore } from '../../src/tunnel-service/device-key-store';
import { InsecureStateError, StateDirectory } from '../../src/tunnel-service/state-directory';

const isRoot = process.getuid?.() === 0;

describe('device key store', () => {
  let base: string;
  let stateDir: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'rk-keystore-'));
    stateDir = join(base, 'var', 'lib', 'renkei-tunnel');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('creates the state directory 0700 and the key file 0600', async () => {
    const store = new DeviceKeyStore(await StateDirectory.open(stateDir));
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(await store.publicKey()).toBeNull();
    const { publicKey, created } = await store.ensureKeyPair();
    expect(created).toBe(true);
    expect(isWireGuardKey(publicKey)).toBe(true);
    expect(statSync(store.privateKeyFile).mode & 0o777).toBe(0o600);
  });

  it('derives the same public key as `wg pubkey` from the stored private key', async () => {
    const store = new DeviceKeyStore(await StateDirectory.open(stateDir));
    const { publicKey } = await store.ensureKeyPair();
    const privateKey = readFileSync(store.privateKeyFile, 'utf8');
    expect(privateKey).not.toContain(publicKey);
    expect(execFileSync('wg', ['pubkey'], { input: privateKey }).toString().trim()).toBe(publicKey);
  });

  it('keeps the same key across restarts of the service', async () => {
    const first = await new DeviceKeyStore(await StateDirectory.open(stateDir)).ensureKeyPair();
    const again = await new DeviceKeyStore(await StateDirectory.open(stateDir)).ensureKeyPair();
    expect(again).toEqual({ publicKey: first.publicKey, created: false });
  });

  it('generates a new key after forget', async () => {
    const store = new DeviceKeyStore(await StateDirectory.open(stateDir));
    const first = await store.ensureKeyPair();
    await store.forget();
    expect(await store.publicKey()).toBeNull();
    expect((await store.ensureKeyPair()).publicKey).not.toBe(first.publicKey);
  });

  it('refuses a state directory that other users can write into', async () => {
    mkdirSync(stateDir, { recursive: true });
    chmodSync(stateDir, 0o777);
    await expect(StateDirectory.open(stateDir)).rejects.toThrow(InsecureStateError);
    chmodSync(stateDir, 0o770);
    await expect(StateDirectory.open(stateDir)).rejects.toThrow(/writable by other users \(mode 0770\)/);
  });

  it('stops using the directory when it becomes world-writable after start', async () => {
    const store = new DeviceKeyStore(await StateDirectory.open(stateDir));
    chmodSync(stateDir, 0o777);
    await expect(store.ensureKeyPair()).rejects.toThrow(InsecureStateError);
  });

  it('refuses a private key file that others can read', async () => {
    const store = new DeviceKeyStore(await StateDirectory.open(stateDir));
    await store.ensureKeyPair();
    chmodSync(store.privateKeyFile, 0o644);
    await expect(store.publicKey()).rejects.toThrow(/accessible to other users \(mode 0644\)/);
  });

  it('refuses a corrupt key file without quoting its content', async () => {
    const store = new DeviceKeyStore(await StateDirectory.open(stateDir));
    writeFileSync(store.privateKeyFile, 'secret-looking-garbage\n', { mode: 0o600 });
    const error = await store.publicKey().catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(InsecureStateError);
    expect((error as Error).message).not.toContain('secret-looking-garbage');
  });

  it.skipIf(!isRoot)('refuses a state directory owned by another user', async () => {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    chownSync(stateDir, 65534, 65534);
    await expect(StateDirectory.open(stateDir)).rejects.toThrow(/owned by uid 65534/);
  });
});
