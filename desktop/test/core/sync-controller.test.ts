// The sync controller's revocation probe: when the server stops answering, the PC asks the public
// enrollment listener whether it was revoked: at once when the server had answered until then, else
// again after 5 s, 10 s, 20 s … and at most a minute apart, by the core's own clock (the one tests and
// the app inject), however many calls fail meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_UNREACHABLE } from '../../src/core/api/api-error';
import { ServerConnection } from '../../src/core/connection/server-connection';
import { osKeychain } from '../../src/core/keychain/keychain';
import { SessionManager } from '../../src/core/session/session-manager';
import { SyncController } from '../../src/core/sync/sync-controller';
import { LOCAL_ERRORS } from '../../src/core/user-messages';
import { DesktopApiError } from '../../src/shared/desktop-api-error';

const dataDir = mkdtempSync(join(tmpdir(), 'renkei-sync-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function controller(now: () => Date, refreshDevice: () => Promise<void>): SyncController {
  const quiet = { changed: () => undefined };
  const connection = new ServerConnection(
    {
      clinicalEndpoint: () => {
        throw new DesktopApiError(LOCAL_ERRORS.notEnrolled);
      },
      tunnelRequired: false,
    },
    false,
    { ...quiet, tunnelCameUp: () => undefined, revoked: async () => undefined, unreachable: async () => undefined },
  );
  const sessions = new SessionManager({ dataDir, keychain: osKeychain('jp.renkei.test.sync'), documentCacheBytes: undefined, now }, connection, {
    ...quiet,
    began: () => undefined,
    ended: () => undefined,
  });
  return new SyncController({ intervalMs: 3_600_000, now }, sessions, connection, refreshDevice, quiet);
}

describe('the revocation probe', () => {
  it('asks again soon, then less and less often, at most a minute apart, by the injected clock', async () => {
    const start = Date.parse('2026-11-20T09:00:00Z');
    let now = new Date(start);
    const asked: number[] = [];
    const sync = controller(
      () => now,
      async () => void asked.push((now.getTime() - start) / 1000),
    );
    // A call fails every second for four minutes (the health check, syncs, the user's reads).
    for (let second = 0; second <= 240; second++) {
      now = new Date(start + second * 1000);
      await sync.checkRevocation();
    }
    expect(asked).toEqual([0, 5, 15, 35, 75, 135, 195]);
  });

  it('asks at once when the server had answered since (a new outage), whenever the last probe was', async () => {
    let now = new Date('2026-11-20T09:00:00Z');
    const asked: string[] = [];
    const sync = controller(
      () => now,
      async () => void asked.push(now.toISOString()),
    );
    await sync.checkRevocation(); // a call before the tunnel was up
    now = new Date('2026-11-20T09:00:10Z');
    await sync.checkRevocation(true); // the server answered, then stopped: revoked?
    now = new Date('2026-11-20T09:00:12Z');
    await sync.checkRevocation(); // the same outage: not again so soon
    now = new Date('2026-11-20T09:00:15Z');
    await sync.checkRevocation(); // 5 s after the last answer: the revocation may have come since
    expect(asked).toEqual(['2026-11-20T09:00:00.000Z', '2026-11-20T09:00:10.000Z', '2026-11-20T09:00:15.000Z']);
  });

  it('keeps a probe that fails (the enrollment listener is unreachable too) to itself', async () => {
    let asked = 0;
    const sync = controller(
      () => new Date('2026-11-20T09:00:00Z'),
      async () => {
        asked++;
        throw new DesktopApiError(SERVER_UNREACHABLE);
      },
    );
    await expect(sync.checkRevocation()).resolves.toBeUndefined();
    expect(asked).toBe(1);
  });

  it('syncs nothing without a logged-in user', async () => {
    const sync = controller(
      () => new Date(),
      async () => undefined,
    );
    await expect(sync.syncNow()).rejects.toMatchObject({ detail: { reason: 'NOT_LOGGED_IN' } });
    expect(sync.view.state).toBe('never');
  });
});
