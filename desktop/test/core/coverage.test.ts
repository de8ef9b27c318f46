// Insurance and certification through the desktop core, against a real backend: the overview the
// core syncs carries the record and the list's marks, and both are read from the encrypted cache
// when the server is gone, counted on the day they are read (the shared rules, this PC's clock).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayText, japanDayOf } from '@renkei/proto/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, call, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { osKeychain } from '../../src/core/keychain/keychain';
import { RenkeiCore } from '../../src/core/renkei-core';

const DAY = 86_400_000;
let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
}, 120_000);
afterAll(async () => {
  await backend?.stop();
});

describe('insurance and certification on a clinic PC', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-coverage-'));
  const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);
  /** The PC's clock: the backend's, moved on by `ahead` once the server is gone. */
  let ahead = 0;
  let core: RenkeiCore;
  let patient: string;
  const day = (days: number) => dayText(japanDayOf(backend.clock.now()).add({ days }));

  beforeAll(async () => {
    const doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const manager = await region.user('PROFESSION_CARE_MANAGER', ['日高', '恵']);
    patient = (await region.patient({ familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル' })).id;
    await region.join(patient, doctor.id);
    await region.join(patient, manager.id, 'CARE_TEAM_ROLE_CARE_MANAGER');
    await call(
      region.clinical,
      'CoverageService',
      'RecordCoverage',
      {
        patientId: patient,
        longTermCare: { insurerNumber: '452017', insuredNumber: '0000123456', copayTenths: 1 },
        certification: { careLevel: 'CARE_LEVEL_CARE_3', validFrom: day(-300), validUntil: day(70) },
        disabilityIndependence: 'DISABILITY_INDEPENDENCE_B1',
      },
      await region.session(manager.login_id),
    );
    core = await RenkeiCore.start({ dataDir, tunnel: null, keychain, syncIntervalMs: 3_600_000, now: () => new Date(backend.clock.now().getTime() + ahead) });
    const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '診察室PC' });
    await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'test', backend.clock.now());
    await core.refreshDevice();
    await core.login({ loginId: doctor.login_id, password: TEST_PASSWORD });
    await core.syncNow();
  });
  afterAll(async () => {
    await core?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('syncs the record into the overview, sealed, and marks the list from the cache on the day it is read', async () => {
    const online = await core.getPatientOverview(patient);
    expect(online.coverage).toMatchObject({
      version: 1,
      longTermCare: { insuredNumber: '0000123456', copayTenths: 1 },
      certification: { careLevel: 'CARE_LEVEL_CARE_3', validUntil: day(70) },
      disabilityIndependence: 'DISABILITY_INDEPENDENCE_B1',
      recordedBy: { name: { family: '日高' }, profession: 'PROFESSION_CARE_MANAGER' },
    });
    expect(online.patient.careLevel).toBe('CARE_LEVEL_CARE_3');
    expect((await core.searchPatients('みやざき')).patients[0]?.marks).toEqual({ instruction: null, certification: null });
    // Nothing of the numbers is readable on disk.
    for (const file of readdirSync(join(dataDir, 'caches'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      expect(readFileSync(join(file.parentPath, file.name)).includes(Buffer.from('0000123456'))).toBe(false);
    }

    await backend.server.stop();
    ahead = 15 * DAY;
    const offline = await core.getPatientOverview(patient);
    expect(offline.source).toBe('cache');
    expect(offline.coverage).toEqual(online.coverage);
    // 70 days left at sync, 55 on the day the list is read offline: within the 60-day window.
    expect((await core.searchPatients('みやざき')).patients[0]?.marks.certification).toEqual({ validUntil: day(70), expired: false, daysLeft: 55 });
    expect(offline.patient.marks.certification).toMatchObject({ daysLeft: 55 });
  });
});
