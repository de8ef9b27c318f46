// EmergencyInfoService and the patient's identity through the real gRPC backend: the emergency
// information (緊急時情報) is versioned with each part's recorder, read by every role and written
// only by the roles the chart policy names, validated with the field that is wrong, carried by the
// overview; every patient has a regional number, unique and searchable; an office's on-call number
// reaches the overview.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFacilityOnCallPhone } from '../src/facilities/facilities';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let doctor: Credentials;
let nurse: Credentials;
let careWorker: Credentials;
let pharmacist: Credentials;
const userIds: Record<string, string> = {};

const emergency = <T = any>(method: string, request: object, who: Credentials) => call<T>(region.clinical, 'EmergencyInfoService', method, request, who);

const FIRST = {
  baseVersion: 0,
  resuscitation: 'RESUSCITATION_DNAR',
  resuscitationNote: '本人・長女と確認',
  acp: '痛みなく家で過ごしたい',
  emergencyPlan: '救急要請せず訪問看護へ連絡',
  endOfLifeWish: '自宅での看取りを希望',
  infections: [{ kind: 'INFECTION_KIND_MRSA', note: '' }],
  keyPersons: [{ name: '宮崎 幸子', relation: '妻', phone: '090-3261-4408', note: '' }],
};

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const d = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const n = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  const w = await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  const p = await region.user('PROFESSION_PHARMACIST', ['児玉', '学']);
  Object.assign(userIds, { doctor: d.id, nurse: n.id, careWorker: w.id, pharmacist: p.id });
  patientId = (await region.patient()).id;
  await region.join(patientId, d.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, n.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patientId, w.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await region.join(patientId, p.id, 'CARE_TEAM_ROLE_PHARMACIST');
  doctor = await region.session(d.login_id);
  nurse = await region.session(n.login_id);
  careWorker = await region.session(w.login_id);
  pharmacist = await region.session(p.login_id);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('emergency information', () => {
  it('is empty (version 0) before anyone records it', async () => {
    const info = await emergency('GetEmergencyInfo', { patientId }, careWorker);
    expect(info).toMatchObject({ version: 0, resuscitation: 'RESUSCITATION_UNSPECIFIED', keyPersons: [], infections: [] });
    expect(info.resuscitationRecorded).toBeNull();
  });

  it('keeps every version, and each part says who last recorded it and when', async () => {
    const first = await emergency('RecordEmergencyInfo', { patientId, ...FIRST }, doctor);
    expect(first).toMatchObject({ version: 1, resuscitation: 'RESUSCITATION_DNAR', superseded: false });
    expect(first.author.name).toMatchObject({ family: '黒木' });
    expect(first.resuscitationRecorded.recordedBy.userId).toBe(userIds.doctor);

    backend.clock.advance(60 * 60_000);
    // The nurse changes only a key person's phone: the DNAR stays the doctor's.
    const second = await emergency(
      'RecordEmergencyInfo',
      { patientId, ...FIRST, baseVersion: 1, keyPersons: [{ ...FIRST.keyPersons[0], phone: '090-3261-4409' }] },
      nurse,
    );
    expect(second.version).toBe(2);
    expect(second.author.userId).toBe(userIds.nurse);
    expect(second.keyPersonsRecorded.recordedBy.userId).toBe(userIds.nurse);
    expect(second.resuscitationRecorded.recordedBy.userId).toBe(userIds.doctor);
    expect(Number(second.keyPersonsRecorded.recordedAt.seconds)).toBeGreaterThan(Number(second.resuscitationRecorded.recordedAt.seconds));

    const history = await emergency('GetEmergencyInfoHistory', { patientId }, careWorker);
    expect(history.versions.map((v: { version: number; superseded: boolean }) => [v.version, v.superseded])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(history.versions[1].keyPersons[0].phone).toBe('090-3261-4408');
  });

  it('refuses a save based on a version someone else already replaced, rather than overwriting it', async () => {
    const stale = await failure(emergency('RecordEmergencyInfo', { patientId, ...FIRST, baseVersion: 1, acp: '上書き' }, doctor));
    expect(stale.code).toBe(grpc.status.ABORTED);
    expect(stale.reason).toBe('EMERGENCY_INFO_SUPERSEDED');
    expect(stale.message).toContain('第2版');
    expect((await emergency('GetEmergencyInfo', { patientId }, doctor)).acp).toBe(FIRST.acp);
  });

  it('is read by a care worker and a pharmacist, but written only by doctors, the nurse and the care manager (refused on the server, and logged)', async () => {
    expect((await emergency('GetEmergencyInfo', { patientId }, careWorker)).resuscitation).toBe('RESUSCITATION_DNAR');
    for (const who of [careWorker, pharmacist]) {
      const refused = await failure(emergency('RecordEmergencyInfo', { patientId, ...FIRST, baseVersion: 2, acp: '書き換え' }, who));
      expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(refused.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
      expect(refused.message).toContain('緊急時情報');
    }
    const denied = await backend.database.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('actor_user_id', '=', userIds.careWorker!)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.action)).toContain('emergency-info.record');
    expect((await emergency('GetEmergencyInfo', { patientId }, doctor)).version).toBe(2);
  });

  it('refuses someone off the care team, even to read', async () => {
    const outsider = await region.user('PROFESSION_DOCTOR', ['部外', '者']);
    const session = await region.session(outsider.login_id);
    const refused = await failure(emergency('GetEmergencyInfo', { patientId }, session));
    expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
  });

  it('names each field that is wrong, in words that say what to do', async () => {
    const refused = await failure(
      emergency(
        'RecordEmergencyInfo',
        {
          patientId,
          ...FIRST,
          baseVersion: 2,
          infections: [{ kind: 'INFECTION_KIND_OTHER', note: '' }],
          keyPersons: [{ name: '長男', relation: '長男', phone: '', note: '' }],
        },
        doctor,
      ),
    );
    expect(refused.reason).toBe('INVALID_REQUEST');
    const fields = Object.fromEntries(refused.fieldViolations.map((v: { field: string; reason: string }) => [v.field, v.reason]));
    expect(fields).toMatchObject({ 'infections.0.note': 'INFECTION_NOTE_REQUIRED', 'keyPersons.0.phone': 'KEY_PERSON_PHONE_REQUIRED' });
    const badPhone = await failure(
      emergency(
        'RecordEmergencyInfo',
        { patientId, ...FIRST, baseVersion: 2, keyPersons: [{ name: '妻', relation: '', phone: 'いつでも', note: '' }] },
        doctor,
      ),
    );
    expect(badPhone.fieldViolations[0]).toMatchObject({ field: 'keyPersons.0.phone', reason: 'NOT_A_PHONE_NUMBER' });
    expect((await emergency('GetEmergencyInfo', { patientId }, doctor)).version).toBe(2);
  });

  it('makes no new version when saved unchanged', async () => {
    const current = await emergency('GetEmergencyInfo', { patientId }, doctor);
    const saved = await emergency('RecordEmergencyInfo', { patientId, ...FIRST, baseVersion: current.version, keyPersons: current.keyPersons }, doctor);
    expect(saved.version).toBe(current.version);
  });

  it('travels in the overview (so the desktop caches it) with the offices’ on-call numbers, and every write lands in the change feed', async () => {
    const start = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: '' }, careWorker);
    await setFacilityOnCallPhone(backend.database, await region.facilityId, '090-1111-2222', backend.clock.now());
    const changes = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: start.nextCursor }, careWorker);
    const mine = changes.changes.find((c: { patientId: string }) => c.patientId === patientId);
    expect(mine).toBeDefined();
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, careWorker);
    expect(overview.emergencyInfo).toMatchObject({ version: 2, resuscitation: 'RESUSCITATION_DNAR', infections: [{ kind: 'INFECTION_KIND_MRSA' }] });
    expect(overview.careTeam.map((m: { facility: { onCallPhone: string } }) => m.facility.onCallPhone)).toContain('090-1111-2222');
    const access = overview.chart.myAccess.find((a: { recordKind: string }) => a.recordKind === 'EMERGENCY_INFO');
    expect(access).toMatchObject({ canRead: true, canWrite: false });
  });
});

