// The connection's one rule for calls that something else can answer (the cache, or "this needs
// the connection"): a refusal by the server reaches the user, an unreachable server is answered
// otherwise and remembered. Against a real backend (a real refusal: a credential it does not know),
// a real closed port (a real UNAVAILABLE), and the server's own encoding of the reasons it sends.
import { createServer, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { RenkeiError, toServiceError } from '@renkei/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { ApiError } from '../../src/core/api/api-error';
import { ServerConnection, type ClinicalRoute, type ProbeTiming } from '../../src/core/connection/server-connection';
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
function connectionTo(address: string | (() => string), options: { tunnelRequired?: boolean; probe?: ProbeTiming } = {}) {
  const told = { changed: 0, tunnelCameUp: 0, revoked: 0, unreachable: 0 };
  /** For each unreachable told: whether the server had answered before it (a new outage). */
  const outages: boolean[] = [];
  const route: ClinicalRoute = {
    clinicalEndpoint: () => ({
      address: typeof address === 'string' ? address : address(),
      caPem: backend.caPem,
      credential: { deviceId: 'not-a-device', secret: 'not-a-secret' },
    }),
    tunnelRequired: options.tunnelRequired ?? false,
  };
  const connection = new ServerConnection(
    route,
    options.tunnelRequired ?? false,
    {
      changed: () => void told.changed++,
      tunnelCameUp: () => void told.tunnelCameUp++,
      revoked: async () => void told.revoked++,
      unreachable: async (wasOnline: boolean) => {
        told.unreachable++;
        outages.push(wasOnline);
      },
    },
    options.probe,
  );
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
    // The first failure after an answer is a new outage (the revocation probe asks at once). Then
    // the server is known to be away: the cache answers without waiting for the call's deadline.
    let asked = 0;
    expect(
      await connection.ask(
        true,
        async () => String(++asked),
        () => 'from the cache',
      ),
    ).toBe('from the cache');
    expect(asked).toBe(0);
    expect(outages).toEqual([true]);
    // Once it answers again (its health check, another call), it is asked again.
    connection.markAnswered();
    expect(
      await connection.ask(
        true,
        async () => String(++asked),
        () => 'from the cache',
      ),
    ).toBe('1');
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
    connection.markAnswered();
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

/**
 * A server that fell silent: the TCP port accepts, and nothing ever comes back (a frozen process,
 * or a line that drops what it carries): calls wait for their deadline rather than fail at once.
 */
async function silentServer(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(listener.address() as { port: number }).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => listener.close(resolve));
    },
  };
}

describe("the server's health, asked every few seconds", () => {
  const timing: ProbeTiming = { intervalMs: 100, deadlineMs: 300 };

  it('notices by itself that the server fell silent, and that it answers again, telling the status each time', async () => {
    const silent = await silentServer();
    let address = backend.clinicalAddress;
    const { connection, told, outages } = connectionTo(() => address, { probe: timing });
    connection.startProbing();
    try {
      await until(() => connection.online);
      const changedWhenOnline = told.changed;
      address = silent.address;
      connection.reconnect();
      // No call of the user's: the health check alone finds the server away.
      await until(() => !connection.online);
      expect(connection.knownUnreachable).toBe(true);
      expect(outages[0]).toBe(true);
      expect(told.changed).toBe(changedWhenOnline + 1);

      address = backend.clinicalAddress;
      await until(() => connection.online);
      expect(connection.knownUnreachable).toBe(false);
      expect(told.changed).toBe(changedWhenOnline + 2);
    } finally {
      connection.close();
      await silent.close();
    }
  });

  it('says at once whether a login can reach the server when that is known, and asks only when it is not', async () => {
    const silent = await silentServer();
    try {
      const { connection } = connectionTo(silent.address, { probe: timing });
      // Not known yet: the health check, with its short deadline rather than the login's 20 s.
      expect(await connection.answers()).toBe(false);
      expect(connection.knownUnreachable).toBe(true);
      // Known now: no call at all (a call would wait for its deadline on this server).
      let asked = 0;
      expect(
        await connection.ask(
          true,
          async () => String(++asked),
          () => 'from the cache',
        ),
      ).toBe('from the cache');
      expect(asked).toBe(0);
      connection.close();

      const reachable = connectionTo(backend.clinicalAddress, { probe: timing }).connection;
      expect(await reachable.answers()).toBe(true);
      expect(reachable.online).toBe(true);
      reachable.close();
    } finally {
      await silent.close();
    }
  });
});

/** Waits (checking every 20 ms) until `condition` holds; fails after 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error('the condition did not hold within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
