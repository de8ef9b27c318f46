// Run inside the clinic namespace: a WireGuard peer the cloud never approved (a fresh key) points
// at the cloud's endpoint and tries to open the clinical API port. Prints what happened.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WireGuardLink, generateKeyPair } from '@renkei/wireguard';

const [name, cloudPublicKey, endpoint, apiHost, apiPort, ownAddress] = process.argv.slice(2) as [string, string, string, string, string, string];
const keys = generateKeyPair();
const dir = mkdtempSync(join(tmpdir(), 'rk-probe-'));
writeFileSync(join(dir, 'key'), keys.privateKey, { mode: 0o600 });
const link = await WireGuardLink.create({ name });
try {
  await link.setPrivateKey(join(dir, 'key'));
  await link.setPeer({ publicKey: cloudPublicKey, allowedIps: [`${apiHost}/32`], endpoint, persistentKeepaliveSeconds: 1 });
  await link.addAddress(`${ownAddress}/32`);
  await link.up();
  await link.addRoute(`${apiHost}/32`);
  const connected = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: apiHost, port: Number(apiPort), timeout: 4000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
  await sleep(500);
  const [peer] = await link.peers();
  process.stdout.write(JSON.stringify({ connected, handshake: peer?.latestHandshake ?? null }));
} finally {
  await link.delete();
  rmSync(dir, { recursive: true, force: true });
}