describe('regional patient number', () => {
  it('gives every patient a distinct number at registration, shown in the list and the overview, and found by search', async () => {
    const twinA = await region.patient({ familyName: '黒木', givenName: '昭子', familyNameKana: 'クロキ', givenNameKana: 'アキコ', birthDate: '1949-05-01' });
    const twinB = await region.patient({ familyName: '黒木', givenName: '昭子', familyNameKana: 'クロキ', givenNameKana: 'アキコ', birthDate: '1950-02-11' });
    expect(twinA.regional_number).toBeGreaterThan(0);
    expect(twinB.regional_number).toBe(twinA.regional_number + 1);
    const d = await region.user('PROFESSION_DOCTOR', ['日高', '真理']);
    await region.join(twinA.id, d.id);
    await region.join(twinB.id, d.id);
    const session = await region.session(d.login_id);

    const list = await call(region.clinical, 'PatientService', 'ListPatients', {}, session);
    expect(list.patients.map((p: { regionalNumber: number }) => p.regionalNumber).sort()).toEqual([twinA.regional_number, twinB.regional_number].sort());
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: twinB.id }, session);
    expect(overview.patient.regionalNumber).toBe(twinB.regional_number);

    const written = `No. ${String(twinB.regional_number).padStart(6, '0')}`;
    const found = await call(region.clinical, 'PatientService', 'SearchPatients', { query: written }, session);
    expect(found.patients.map((p: { id: string }) => p.id)).toEqual([twinB.id]);
    // Full-width digits, as typed with the Japanese IME on.
    const fullWidth = String(twinA.regional_number).replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const byIme = await call(region.clinical, 'PatientService', 'SearchPatients', { query: fullWidth }, session);
    expect(byIme.patients.map((p: { id: string }) => p.id)).toEqual([twinA.id]);
  });

  it('refuses a second patient with a number already given (the unique index holds)', async () => {
    const taken = await region.patient({ givenName: randomUUID().slice(0, 4) });
    const other = await region.patient();
    await expect(
      backend.database.db.updateTable('patients').set({ regional_number: taken.regional_number }).where('id', '=', other.id).execute(),
    ).rejects.toThrow();
  });
});
