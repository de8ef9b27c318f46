// Stands in for the Renkei cloud inside the test's "cloud" namespace: a WireGuard interface with
// the clinic device as its one peer, and an HTTP echo on the cloud's tunnel address that answers
// with the address the request came from. Reads its settings (including its private key) as one
// JSON line on stdin, prints "ready", and takes everything down when stdin closes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WireGuardLink } from '@renkei/wireguard';

interface CloudSettings {
  interfaceName: string;
  privateKey: string;
  /** The cloud's tunnel address with the tunnel network's prefix, e.g. 10.88.0.1/24. */
  address: string;
  listenPort: number;
  devicePublicKey: string;
  deviceAddress: string;
  echoPort: number;
}

const lines = createInterface({ input: process.stdin });
const settings = JSON.parse(await new Promise<string>((resolve) => lines.once('line', resolve))) as CloudSettings;

const link = await WireGuardLink.create({ name: settings.interfaceName });
const keyDir = mkdtempSync(join(tmpdir(), 'rk-cloud-key-'));
writeFileSync(join(keyDir, 'private.key'), settings.privateKey, { mode: 0o600 });
await link.setPrivateKey(join(keyDir, 'private.key'), settings.listenPort);
rmSync(keyDir, { recursive: true });
await link.setPeer({ publicKey: settings.devicePublicKey, allowedIps: [settings.deviceAddress] });
await link.addAddress(settings.address);
await link.up();

const echo = createServer((request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ from: request.socket.remoteAddress, path: request.url }));
});
await new Promise<void>((resolve) => echo.listen(settings.echoPort, settings.address.split('/')[0], resolve));
process.stdout.write('ready\n');

// SIGTERM (the test network's cleanup) takes the same way out as a closed stdin: an interface
// left behind would keep its wireguard-go, and with it the namespace, alive.
process.once('SIGTERM', () => lines.close());
await new Promise((resolve) => lines.once('close', resolve));
echo.close();
await link.delete();
