// A patient's access log through the desktop core, against a real backend (TLS, SQLite or
// PostgreSQL) and the real OS keychain: read newest first with the regional office's entries named
// in kind, and saved as CSV where the save dialog says (UTF-8 with BOM, the CLI's columns), the
// server recording the export; a cancelled dialog writes nothing; anyone else is refused, writing
// nothing; without a dialog (a page of its own) the core says so.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { osKeychain } from '../../src/core/keychain/keychain';
import { RenkeiCore } from '../../src/core/renkei-core';
import { failure } from './support/clinic-pc';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
}, 120_000);
afterAll(async () => {
  await backend?.stop();
});

async function coreFor(office: TestRegion, loginId: string, dataDir: string): Promise<RenkeiCore> {
  const core = await RenkeiCore.start({
    dataDir,
    tunnel: null,
    keychain: osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`),
    syncIntervalMs: 3_600_000,
  });
  const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await office.code(), deviceName: '診察室PC' });
  await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'admin:jimukyoku@renkei-server', backend.clock.now());
  await core.refreshDevice();
  await core.login({ loginId, password: TEST_PASSWORD });
  return core;
}

describe('the access log as CSV on a clinic PC', () => {
  const work = mkdtempSync(join(tmpdir(), 'renkei-desktop-access-log-'));
  const saveDir = join(work, 'saved');
  let doctor: RenkeiCore;
  let nurse: RenkeiCore;
  let patientId: string;

  beforeAll(async () => {
    const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    // Of another office: on the care team, but neither the attending doctor nor the registering office.
    const station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', '訪問看護ステーションあおしま');
    const nurseUser = await station.user('PROFESSION_NURSE', ['甲斐', '由美']);
    patientId = (await region.patient()).id;
    await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    await station.join(patientId, nurseUser.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    doctor = await coreFor(region, doctorUser.login_id, join(work, 'doctor'));
    nurse = await coreFor(station, nurseUser.login_id, join(work, 'nurse'));
    await doctor.getPatientOverview(patientId);
    // A first read of the log, itself recorded: the log then holds more than one event.
    await doctor.listPatientAccessLog({ patientId, fromDay: '', toDay: '', pageToken: '' });
  }, 180_000);
  afterAll(async () => {
    await doctor?.stop();
    await nurse?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('reads newest first', async () => {
    const page = await doctor.listPatientAccessLog({ patientId, fromDay: '', toDay: '', pageToken: '' });
    const seqs = page.entries.map((e) => e.seq);
    expect(seqs.length).toBeGreaterThan(1);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.entries.every((e) => e.actorKind === 'user' && e.actorLabel === '')).toBe(true);
  });

  it('saves the CSV where the dialog says, and the server records the export; a cancelled dialog writes nothing', async () => {
    mkdirSync(saveDir);
    const suggested: string[] = [];
    const cancelled = await doctor.saveAccessLogCsvTo({ patientId, fromDay: '', toDay: '' }, async (name) => {
      suggested.push(name);
      return null;
    });
    expect(cancelled.saved).toBe(false);
    expect(readdirSync(saveDir)).toEqual([]);

    const saved = await doctor.saveAccessLogCsvTo({ patientId, fromDay: '', toDay: '' }, async (name) => join(saveDir, name));
    expect(saved.saved).toBe(true);
    expect(saved.fileName).toMatch(/^access-log-\d{6}-\d{8}\.csv$/);
    expect(suggested[0]).toBe(saved.fileName);
    const csv = readFileSync(join(saveDir, saved.fileName), 'utf8');
    expect(csv.startsWith('\uFEFF"日時（日本時間）","操作者","操作者の区分","職種"')).toBe(true);
    const lines = csv
      .slice(1)
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines).toHaveLength(saved.rows + 1);
    expect(csv).toContain('"黒木 健一","利用者","医師"');
    // Both saves reached the server and are in the log (the cancelled one too: the log did reach this PC).
    const page = await doctor.listPatientAccessLog({ patientId, fromDay: '', toDay: '', pageToken: '' });
    expect(page.entries.filter((e) => e.action === 'audit.patient.export').map((e) => e.outcome)).toEqual(['ok', 'ok']);
  });

  it('refuses a member who does not oversee the log, writing nothing; a page without the app is told to use the app', async () => {
    const target = join(saveDir, 'nurse.csv');
    const refused = await failure(nurse.saveAccessLogCsvTo({ patientId, fromDay: '', toDay: '' }, async () => target));
    expect(refused.reason).toBe('ACCESS_LOG_NOT_PERMITTED');
    expect(existsSync(target)).toBe(false);
    const noDialog = await failure(doctor.saveAccessLogCsv({ patientId, fromDay: '', toDay: '' }));
    expect(noDialog.reason).toBe('SAVE_DIALOG_UNAVAILABLE');
  });
});
