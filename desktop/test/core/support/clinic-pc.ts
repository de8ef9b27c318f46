// Clinic PCs' cores for the timeline's tests against a real backend: each enrolled, approved and
// logged in on its own data directory and its own (real) OS keychain entry, with every event it
// told the screens kept for the test to look at. Shared by the timeline test files.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { approveDevice, TEST_PASSWORD, type TestBackend, type TestRegion } from '@renkei/backend/test-support';
import { osKeychain } from '../../../src/core/keychain/keychain';
import { RenkeiCore } from '../../../src/core/renkei-core';
import type { DesktopEvent } from '../../../src/shared/desktop-api';
import { DesktopApiError } from '../../../src/shared/desktop-api-error';
import type { TimelineChange, TimelinePageView, TimelineRefView, WritePostInput } from '../../../src/shared/timeline-views';

export interface ClinicPc {
  core: RenkeiCore;
  dataDir: string;
  /** Every event the core told the screens, in order (a restarted core's too). */
  events: DesktopEvent[];
  /**
   * The PC is switched off, `meanwhile` runs, and it is switched on again: a new core on the same
   * data and keychain, its session restored.
   */
  restart(meanwhile?: () => Promise<void>): Promise<void>;
}

const dataDirs: string[] = [];

/** A clinic PC, enrolled and approved, with `loginId` logged in and synced. */
export async function clinicPc(backend: TestBackend, region: TestRegion, loginId: string): Promise<ClinicPc> {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-timeline-'));
  dataDirs.push(dataDir);
  const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);
  const events: DesktopEvent[] = [];
  const start = async () => {
    const core = await RenkeiCore.start({ dataDir, tunnel: null, keychain, syncIntervalMs: 3_600_000 });
    core.onEvent((event) => events.push(event));
    return core;
  };
  const pc: ClinicPc = {
    core: await start(),
    dataDir,
    events,
    async restart(meanwhile) {
      await pc.core.stop();
      await meanwhile?.();
      pc.core = await start();
    },
  };
  const status = await pc.core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '事務所PC' });
  await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'test', backend.clock.now());
  await pc.core.refreshDevice();
  await pc.core.login({ loginId, password: TEST_PASSWORD });
  await pc.core.syncNow();
  return pc;
}

/** Removes the PCs' data directories (afterAll, once their cores stopped). */
export function removeClinicPcData(): void {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Waits until `until` holds, polling. */
export async function eventually<T>(what: string, probe: () => Promise<T> | T, until: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

/**
 * `timeline` as the server has it, read from `core`. After the server comes back a PC reconnects on
 * its own back-off and answers from its cache until then; a cached page cannot prove a post filed.
 */
export function readTimelineFromServer(core: RenkeiCore, timeline: TimelineRefView): Promise<TimelinePageView> {
  return eventually(
    'the timeline read from the server again',
    () => core.readTimeline(timeline),
    (page) => page.source === 'server',
    60_000,
  );
}

/** The reason of the refusal `promise` ends in. */
/** What the core refused `promise` with (its user-facing error); fails the test when it did not refuse. */
export async function failure(promise: Promise<unknown>): Promise<DesktopApiError['detail']> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DesktopApiError) return error.detail;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The reason the core refused `promise` with. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  return (await failure(promise)).reason;
}

/** The timeline changes among a PC's events. */
export const changes = (events: DesktopEvent[]): TimelineChange[] => events.flatMap((e) => (e.type === 'timeline' ? [e.change] : []));

/** A plain post on `timeline` (no flags, no mention), with what `extra` changes. */
export const postInput = (timeline: TimelineRefView, body: string, extra: Partial<WritePostInput> = {}): WritePostInput => ({
  timeline,
  body,
  urgent: false,
  asksConfirmation: false,
  mentionedUserIds: [],
  ...extra,
});
