// Archived patients through the desktop core, against a real backend (TLS, SQLite or PostgreSQL)
// and the real OS keychain: once the regional office archives a patient, the sync takes them off
// every PC; the registering office's doctor still finds them by asking the server (online only) and
// reads the overview, which this PC then does not keep; a team member of another office finds
// nothing; offline the search says it needs the connection.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, archivePatient, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
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

const ids = (found: { patients: { id: string }[] }) => found.patients.map((p) => p.id);

describe('archived patients on a clinic PC', () => {
  const work = mkdtempSync(join(tmpdir(), 'renkei-desktop-archived-'));
  let doctor: RenkeiCore;
  let nurse: RenkeiCore;
  let archived: string;
  let kept: string;

  beforeAll(async () => {
    const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', '訪問看護ステーションあおしま');
    const nurseUser = await station.user('PROFESSION_NURSE', ['甲斐', '由美']);
    // Registered by the doctor's clinic; the nurse's station is on the team but did not register it.
    archived = (await region.patient({ familyName: '宮崎', familyNameKana: 'ミヤザキ', givenName: 'ハル', givenNameKana: 'ハル' })).id;
    kept = (await region.patient({ familyName: '宮崎', familyNameKana: 'ミヤザキ', givenName: '一郎', givenNameKana: 'イチロウ' })).id;
    for (const id of [archived, kept]) {
      await region.join(id, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
      await station.join(id, nurseUser.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    }
    doctor = await coreFor(region, doctorUser.login_id, join(work, 'doctor'));
    // Shared with the team's other offices by the patient's consent, as in practice.
    for (const patientId of [archived, kept]) {
      await doctor.recordConsent({
        patientId,
        obtainedOn: '2026-11-20',
        obtainedBy: '主治医 黒木',
        scope: 'CONSENT_SCOPE_CARE_TEAM',
        facilityIds: [],
        formDocumentId: '',
        note: '',
      });
    }
    nurse = await coreFor(station, nurseUser.login_id, join(work, 'nurse'));
    await doctor.syncNow();
    await nurse.syncNow();
    expect(ids(await doctor.searchPatients('ミヤザキ')).sort()).toEqual([archived, kept].sort());
    expect(ids(await nurse.searchPatients('ミヤザキ')).sort()).toEqual([archived, kept].sort());
    await archivePatient(backend.database, archived, '施設入所により訪問終了', 'admin:jimukyoku@renkei-server', backend.clock.now());
    await doctor.syncNow();
    await nurse.syncNow();
  }, 180_000);
  afterAll(async () => {
    await doctor?.stop();
    await nurse?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('leaves every PC with the sync, and the cached search no longer finds the patient', async () => {
    expect(ids(await doctor.searchPatients('ミヤザキ'))).toEqual([kept]);
    expect(ids(await nurse.searchPatients('ミヤザキ'))).toEqual([kept]);
  });

  it("is found by the registering office's doctor on asking the server, archived patients only", async () => {
    const found = await doctor.searchArchivedPatients('みやざき');
    expect(ids(found)).toEqual([archived]);
    expect(found.patients[0]).toMatchObject({ name: { family: '宮崎', givenKana: 'ハル' }, myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'] });
    expect(found.patients[0]!.regionalNumber).toBeGreaterThan(0);
    // No text, no request: archived patients are never listed wholesale.
    expect(ids(await doctor.searchArchivedPatients('  '))).toEqual([]);
  });

  it('reads the archived overview from the server, marked archived, and keeps nothing of it on this PC', async () => {
    const overview = await doctor.getPatientOverview(archived);
    expect(overview.source).toBe('server');
    expect(overview.patient.archivedAt).not.toBeNull();
    // A read overview is normally put in the cache and so found by the cached search: not this one.
    expect(ids(await doctor.searchPatients('ミヤザキ'))).toEqual([kept]);
    const current = await doctor.getPatientOverview(kept);
    expect(current.patient.archivedAt).toBeNull();
  });

  it('finds nothing for a team member of another office', async () => {
    expect(ids(await nurse.searchArchivedPatients('ミヤザキ'))).toEqual([]);
  });

  it('says offline that the search needs the connection, and the overview is not there to read', async () => {
    await backend.server.stop();
    try {
      expect((await failure(doctor.searchArchivedPatients('ミヤザキ'))).reason).toBe('ARCHIVED_SEARCH_NEEDS_CONNECTION');
      expect((await failure(doctor.getPatientOverview(archived))).reason).toBe('PATIENT_NOT_CACHED');
      expect((await doctor.getPatientOverview(kept)).source).toBe('cache');
    } finally {
      await backend.startAgain();
    }
  });
});
