// The order a care team is listed in, as clinicians read it: who is responsible first (主治医, then
// who covers for them, then the doctors and dentist they consult), then the professions in the
// order they usually act on an instruction (訪問看護, リハ, 薬剤師), the hospital, and the care
// side (ケアマネ, 介護). Server and PC list the team in this one order.
import type { CareTeamRoleName } from './labels';

export const CARE_TEAM_ROLE_ORDER: readonly CareTeamRoleName[] = [
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
];

/** A role's place in the clinical order; a role this build does not know goes last. */
export function careTeamRoleRank(role: string): number {
  const rank = CARE_TEAM_ROLE_ORDER.indexOf(role as CareTeamRoleName);
  return rank === -1 ? CARE_TEAM_ROLE_ORDER.length : rank;
}

interface ListedMember {
  role: string;
  name: { familyKana: string; givenKana: string };
}

/** The team in clinical order; members of one role in kana order (五十音順). A new array. */
export function inClinicalOrder<M extends ListedMember>(members: readonly M[]): M[] {
  const reading = (m: M) => `${m.name.familyKana}\u0000${m.name.givenKana}`;
  return [...members].sort((a, b) => careTeamRoleRank(a.role) - careTeamRoleRank(b.role) || reading(a).localeCompare(reading(b), 'ja'));
}
