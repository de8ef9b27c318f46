// The screens' cache of what they read (api/query-client, api/query-keys), on a real TanStack Query
// client: what one user read is gone when their session ends, a finished sync marks stale what it
// may have changed and nothing else, and a failed read is neither retried nor held back while the
// browser believes it is offline (the core decides that, behind the DesktopApi).
import { onlineManager, QueryObserver, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient, followStatus } from '../../src/renderer/api/query-client';
import { queryKeys } from '../../src/renderer/api/query-keys';
import type { AppStatus } from '../../src/shared/desktop-api';

function status(userId: string | null, lastSyncedAt: string | null, online = true): AppStatus {
  return {
    device: {
      state: 'approved',
      serverAddress: 'renkei.example.jp:7443',
      deviceId: 'd-1',
      deviceName: '診察室PC-1',
      facilityName: '宮崎在宅クリニック',
      enrolledAt: null,
      tunnelRequired: true,
    },
    tunnel: { phase: 'up', lastHandshakeAt: null, rxBytes: 0, txBytes: 0, error: null, serviceUnreachable: false },
    session:
      userId === null
        ? null
        : {
            user: {
              id: userId,
              loginId: userId,
              name: { family: '田中', given: '一郎', familyKana: 'タナカ', givenKana: 'イチロウ' },
              profession: 'PROFESSION_DOCTOR',
              facilityName: '宮崎在宅クリニック',
            },
            expiresAt: '2026-11-03T13:00:00Z',
            offline: false,
            loginAgain: null,
            idleLockMinutes: 10,
            locked: null,
            passwordChangeRequired: false,
            passwordRule: null,
          },
    sync: { state: 'idle', lastSyncedAt, progress: null, error: null },
    online,
    sessionEnded: null,
  };
}

/** Every kind of read, named as the screens name them. */
const READS: Record<string, QueryKey> = {
  patientSearch: queryKeys.patientSearch('やまだ'),
  overview: queryKeys.overview('p-1'),
  noteList: queryKeys.noteList('p-1', false),
  noteHistory: queryKeys.noteHistory('p-1', 'n-1'),
  documentList: queryKeys.documentList('p-1'),
  documentHistory: queryKeys.documentHistory('p-1', 'd-1'),
  documentContent: queryKeys.documentContent('p-1', 'd-1', 0),
  formList: queryKeys.formList('p-1'),
  formVersions: queryKeys.formVersions('p-1', 'f-1'),
  form: queryKeys.form('p-1', 'f-1'),
  formPdf: queryKeys.formPdf('p-1', 'f-1', 2),
  consent: queryKeys.consent('p-1'),
  watchedFolder: queryKeys.watchedFolder,
  phrases: queryKeys.phrases,
};

function filled(): QueryClient {
  const client = createQueryClient();
  for (const [name, key] of Object.entries(READS)) client.setQueryData(key, { read: name });
  return client;
}

const kept = (client: QueryClient) => Object.keys(READS).filter((name) => client.getQueryData(READS[name]!) !== undefined);
const stale = (client: QueryClient) => Object.keys(READS).filter((name) => client.getQueryState(READS[name]!)?.isInvalidated === true);

afterEach(() => onlineManager.setOnline(true));

describe('what the screens have read, as the session changes', () => {
  it('is gone when the user logs out', () => {
    const client = filled();
    followStatus(client, status('u-1', '2026-11-03T04:00:00Z'), status(null, '2026-11-03T04:00:00Z'));
    expect(kept(client)).toEqual([]);
  });

  it('is gone when this PC is revoked, session or not', () => {
    const client = filled();
    const revoked = status('u-1', '2026-11-03T04:00:00Z');
    revoked.device = { ...revoked.device, state: 'revoked' } as AppStatus['device'];
    followStatus(client, status('u-1', '2026-11-03T04:00:00Z'), revoked);
    expect(kept(client)).toEqual([]);
  });

  it('is never there for the next user', () => {
    const client = filled();
    followStatus(client, status('u-1', '2026-11-03T04:00:00Z'), status('u-2', '2026-11-03T04:00:00Z'));
    expect(kept(client)).toEqual([]);
  });

  it('stays, unchanged, while the same user works on (tunnel, online, sync progress)', () => {
    const client = filled();
    followStatus(client, status('u-1', '2026-11-03T04:00:00Z'), status('u-1', '2026-11-03T04:00:00Z', false));
    expect(kept(client)).toEqual(Object.keys(READS));
    expect(stale(client)).toEqual([]);
  });
});

describe('what a finished sync reads again', () => {
  it('is the patient list, the overviews, every record kind’s list, the consent status and the 定型文', () => {
    const client = filled();
    followStatus(client, status('u-1', '2026-11-03T04:00:00Z'), status('u-1', '2026-11-03T04:05:00Z'));
    // The 定型文 too: the core read them again with the sync (a colleague's new office phrase).
    expect(stale(client)).toEqual(['patientSearch', 'overview', 'noteList', 'documentList', 'formList', 'consent', 'phrases']);
    // A record's history, versions and content were read when opened; the watched folder has its own events.
    expect(kept(client)).toEqual(Object.keys(READS));
  });
});

describe('a read in flight when a sync ends', () => {
  it('is read again, so the first patient list of a new PC is not the empty one from before its first sync', async () => {
    const client = createQueryClient();
    let synced = false;
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    const observer = new QueryObserver(client, {
      queryKey: queryKeys.patientSearch(''),
      queryFn: async () => {
        calls += 1;
        const answer = synced ? ['山田 太郎'] : [];
        if (calls === 1) await firstHeld;
        return answer;
      },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(calls).toBe(1));
    synced = true;
    followStatus(client, status('u-1', null), status('u-1', '2026-11-03T04:05:00Z'));
    releaseFirst();
    await vi.waitFor(() => expect(client.getQueryData(queryKeys.patientSearch(''))).toEqual(['山田 太郎']));
    expect(calls).toBe(2);
    unsubscribe();
  });
});

describe('a read that fails', () => {
  it('is tried once and its failure shown at once, even while the browser thinks it is offline', async () => {
    onlineManager.setOnline(false);
    const client = createQueryClient();
    let calls = 0;
    const observer = new QueryObserver(client, {
      queryKey: queryKeys.overview('p-1'),
      queryFn: async () => {
        calls += 1;
        throw new Error('refused');
      },
    });
    const settled = new Promise<void>((resolve) => {
      const unsubscribe = observer.subscribe((result) => {
        if (result.status === 'error') {
          unsubscribe();
          resolve();
        }
      });
    });
    // With retries the query would stay pending after the first failure; held back, it would not run.
    await settled;
    expect(calls).toBe(1);
    expect(client.getQueryState(queryKeys.overview('p-1'))?.fetchStatus).toBe('idle');
  });
});
