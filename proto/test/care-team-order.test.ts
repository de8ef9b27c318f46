import { describe, expect, it } from 'vitest';
import { CARE_TEAM_ROLE_ORDER, inClinicalOrder } from '../src/care-team-order';
import { CARE_TEAM_ROLES } from '../src/labels';

const member = (role: string, familyKana: string) => ({ role, name: { familyKana, givenKana: '' } });

describe('care team order', () => {
  it('lists the team as clinicians read it: doctors, dentist, nursing, rehab, pharmacy, hospital, care', () => {
    const team = [
      member('CARE_TEAM_ROLE_OTHER', 'ア'),
      member('CARE_TEAM_ROLE_CARE_WORKER', 'ア'),
      member('CARE_TEAM_ROLE_CARE_MANAGER', 'ア'),
      member('CARE_TEAM_ROLE_HOSPITAL_LIAISON', 'ア'),
      member('CARE_TEAM_ROLE_PHARMACIST', 'ア'),
      member('CARE_TEAM_ROLE_THERAPIST', 'ア'),
      member('CARE_TEAM_ROLE_VISITING_NURSE', 'ア'),
      member('CARE_TEAM_ROLE_DENTIST', 'ア'),
      member('CARE_TEAM_ROLE_COOPERATING_DOCTOR', 'ア'),
      member('CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR', 'ア'),
      member('CARE_TEAM_ROLE_ATTENDING_DOCTOR', 'ア'),
    ];
    expect(inClinicalOrder(team).map((m) => m.role)).toEqual([
      'CARE_TEAM_ROLE_ATTENDING_DOCTOR',
      'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR',
      'CARE_TEAM_ROLE_COOPERATING_DOCTOR',
      'CARE_TEAM_ROLE_DENTIST',
      'CARE_TEAM_ROLE_VISITING_NURSE',
      'CARE_TEAM_ROLE_THERAPIST',
      'CARE_TEAM_ROLE_PHARMACIST',
      'CARE_TEAM_ROLE_HOSPITAL_LIAISON',
      'CARE_TEAM_ROLE_CARE_MANAGER',
      'CARE_TEAM_ROLE_CARE_WORKER',
      'CARE_TEAM_ROLE_OTHER',
    ]);
  });

  it('orders two nurses by their reading, and puts a role it does not know last', () => {
    const team = [member('CARE_TEAM_ROLE_FUTURE', 'ア'), member('CARE_TEAM_ROLE_VISITING_NURSE', 'ヤマダ'), member('CARE_TEAM_ROLE_VISITING_NURSE', 'スズキ')];
    expect(inClinicalOrder(team).map((m) => m.name.familyKana)).toEqual(['スズキ', 'ヤマダ', 'ア']);
    expect(team[0]!.role).toBe('CARE_TEAM_ROLE_FUTURE');
  });

  it('places every role the contract defines', () => {
    expect([...CARE_TEAM_ROLE_ORDER].sort()).toEqual([...CARE_TEAM_ROLES].sort());
  });
});
