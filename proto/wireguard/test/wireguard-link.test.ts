// The WireGuard driver against real wireguard-tools: two namespaces, a tunnel between them.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetwork, namespaceTestsUnavailable, type TestNetwork } from '../testing/netns';
import { generateKeyPair, isWireGuardKey, publicKeyOf } from '../src';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the WireGuard tests: ${unavailable}`);

describe.skipIf(unavailable)('WireGuardLink between two network namespaces', { timeout: 60_000 }, () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createTestNetwork();
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('generates keys that wg itself accepts and derives', () => {
    const pair = generateKeyPair();
    expect(isWireGuardKey(pair.publicKey)).toBe(true);
    expect(isWireGuardKey('not a key')).toBe(false);
    expect(execFileSync('wg', ['pubkey'], { input: pair.privateKey }).toString().trim()).toBe(pair.publicKey);
    expect(publicKeyOf(pair.privateKey)).toBe(pair.publicKey);
  });

  it('brings up both ends, completes a handshake, carries traffic, reports counters and removes peers', async () => {
    const cloudKeys = generateKeyPair();
    const clinicKeys = generateKeyPair();
    // The driver runs in each namespace through a small script so that its child processes
    // (ip, wg, wireguard-go) are created there.
    const script = new URL('./support/wireguard-link-script.ts', import.meta.url).pathname;
    const run = (ns: string, op: object) => net.runIn(ns, process.execPath, ['--import', 'tsx', script, JSON.stringify(op)]);
    const cloudIf = `rkc${net.tag}`;
    const clinicIf = `rkk${net.tag}`;
    const cloud = net.spawnIn(
      net.cloud,
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        JSON.stringify({
          op: 'serve',
          name: cloudIf,
          privateKey: cloudKeys.privateKey,
          address: `${net.tunnelAddress(1)}/24`,
          listenPort: 51999,
          peer: { publicKey: clinicKeys.publicKey, allowedIps: [`${net.tunnelAddress(2)}/32`] },
        }),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => cloud.stdout!.once('data', () => resolve()));

    const out = await run(net.clinic, {
      op: 'connect-and-ping',
      name: clinicIf,
      privateKey: clinicKeys.privateKey,
      address: `${net.tunnelAddress(2)}/32`,
      peer: {
        publicKey: cloudKeys.publicKey,
        allowedIps: [`${net.tunnelAddress(1)}/32`],
        endpoint: `${net.cloudAddress}:51999`,
        persistentKeepaliveSeconds: 25,
      },
      ping: net.tunnelAddress(1),
    });
    const result = JSON.parse(out) as { implementation: string; handshake: string | null; rxBytes: number; txBytes: number; peersAfterRemove: number };
    expect(result.implementation).toBe('wireguard-go');
    expect(result.handshake).not.toBeNull();
    expect(result.rxBytes).toBeGreaterThan(0);
    expect(result.txBytes).toBeGreaterThan(0);
    expect(result.peersAfterRemove).toBe(0);
    cloud.stdin!.end();
    await new Promise((resolve) => cloud.once('exit', resolve));
    // Deleting the link ends wireguard-go and leaves no interface behind.
    await expect(net.runIn(net.cloud, 'ip', ['link', 'show', 'dev', cloudIf])).rejects.toThrow();
  });
});
