// The "clinic PC" of the system test: the real desktop core, run inside the clinic network
// namespace with its own OS keychain, driven by the test over stdin/stdout (one JSON object per
// line: {id, method, args} in, {id, result} or {id, error} out). Besides the DesktopApi methods it
// offers probes that try to reach the clinical API the ways an attacker would.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClinicalApi } from '../../../src/core/api/clinical-api';
import { ApiError } from '../../../src/core/api/api-error';
import { PatientCache } from '../../../src/core/cache/patient-cache';
import { DeviceRecordStore } from '../../../src/core/device/device-record';
import { syncCache } from '../../../src/core/sync/sync-engine';
import { KeychainAccount, osKeychain } from '../../../src/core/keychain/keychain';
import { RenkeiCore, toDesktopError } from '../../../src/core/renkei-core';
import { TunnelServiceClient } from '../../../src/core/tunnel/tunnel-client';
import { startSecretService } from '../../support/secret-service';

const [socketPath] = process.argv.slice(2);
const secrets = await startSecretService();
Object.assign(process.env, secrets.env);
const dataDir = mkdtempSync(join(tmpdir(), 'renkei-clinic-'));
const keychain = osKeychain();
const core = await RenkeiCore.start({ dataDir, tunnel: new TunnelServiceClient({ socketPath }), keychain, syncIntervalMs: 3_600_000 });

/** Calls Login at `address` with this device's real credentials; reports how it was refused. */
async function probeClinical(address: string): Promise<{ ok: boolean; code?: number; reason?: string; unreachable?: boolean }> {
  const record = new DeviceRecordStore(dataDir).read()!;
  const secret = (await keychain.get(KeychainAccount.deviceSecret(record.deviceId)))!;
  const api = new ClinicalApi(address, record.caPem, { deviceId: record.deviceId, secret });
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

/** For the benchmark: a full sync of the logged-in user into a fresh cache, over the tunnel. */
async function timeFullSync(): Promise<{ ms: number; patients: number }> {
  const record = new DeviceRecordStore(dataDir).read()!;
  const secret = (await keychain.get(KeychainAccount.deviceSecret(record.deviceId)))!;
  const session = JSON.parse((await keychain.get(KeychainAccount.session))!) as { token: string; user: { id: string } };
  const api = new ClinicalApi(record.clinicalApiAddress!, record.caPem, { deviceId: record.deviceId, secret });
  api.setSession(session.token);
  const cache = PatientCache.open(join(mkdtempSync(join(tmpdir(), 'renkei-bench-')), 'cache.sqlite'), randomBytes(32));
  try {
    const started = performance.now();
    await syncCache(api, cache, session.user.id);
    return { ms: performance.now() - started, patients: cache.size };
  } finally {
    cache.close();
    api.close();
  }
}

const methods: Record<string, (...args: any[]) => Promise<unknown>> = {
  getStatus: () => core.getStatus(),
  enroll: (input) => core.enroll(input),
  refreshDevice: () => core.refreshDevice(),
  connectTunnel: () => core.connectTunnel(),
  disconnectTunnel: () => core.disconnectTunnel(),
  login: (input) => core.login(input),
  logout: () => core.logout(),
  syncNow: () => core.syncNow(),
  searchPatients: (query) => core.searchPatients(query),
  getPatientOverview: (id) => core.getPatientOverview(id),
  probeClinical: (address) => probeClinical(address),
  keychainAccounts: async () => (await (await import('keytar')).default.findCredentials('jp.renkei.desktop')).map((c) => c.account),
  dataDir: async () => dataDir,
  timeOverviewReads: (ids: string[]) => timeOverviewReads(ids),
  timeFullSync: () => timeFullSync(),
  shutdown: async () => {
    await core.stop();
    await secrets.stop();
    setImmediate(() => process.exit(0));
    return true;
  },
};

for await (const line of createInterface({ input: process.stdin })) {
  const { id, method, args } = JSON.parse(line) as { id: number; method: string; args: unknown[] };
  const run = methods[method];
  void Promise.resolve()
    .then(() => (run ? run(...args) : Promise.reject(new Error(`no method ${method}`))))
    .then(
    (result) => process.stdout.write(`${JSON.stringify({ id, result })}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id, error: toDesktopError(error).detail })}\n`),
  );
}
