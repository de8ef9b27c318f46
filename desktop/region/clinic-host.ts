// A clinic PC's desktop core as a process of its own: how the demo, the system test, the benchmark
// and the end-to-end test run it inside the clinic network namespace. Its data directory is
// RENKEI_DATA_DIR, its keychain the Secret Service in its environment (demo-region.ts starts a
// private one). It speaks one JSON object per line on stdin/stdout:
//   in:  {id, method, args}                    a DesktopApi method, a DesktopHost method (stageFile,
//                                              stageBytes with the bytes as base64, setWatchedFolder)
//                                              or a probe below
//   out: {id, result, binary?} | {id, error}   error is a UserFacingError; binary lists where the
//                                              result's bytes are, as base64 (shared/binary-values.ts)
//   out: {event}                               every DesktopEvent of the core
// Usage: clinic-host.ts [tunnel-socket-path]   (no socket: this PC has no tunnel service)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ClinicalApi } from '../src/core/api/clinical-api';
import { ApiError } from '../src/core/api/api-error';
import { overviewFromMessage } from '../src/core/cache/overview-mapping';
import { PatientCache } from '../src/core/cache/patient-cache';
import { DeviceRecordStore } from '../src/core/device/device-record';
import { KeychainAccount, osKeychain } from '../src/core/keychain/keychain';
import { toDesktopError } from '../src/core/desktop-error';
import { RenkeiCore } from '../src/core/renkei-core';
import { syncCache } from '../src/core/sync/sync-engine';
import { TunnelServiceClient } from '../src/core/tunnel/tunnel-client';
import { extractBinary } from '../src/shared/binary-values';
import type { FhirExportQuery } from '../src/shared/fhir-export-views';
import type { AccessLogExportQuery } from '../src/shared/access-log-views';
import { DESKTOP_API_METHODS } from '../src/shared/desktop-api';

const [socketPath] = process.argv.slice(2);
const dataDir = process.env.RENKEI_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'renkei-clinic-'));
const keychain = osKeychain();
const core = await RenkeiCore.start({ dataDir, tunnel: socketPath ? new TunnelServiceClient({ socketPath }) : null, keychain });
const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
core.onEvent((event) => send({ event }));

/** Calls Login at `address` with this device's real credentials; reports how it was refused. */
async function probeClinical(address: string): Promise<{ ok: boolean; code?: number; reason?: string; unreachable?: boolean }> {
  const api = await deviceApi(address);
  try {
    await api.login('probe', 'probe-password-1');
    return { ok: true };
  } catch (error) {
    const e = ApiError.from(error);
    return { ok: false, code: e.code, reason: e.reason, unreachable: e.unreachable };
  } finally {
    api.close();
  }
}

/** For the benchmark: how long each overview read takes inside the core, and where it came from. */
async function timeOverviewReads(ids: string[]): Promise<{ ms: number; source: string }[]> {
  const samples: { ms: number; source: string }[] = [];
  for (const id of ids) {
    const started = performance.now();
    const overview = await core.getPatientOverview(id);
    samples.push({ ms: performance.now() - started, source: overview.source });
  }
  return samples;
}

/** This device's own connection to `address` (the clinical API unless told), as the probes below open it. */
async function deviceApi(address?: string): Promise<ClinicalApi> {
  const record = new DeviceRecordStore(dataDir).read()!;
  const secret = (await keychain.get(KeychainAccount.deviceSecret(record.deviceId)))!;
  return new ClinicalApi(address ?? record.clinicalApiAddress!, record.caPem, { deviceId: record.deviceId, secret });
}

/**
 * For the benchmark: the logged-in user's connection of its own (the session the core keeps) and
 * a fresh cache, so a measurement neither shares the core's connection nor touches its cache.
 */
async function withBenchSession<T>(work: (api: ClinicalApi, cache: PatientCache, userId: string) => Promise<T>): Promise<T> {
  const session = JSON.parse((await keychain.get(KeychainAccount.session))!) as { token: string; user: { id: string } };
  const api = await deviceApi();
  api.setSession(session.token);
  const cache = PatientCache.open(join(mkdtempSync(join(tmpdir(), 'renkei-bench-')), 'cache.sqlite'), randomBytes(32));
  try {
    return await work(api, cache, session.user.id);
  } finally {
    cache.close();
    api.close();
  }
}

/**
 * For the benchmark: an overview read's steps with the core's own functions but not through the
 * core: the call on a connection of its own (gRPC and decoding), the mapping to what the cache
 * stores, and the cache write.
 */
function timeOverviewReadSteps(ids: string[]): Promise<{ call: number; mapping: number; cacheWrite: number }[]> {
  return withBenchSession(async (api, cache, userId) => {
    const samples: { call: number; mapping: number; cacheWrite: number }[] = [];
    for (const id of ids) {
      const started = performance.now();
      const message = await api.overview(id);
      const answered = performance.now();
      const stored = overviewFromMessage(message, userId, new Date());
      const mapped = performance.now();
      cache.put(stored);
      samples.push({ call: answered - started, mapping: mapped - answered, cacheWrite: performance.now() - mapped });
    }
    return samples;
  });
}

/** For the benchmark: round trips of the standard health check (no session, no database) to the clinical API, over the tunnel. */
async function timeHealthChecks(count: number): Promise<number[]> {
  const api = await deviceApi();
  try {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await api.checkHealth(5_000);
      samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    api.close();
  }
}

/** For the benchmark: a full sync of the logged-in user into a fresh cache, over the tunnel. */
function timeFullSync(): Promise<{ ms: number; patients: number }> {
  return withBenchSession(async (api, cache, userId) => {
    const started = performance.now();
    await syncCache(api, cache, userId);
    return { ms: performance.now() - started, patients: cache.size };
  });
}

const probes: Record<string, (...args: any[]) => Promise<unknown>> = {
  // The DesktopHost methods, which the screens reach only through main or the bridge.
  stageFile: (path: string) => core.stageFile(path),
  stageBytes: (fileName: string, base64: string) =>
    core.stageBytes(
      fileName,
      (async function* () {
        yield Buffer.from(base64, 'base64');
      })(),
    ),
  setWatchedFolder: (path: string | null) => core.setWatchedFolder(path),
  saveAccessLogCsvAt: (query: AccessLogExportQuery, path: string) => core.saveAccessLogCsvTo(query, async () => path),
  saveFhirExportAt: (query: FhirExportQuery, path: string) => core.saveFhirExportTo(query, async () => path),
  probeClinical,
  timeOverviewReads,
  timeHealthChecks,
  timeOverviewReadSteps,
  timeFullSync,
  keychainAccounts: async () => (await keychain.accounts()).sort(),
  shutdown: async () => {
    await core.stop();
    setImmediate(() => process.exit(0));
    return true;
  },
};

function run(method: string, args: unknown[]): Promise<unknown> {
  if ((DESKTOP_API_METHODS as readonly string[]).includes(method)) {
    return (core[method as (typeof DESKTOP_API_METHODS)[number]] as (...a: unknown[]) => Promise<unknown>)(...args);
  }
  const probe = probes[method];
  return probe ? probe(...args) : Promise.reject(new Error(`no method ${method}`));
}

for await (const line of createInterface({ input: process.stdin })) {
  const { id, method, args } = JSON.parse(line) as { id: number; method: string; args: unknown[] };
  void Promise.resolve()
    .then(() => run(method, args))
    .then(
      (result) => {
        const { value, binary } = extractBinary(result, (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
        send(binary.length > 0 ? { id, result: value, binary } : { id, result: value });
      },
      (error: unknown) => send({ id, error: toDesktopError(error).detail }),
    );
}
