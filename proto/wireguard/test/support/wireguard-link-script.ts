// Runs WireGuardLink operations inside a network namespace for wireguard-link.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WireGuardLink, type WireGuardPeer } from '../../src';

interface Op {
  op: 'serve' | 'connect-and-ping';
  name: string;
  privateKey: string;
  address: string;
  listenPort?: number;
  peer: WireGuardPeer;
  ping?: string;
}

const op = JSON.parse(process.argv[2]!) as Op;
const link = await WireGuardLink.create({ name: op.name });
const keyDir = mkdtempSync(join(tmpdir(), 'rk-key-'));
writeFileSync(join(keyDir, 'private.key'), op.privateKey, { mode: 0o600 });
await link.setPrivateKey(join(keyDir, 'private.key'), op.listenPort);
rmSync(keyDir, { recursive: true });
await link.setPeer(op.peer);
await link.addAddress(op.address);
await link.up();
for (const cidr of op.peer.allowedIps) await link.addRoute(cidr);

if (op.op === 'serve') {
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
} else {
  execFileSync('ping', ['-c', '2', '-W', '3', op.ping!]);
  const [peer] = await link.peers();
  await link.removePeer(op.peer.publicKey);
  const peersAfterRemove = (await link.peers()).length;
  process.stdout.write(
    JSON.stringify({ implementation: link.implementation, handshake: peer?.latestHandshake, rxBytes: peer?.rxBytes, txBytes: peer?.txBytes, peersAfterRemove }),
  );
}
await link.delete();
