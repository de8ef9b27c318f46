// The connection's one rule for calls that something else can answer (the cache, or "this needs
// the connection"): a refusal by the server reaches the user, an unreachable server is answered
// otherwise and remembered. Against a real backend (a real refusal: a credential it does not know),
// a real closed port (a real UNAVAILABLE), and the server's own encoding of the reasons it sends.
import { createServer } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { RenkeiError, toServiceError } from '@renkei/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { ApiError } from '../../src/core/api/api-error';
import { ServerConnection, type ClinicalRoute } from '../../src/core/connection/server-connection';
import type { TunnelState } from '../../src/core/tunnel/tunnel-state';
import { DesktopApiError } from '../../src/shared/desktop-api-error';

let backend: TestBackend;
let closedAddress: string;

beforeAll(async () => {
  backend = await startTestBackend();
  // A port nothing listens on: bound, then released.
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  closedAddress = `127.0.0.1:${(listener.address() as { port: number }).port}`;
  await new Promise((resolve) => listener.close(resolve));
});
afterAll(async () => {
  await backend?.stop();
});

/** A connection to `address` with a device credential the server has never seen, and what it told. */
function connectionTo(address: string, options: { tunnelRequired?: boolean } = {}) {
  const told = { changed: 0, tunnelCameUp: 0, revoked: 0, unreachable: 0 };
  /** For each unreachable told: whether the server had answered before it (a new outage). */
  const outages: boolean[] = [];
  const route: ClinicalRoute = {
    clinicalEndpoint: () => ({ address, caPem: backend.caPem, credential: { deviceId: 'not-a-device', secret: 'not-a-secret' } }),
    tunnelRequired: options.tunnelRequired ?? false,
  };
  const connection = new ServerConnection(route, options.tunnelRequired ?? false, {
    changed: () => void told.changed++,
    tunnelCameUp: () => void told.tunnelCameUp++,
    revoked: async () => void told.revoked++,
    unreachable: async (wasOnline: boolean) => {
      told.unreachable++;
      outages.push(wasOnline);
    },
  });
  return { connection, told, outages };
}

/** An error as the server sends it (google.rpc details) and the client decodes it. */
const refusal = (reason: 'PATIENT_NOT_ON_CARE_TEAM' | 'DEVICE_REVOKED') => ApiError.from(toServiceError(new RenkeiError({ reason })));

const tunnel = (phase: TunnelState['phase']): TunnelState => ({
  phase,
  lastHandshakeAt: null,
  rxBytes: 0,
  txBytes: 0,
  error: '',
  interfaceName: 'renkei0',
  deviceAddress: '',
  serverEndpoint: '',
  backend: '',
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DesktopApiError) return error.detail.reason;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('asking the server, else answering otherwise', () => {
  it('passes a refusal by the server to the user instead of reading the cache', async () => {
    const { connection, told } = connectionTo(backend.clinicalAddress);
    const reason = await failure(
      connection.ask(
        true,
        async (api) => (await api.overview('any-patient')).patient?.id,
        () => 'from the cache',
      ),
    );
    expect(reason).toBe('DEVICE_UNKNOWN');
    expect(told).toMatchObject({ revoked: 0, unreachable: 0 });
    connection.close();
  });

  it('answers otherwise when the server cannot be reached, and remembers it: offline, the revocation probe told', async () => {
    const { connection, told, outages } = connectionTo(closedAddress);
    connection.markAnswered();
    const overview = () =>
      connection.ask(
        true,
        async (api) => (await api.overview('any-patient')).patient?.id,
        () => 'from the cache',
      );
    expect(await overview()).toBe('from the cache');
    expect(connection.online).toBe(false);
    expect(told).toMatchObject({ unreachable: 1, changed: 1 });
    // The first failure after an answer is a new outage (the probe asks at once); the next is not.
    expect(await overview()).toBe('from the cache');
    expect(outages).toEqual([true, false]);
    connection.close();
  });

  it('takes a deadline without a reason for an unreachable server, but not a refusal that gives one', async () => {
    const { connection, told } = connectionTo(closedAddress);
    const timedOut = ApiError.from({ code: grpc.status.DEADLINE_EXCEEDED, details: 'Deadline exceeded' });
    expect(
      await connection.ask(
        true,
        () => Promise.reject(timedOut),
        () => 'from the cache',
      ),
    ).toBe('from the cache');
    expect(
      await failure(
        connection.ask(
          true,
          () => Promise.reject(refusal('PATIENT_NOT_ON_CARE_TEAM')),
          () => 'from the cache',
        ),
      ),
    ).toBe('PATIENT_NOT_ON_CARE_TEAM');
    expect(told.unreachable).toBe(1);
  });

  it('tells a revocation on, and the user reads it', async () => {
    const { connection, told } = connectionTo(closedAddress);
    expect(
      await failure(
        connection.ask(
          true,
          () => Promise.reject(refusal('DEVICE_REVOKED')),
          () => 'from the cache',
        ),
      ),
    ).toBe('DEVICE_REVOKED');
    expect(told).toMatchObject({ revoked: 1, unreachable: 0 });
  });

  it("reports a failure on this PC as the user's error, not as an unreachable server", async () => {
    const { connection, told } = connectionTo(closedAddress);
    expect(
      await failure(
        connection.ask(
          true,
          () => Promise.reject(new Error('disk full')),
          () => 'from the cache',
        ),
      ),
    ).toBe('UNEXPECTED');
    expect(told.unreachable).toBe(0);
  });

  it('comes online when the server answers, telling the status once', async () => {
    const { connection, told } = connectionTo(closedAddress);
    expect(
      await connection.ask(
        true,
        async () => 'from the server',
        () => 'from the cache',
      ),
    ).toBe('from the server');
    expect(
      await connection.ask(
        true,
        async () => 'from the server',
        () => 'from the cache',
      ),
    ).toBe('from the server');
    expect(connection.online).toBe(true);
    expect(told.changed).toBe(1);
  });

  it('does not ask for an offline session, nor while the tunnel the calls need is down', async () => {
    const { connection, told } = connectionTo(closedAddress, { tunnelRequired: true });
    let asked = 0;
    const ask = (sessionOnline: boolean) =>
      connection.ask(
        sessionOnline,
        async () => {
          asked++;
          return 'from the server';
        },
        () => 'from the cache',
      );
    expect(await ask(false)).toBe('from the cache');
    expect(connection.tunnelView.phase).toBe('down');
    expect(await ask(true)).toBe('from the cache');
    expect(asked).toBe(0);

    connection.tunnelChanged(tunnel('up'));
    expect(told.tunnelCameUp).toBe(1);
    expect(await ask(true)).toBe('from the server');
    expect(connection.online).toBe(true);

    connection.tunnelChanged(tunnel('connecting'));
    expect(connection.online).toBe(false);
    expect(await ask(true)).toBe('from the cache');
    expect(asked).toBe(1);
  });
});
