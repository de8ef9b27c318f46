// Insurance and certification through the desktop core, against a real backend: the overview the
// core syncs carries the record and the list's marks, and both are read from the encrypted cache
// when the server is gone, counted on the day they are read (the shared rules, this PC's clock).
// A version recorded on this PC comes back in the overview and its cache and in the history; a
// wrong check digit is refused at its field, a version someone else replaced meanwhile is not
// overwritten, and offline nothing is recorded.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayText, japanDayOf } from '@renkei/proto/calendar';
import { checkDigitOf } from '@renkei/proto/chart-rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, call, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { osKeychain } from '../../src/core/keychain/keychain';
import { RenkeiCore } from '../../src/core/renkei-core';
import type { RecordCoverageInput } from '../../src/shared/coverage-views';
import { failure } from './support/clinic-pc';

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

/** A number with its 検証番号 appended, by the shared rule. */
const withCheckDigit = (digits: string) => `${digits}${checkDigitOf(digits)}`;

describe('insurance and certification on a clinic PC', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-coverage-'));
  const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);
  /** The PC's clock: the backend's, moved on by `ahead` once the server is gone. */
  let ahead = 0;
  let core: RenkeiCore;
  let patient: string;
  /** A patient nothing is recorded for until this PC records it. */
  let newcomer: string;
  let managerSession: Awaited<ReturnType<TestRegion['session']>>;
  const day = (days: number) => dayText(japanDayOf(backend.clock.now()).add({ days }));

  beforeAll(async () => {
    const doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const manager = await region.user('PROFESSION_CARE_MANAGER', ['日高', '恵']);
    patient = (await region.patient({ familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル' })).id;
    await region.join(patient, doctor.id);
    await region.join(patient, manager.id, 'CARE_TEAM_ROLE_CARE_MANAGER');
    newcomer = (await region.patient({ familyName: '日南', givenName: '清', familyNameKana: 'ニチナン', givenNameKana: 'キヨシ' })).id;
    await region.join(newcomer, doctor.id);
    await region.join(newcomer, manager.id, 'CARE_TEAM_ROLE_CARE_MANAGER');
    managerSession = await region.session(manager.login_id);
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
      managerSession,
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

  const firstRecord = (): RecordCoverageInput => ({
    patientId: newcomer,
    baseVersion: 0,
    medical: {
      insurerNumber: withCheckDigit('3945001'),
      symbol: '',
      number: '00123456',
      branch: '01',
      copayTenths: 1,
      publicExpenses: [{ payerNumber: withCheckDigit('5445001'), recipientNumber: withCheckDigit('123456'), name: '指定難病' }],
    },
    longTermCare: { insurerNumber: '452017', insuredNumber: '0000987654', copayTenths: 1 },
    certification: { careLevel: 'CARE_LEVEL_CARE_2', validFrom: day(-100), validUntil: day(265) },
    disabilityIndependence: 'DISABILITY_INDEPENDENCE_A2',
    dementiaIndependence: 'DEMENTIA_INDEPENDENCE_I',
    changeReason: '',
  });

  it('records the first version from this PC; the overview and the history show it, with who recorded it', async () => {
    expect((await core.getPatientOverview(newcomer)).coverage).toBeNull();
    expect(await core.getCoverageHistory(newcomer)).toEqual([]);

    const saved = await core.recordCoverage(firstRecord());
    expect(saved).toMatchObject({
      version: 1,
      medical: { branch: '01', copayTenths: 1, publicExpenses: [{ name: '指定難病', recipientNumber: withCheckDigit('123456') }] },
      certification: { careLevel: 'CARE_LEVEL_CARE_2', validUntil: day(265) },
      recordedBy: { name: { family: '黒木' }, profession: 'PROFESSION_DOCTOR' },
    });
    const overview = await core.getPatientOverview(newcomer);
    expect(overview.coverage).toEqual(saved);
    // The 認定's level is the patient's care level: the header and the list follow it.
    expect(overview.patient.careLevel).toBe('CARE_LEVEL_CARE_2');
  });

  it('refuses a wrong check digit at its field, in both languages, and records nothing', async () => {
    const current = (await core.getPatientOverview(newcomer)).coverage!;
    const typo = firstRecord();
    typo.baseVersion = current.version;
    typo.medical!.insurerNumber = `${typo.medical!.insurerNumber.slice(0, 7)}${(Number(typo.medical!.insurerNumber[7]) + 1) % 10}`;
    const refused = await failure(core.recordCoverage(typo));
    expect(refused.reason).toBe('INVALID_REQUEST');
    expect(refused.fields).toEqual([
      expect.objectContaining({
        field: 'medical.insurerNumber',
        reason: 'INSURANCE_NUMBER_CHECK_DIGIT',
        message: {
          ja: expect.stringContaining('保険者番号の検証番号（最後の1桁）が合いません'),
          en: expect.stringContaining('check digit'),
        },
      }),
    ]);
    expect((await core.getCoverageHistory(newcomer)).map((v) => v.version)).toEqual([1]);
  });

  it("changes it on top of the version seen, and does not overwrite a colleague's newer version", async () => {
    const changed = await core.recordCoverage({
      ...firstRecord(),
      baseVersion: 1,
      longTermCare: { insurerNumber: '452017', insuredNumber: '0000987654', copayTenths: 2 },
      changeReason: '負担割合証の更新（2割）',
    });
    expect(changed).toMatchObject({ version: 2, longTermCare: { copayTenths: 2 }, changeReason: '負担割合証の更新（2割）' });

    // The care manager records version 3 from her office while this PC still shows version 2.
    await call(
      region.clinical,
      'CoverageService',
      'RecordCoverage',
      { patientId: newcomer, baseVersion: 2, certification: { careLevel: 'CARE_LEVEL_CARE_3', validFrom: day(0), validUntil: day(364) } },
      managerSession,
    );
    const stale = await failure(core.recordCoverage({ ...firstRecord(), baseVersion: 2, changeReason: '記号の訂正' }));
    expect(stale.reason).toBe('COVERAGE_VERSION_SUPERSEDED');
    expect(stale.message.ja).toContain('すでに別の人が更新しています（第3版）');
    expect(stale.message.en).toContain('someone else');

    const history = await core.getCoverageHistory(newcomer);
    expect(history.map((v) => [v.version, v.recordedBy.name.family, v.changeReason])).toEqual([
      [3, '日高', ''],
      [2, '黒木', '負担割合証の更新（2割）'],
      [1, '黒木', ''],
    ]);
    expect(history[0]!.recordedBy.facilityName).not.toBe('');
    // The overview (and with it the cache) carries the newest version, not this PC's last save.
    expect((await core.getPatientOverview(newcomer)).coverage).toMatchObject({ version: 3, medical: null, certification: { careLevel: 'CARE_LEVEL_CARE_3' } });
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

  it('offline: the last version read is in the cache, and recording or the history is refused with the connection words', async () => {
    // The server was stopped by the test above.
    const offline = await core.getPatientOverview(newcomer);
    expect(offline.source).toBe('cache');
    expect(offline.coverage).toMatchObject({ version: 3, certification: { careLevel: 'CARE_LEVEL_CARE_3' } });
    const refused = await failure(core.recordCoverage({ ...firstRecord(), baseVersion: 3 }));
    expect(refused.reason).toBe('CHART_NEEDS_CONNECTION');
    expect(refused.message.ja).toContain('サーバーへの接続が必要です');
    expect((await failure(core.getCoverageHistory(newcomer))).reason).toBe('CHART_NEEDS_CONNECTION');
  });
});
