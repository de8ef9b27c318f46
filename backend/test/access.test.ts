// Authorization RPC by RPC: a user on the patient's care team sees the patient; a user who is not
// does not, through any method. The table below must cover every method of the API.
import * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPC_POLICY } from '../src/access/rpc-policy';
import { removeCareTeamMember } from '../src/care-teams/care-teams';
import { call, closeClients, failure } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let member: { device: string; session: string };
let outsider: { device: string; session: string };

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const stranger = await region.user('PROFESSION_NURSE', ['他人', '花子']);
  const patient = await region.patient({ familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル' });
  patientId = patient.id;
  await region.join(patientId, doctor.id);
  // The outsider is on another patient's team: a real user with patients, just not this one.
  const other = await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' });
  await region.join(other.id, stranger.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  member = await region.session(doctor.login_id);
  outsider = await region.session(stranger.login_id);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

const ids = (patients: { id: string }[]) => patients.map((p) => p.id);

async function pullAll(credentials: { device: string; session: string }): Promise<{ upserted: string[]; removed: string[] }> {
  let cursor = '';
  const upserted: string[] = [];
  const removed: string[] = [];
  for (;;) {
    const page = await call(region.clinical, 'SyncService', 'PullChanges', { cursor }, credentials);
    for (const change of page.changes) (change.upserted ? upserted : removed).push(change.patientId);
    cursor = page.nextCursor;
    if (!page.hasMore) return { upserted, removed };
  }
}

/** For each method: what the member gets, and what the outsider gets, for the same patient. */
const CASES: Record<string, { member(): Promise<void>; outsider(): Promise<void> }> = {
  '/renkei.v1.PatientService/GetPatientOverview': {
    async member() {
      const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, member);
      expect(overview.patient.name.family).toBe('宮崎');
    },
    async outsider() {
      const error = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, outsider));
      expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
      expect(error.message).toContain('ケアチームに登録されていません');
    },
  },
  '/renkei.v1.PatientService/ListPatients': {
    async member() {
      expect(ids((await call(region.clinical, 'PatientService', 'ListPatients', {}, member)).patients)).toContain(patientId);
    },
    async outsider() {
      const listed = ids((await call(region.clinical, 'PatientService', 'ListPatients', {}, outsider)).patients);
      expect(listed).toHaveLength(1);
      expect(listed).not.toContain(patientId);
    },
  },
  '/renkei.v1.PatientService/SearchPatients': {
    async member() {
      expect(ids((await call(region.clinical, 'PatientService', 'SearchPatients', { query: 'みやざき' }, member)).patients)).toEqual([patientId]);
    },
    async outsider() {
      expect((await call(region.clinical, 'PatientService', 'SearchPatients', { query: 'みやざき' }, outsider)).patients).toEqual([]);
    },
  },
  '/renkei.v1.SyncService/PullChanges': {
    async member() {
      expect((await pullAll(member)).upserted).toContain(patientId);
    },
    async outsider() {
      const feed = await pullAll(outsider);
      expect(feed.upserted).not.toContain(patientId);
      expect(feed.removed).not.toContain(patientId);
    },
  },
  // Not about a patient: they answer about the caller only, and need a session.
  '/renkei.v1.AuthService/GetCurrentUser': {
    async member() {
      expect((await call(region.clinical, 'AuthService', 'GetCurrentUser', {}, member)).name.family).toBe('黒木');
    },
    async outsider() {
      expect((await call(region.clinical, 'AuthService', 'GetCurrentUser', {}, outsider)).name.family).toBe('他人');
    },
  },
  '/renkei.v1.AuthService/Logout': {
    async member() {
      const extra = await region.session((await region.user()).login_id);
      await call(region.clinical, 'AuthService', 'Logout', {}, extra);
    },
    async outsider() {
      const error = await failure(call(region.clinical, 'AuthService', 'Logout', {}, { device: outsider.device }));
      expect(error.reason).toBe('SESSION_REQUIRED');
    },
  },
  // Before a session exists: covered in auth.test.ts and enrollment.test.ts.
  '/renkei.v1.AuthService/Login': { async member() {}, async outsider() {} },
  '/renkei.v1.EnrollmentService/Enroll': { async member() {}, async outsider() {} },
  '/renkei.v1.EnrollmentService/GetDeviceStatus': { async member() {}, async outsider() {} },
};

describe('authorization, RPC by RPC', () => {
  it('has a policy and a case here for every method of the API', () => {
    const v1 = loadApi().grpcObject.renkei.v1;
    const paths = [v1.EnrollmentService, v1.AuthService, v1.PatientService, v1.SyncService].flatMap((s) => Object.values(s.service).map((m) => m.path));
    expect(paths.sort()).toEqual(Object.keys(RPC_POLICY).sort());
    expect(paths.sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [path, check] of Object.entries(CASES)) {
    it(`${path}: the care team member is served, the outsider is not`, async () => {
      await check.member();
      await check.outsider();
    });
  }

  it('refuses a malformed patient id as INVALID_ARGUMENT before looking anything up', async () => {
    const error = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: "1' or '1'='1" }, member));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.fieldViolations[0]?.field).toBe('patientId');
  });

  it('does not tell a patient that does not exist from one the user may not see', async () => {
    const error = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: '00000000-0000-4000-8000-000000000000' }, member));
    expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });

  it('takes access away the moment a member leaves the team, and logs the refusal', async () => {
    const nurse = await region.user('PROFESSION_NURSE');
    await region.join(patientId, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    const nurseSession = await region.session(nurse.login_id);
    await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurseSession);
    await removeCareTeamMember(backend.database, patientId, nurse.id, backend.clock.now());
    expect((await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurseSession))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    const denials = await backend.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('actor_user_id', '=', nurse.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denials.map((d) => d.patient_id)).toEqual([patientId]);
  });

  it('records every overview read with user, device and patient', async () => {
    await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, member);
    const reads = await backend.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'patient.overview.read').where('patient_id', '=', patientId).execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.at(-1)!.actor_device_id).toBe(member.device.split('.')[0]);
  });
});
