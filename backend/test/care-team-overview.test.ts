// The care team on a patient's overview: in clinical order, each member with their own number
// where their office gave one, beside the office's phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenkeiError, type CareTeamRoleName, type ProfessionName } from '@renkei/proto';
import { createUser } from '../src/users/users';
import { call, closeClients } from './support/api-client';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

async function member(loginId: string, profession: ProfessionName, contactPhone?: string) {
  return createUser(
    backend.database,
    {
      loginId,
      familyName: '宮崎',
      givenName: loginId,
      familyNameKana: 'ミヤザキ',
      givenNameKana: 'タロウ',
      profession,
      facilityId: await region.facilityId,
      password: TEST_PASSWORD,
      ...(contactPhone !== undefined ? { contactPhone } : {}),
    },
    backend.clock.now(),
  );
}

describe('care team on the overview', () => {
  it('lists the team in clinical order, whatever order they joined in, with their own numbers', async () => {
    const patient = await region.patient();
    // Joined in the reverse of the order clinicians read the team in.
    const joining: [string, ProfessionName, CareTeamRoleName, string?][] = [
      ['ct.worker', 'PROFESSION_CARE_WORKER', 'CARE_TEAM_ROLE_CARE_WORKER'],
      ['ct.manager', 'PROFESSION_CARE_MANAGER', 'CARE_TEAM_ROLE_CARE_MANAGER'],
      ['ct.pharmacist', 'PROFESSION_PHARMACIST', 'CARE_TEAM_ROLE_PHARMACIST'],
      ['ct.nurse', 'PROFESSION_NURSE', 'CARE_TEAM_ROLE_VISITING_NURSE', '080-1111-2222'],
      ['ct.dentist', 'PROFESSION_DENTIST', 'CARE_TEAM_ROLE_DENTIST'],
      ['ct.substitute', 'PROFESSION_DOCTOR', 'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR'],
      ['ct.attending', 'PROFESSION_DOCTOR', 'CARE_TEAM_ROLE_ATTENDING_DOCTOR', '090-1234-5678'],
    ];
    for (const [loginId, profession, role, phone] of joining) {
      const user = await member(loginId, profession, phone);
      await region.join(patient.id, user.id, role);
      backend.clock.advance(1_000);
    }
    const credentials = await region.session('ct.worker');
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: patient.id }, credentials);
    expect(overview.careTeam.map((m: { role: string }) => m.role)).toEqual([
      'CARE_TEAM_ROLE_ATTENDING_DOCTOR',
      'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR',
      'CARE_TEAM_ROLE_DENTIST',
      'CARE_TEAM_ROLE_VISITING_NURSE',
      'CARE_TEAM_ROLE_PHARMACIST',
      'CARE_TEAM_ROLE_CARE_MANAGER',
      'CARE_TEAM_ROLE_CARE_WORKER',
    ]);
    expect(overview.careTeam[0]).toMatchObject({ contactPhone: '090-1234-5678' });
    expect(overview.careTeam[3]).toMatchObject({ contactPhone: '080-1111-2222' });
    expect(overview.careTeam[1].contactPhone).toBe('');
  });

  it('refuses an own number that is not a phone number, saying what to write', async () => {
    const error = await member('ct.badphone', 'PROFESSION_NURSE', 'PHS 内線12').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(RenkeiError);
    expect((error as RenkeiError).fieldViolations).toMatchObject([{ field: 'contactPhone', reason: 'NOT_A_PHONE_NUMBER' }]);
  });
});
