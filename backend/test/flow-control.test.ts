// Both listeners let a client send 4 MiB before waiting for a WINDOW_UPDATE, per stream and per
// connection, instead of Node's 64 KiB, which caps an upload at 64 KiB per round trip. grpc-js
// servers have no option for it until grpc/grpc-node#3058 is released: patches/ carries that change
// (applied by `npm install`'s postinstall). A plain HTTP/2 client reads what the server advertises.
import { connect, type ClientHttp2Session } from 'node:http2';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_CONTROL_WINDOW_BYTES } from '../src/rpc/grpc-listeners';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

async function advertised(address: string): Promise<{ streamWindow: number | undefined; connectionWindow: number }> {
  const session: ClientHttp2Session = connect(`https://${address}`, { ca: backend.caPem, ALPNProtocols: ['h2'] });
  try {
    await new Promise<void>((resolve, reject) => {
      session.once('remoteSettings', () => resolve());
      session.once('error', reject);
    });
    // The connection window grows by a WINDOW_UPDATE the server sends just after its SETTINGS.
    for (let i = 0; i < 40 && (session.state.remoteWindowSize ?? 0) < FLOW_CONTROL_WINDOW_BYTES; i++) await sleep(25);
    return { streamWindow: session.remoteSettings.initialWindowSize, connectionWindow: session.state.remoteWindowSize ?? 0 };
  } finally {
    session.destroy();
  }
}

describe('HTTP/2 flow control', () => {
  it.each([
    ['enrollment', () => backend.enrollmentAddress],
    ['clinical', () => backend.clinicalAddress],
  ])('the %s listener advertises it per stream and opens the connection window to it', async (_name, address) => {
    const { streamWindow, connectionWindow } = await advertised(address());
    expect(streamWindow).toBe(FLOW_CONTROL_WINDOW_BYTES);
    expect(connectionWindow).toBeGreaterThanOrEqual(FLOW_CONTROL_WINDOW_BYTES);
  });
});
