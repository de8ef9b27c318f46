// To whom a new form goes: one of the offices on the patient's care team, by the form's kind — a
// 訪問看護指示書 to the visiting nurse station, a plan or a report to the attending doctor's clinic,
// a 診療情報提供書 to any office of the team. One rule for the screen that offers the choice and for
// the server, which addresses the form itself when the author chose none (only when the choice is
// plain: exactly one usual office). Browser-safe.
import type { CareTeamRoleName } from '../labels';
import type { TemplateKind } from './form-model';

/** What the rule needs of a care-team member: the screens' CareTeamMemberView and the server's rows both have it. */
export interface AddresseeTeamMember {
  facilityId: string;
  facilityName: string;
  role: string;
}

export interface AddresseeOffice<M extends AddresseeTeamMember> {
  facilityId: string;
  facilityName: string;
  /** The office's people on the team (the ones of the usual roles, when the office is a usual addressee). */
  members: M[];
}

export interface AddresseeChoices<M extends AddresseeTeamMember> {
  /** In the team's order; never the author's own office. */
  offices: AddresseeOffice<M>[];
  /** True when these are the kind's usual addressees; false when the team has none and every other office is offered. */
  usual: boolean;
}

/** The team roles whose offices a form of the kind usually goes to; undefined: no usual one. */
const USUAL_ADDRESSEE_ROLES: Record<TemplateKind, readonly CareTeamRoleName[] | undefined> = {
  VISITING_NURSING_INSTRUCTION: ['CARE_TEAM_ROLE_VISITING_NURSE'],
  VISITING_NURSING_PLAN: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
  VISITING_NURSING_REPORT: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
  HOME_MEDICAL_MANAGEMENT_REPORT: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
  REFERRAL_LETTER: undefined,
};

/**
 * The offices a new form of `kind` may be addressed to: those of the kind's usual roles on the team,
 * or, when the team has none (or the kind has no usual addressee), every office on the team. The
 * author's own offices are left out: nobody addresses a form to themselves.
 */
export function addresseeChoices<M extends AddresseeTeamMember>(
  kind: TemplateKind,
  team: readonly M[],
  authorFacilityIds: readonly string[],
): AddresseeChoices<M> {
  const others = team.filter((m) => m.facilityId !== '' && !authorFacilityIds.includes(m.facilityId));
  const roles: readonly string[] = USUAL_ADDRESSEE_ROLES[kind] ?? [];
  const usual = others.filter((m) => roles.includes(m.role));
  return { offices: byOffice(usual.length > 0 ? usual : others), usual: usual.length > 0 };
}

/** The office chosen when the author names none: the kind's one usual office, or none ('') when there are several or none. */
export function defaultAddresseeFacilityId(choices: AddresseeChoices<AddresseeTeamMember>): string {
  return choices.usual && choices.offices.length === 1 ? choices.offices[0]!.facilityId : '';
}

function byOffice<M extends AddresseeTeamMember>(members: readonly M[]): AddresseeOffice<M>[] {
  const offices = new Map<string, AddresseeOffice<M>>();
  for (const member of members) {
    const office = offices.get(member.facilityId) ?? { facilityId: member.facilityId, facilityName: member.facilityName, members: [] };
    office.members.push(member);
    offices.set(member.facilityId, office);
  }
  return [...offices.values()];
}
