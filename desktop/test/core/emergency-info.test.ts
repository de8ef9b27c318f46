// The emergency information and the patient's identity through the desktop core, against a real
// backend (TLS, SQLite or PostgreSQL), the real OS keychain and the real encrypted cache: a change
// recorded on this PC comes back in the overview, sync caches it, and with the server gone the
// overview still carries it (DNAR, key persons, who recorded them) and the offices' on-call
// numbers; the list is searched by regional number offline; the history needs the server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, setFacilityOnCallPhone, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
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

describe('emergency information on a clinic PC', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-emergency-'));
  const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);
  let core: RenkeiCore;
  let patient: string;
  let regionalNumber: number;

  beforeAll(async () => {
    const user = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const registered = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミクト' });
    patient = registered.id;
    regionalNumber = registered.regional_number;
    await region.join(patient, user.id);
    await setFacilityOnCallPhone(backend.database, await region.facilityId, '090-8761-2401', backend.clock.now());
    core = await RenkeiCore.start({ dataDir, tunnel: null, keychain, syncIntervalMs: 3_600_000 });
    const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '診察室PC' });
    await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'test', backend.clock.now());
    await core.refreshDevice();
    await core.login({ loginId: user.login_id, password: TEST_PASSWORD });
    await core.syncNow();
  });
  afterAll(async () => {
    await core?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records a version and finds it in the overview, with who recorded each part', async () => {
    const before = await core.getPatientOverview(patient);
    expect(before.emergencyInfo).toMatchObject({ version: 0, resuscitation: 'RESUSCITATION_UNSPECIFIED' });
    const saved = await core.recordEmergencyInfo({
      patientId: patient,
      baseVersion: 0,
      resuscitation: 'RESUSCITATION_DNAR',
      resuscitationNote: '本人・妻と確認',
      acp: '痛みなく家で過ごしたい',
      emergencyPlan: '救急要請せず訪問看護へ',
      endOfLifeWish: '自宅での看取りを希望',
      infections: [{ kind: 'INFECTION_KIND_OTHER', note: 'ノロウイルス' }],
      keyPersons: [{ name: '宮崎 幸子', relation: '妻', phone: '090-3261-4408', note: '' }],
    });
    expect(saved).toMatchObject({ version: 1, author: { name: { family: '黒木' } } });
    expect(saved.resuscitationRecorded?.by.name.family).toBe('黒木');
    await core.syncNow();
    const after = await core.getPatientOverview(patient);
    expect(after.emergencyInfo).toMatchObject({ version: 1, resuscitation: 'RESUSCITATION_DNAR', keyPersons: [{ phone: '090-3261-4408' }] });
    expect(after.careTeam[0]!.facilityOnCallPhone).toBe('090-8761-2401');
    expect(after.patient.regionalNumber).toBe(regionalNumber);
    expect((await core.getEmergencyInfoHistory(patient)).map((v) => v.version)).toEqual([1]);
  });

  it('reads it offline from the encrypted cache, and finds the patient by regional number there', async () => {
    const online = await core.getPatientOverview(patient);
    await backend.server.stop();

    const offline = await core.getPatientOverview(patient);
    expect(offline.source).toBe('cache');
    expect(offline.emergencyInfo).toEqual(online.emergencyInfo);
    expect(offline.emergencyInfo?.resuscitation).toBe('RESUSCITATION_DNAR');
    expect(offline.careTeam.map((m) => m.facilityOnCallPhone)).toContain('090-8761-2401');

    const found = await core.searchPatients(`No. ${String(regionalNumber).padStart(6, '0')}`);
    expect(found.patients.map((p) => p.id)).toEqual([patient]);

    // Nothing of it is readable on disk.
    for (const entry of readdirSync(join(dataDir, 'caches'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const raw = readFileSync(join(entry.parentPath, entry.name));
      expect(raw.includes(Buffer.from('自宅での看取り')), `${entry.name} holds the wish`).toBe(false);
      expect(raw.includes(Buffer.from('090-3261-4408')), `${entry.name} holds the phone`).toBe(false);
    }
    expect((await failure(core.getEmergencyInfoHistory(patient))).reason).toBe('CHART_NEEDS_CONNECTION');
  });
});
