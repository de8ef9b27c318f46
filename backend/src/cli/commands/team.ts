import { CARE_TEAM_ROLES, CARE_TEAM_ROLE_LABELS } from '@renkei/proto';
import type { Command } from 'commander';
import { addCareTeamMember, listCareTeam, removeCareTeamMember } from '../../care-teams/care-teams';
import { requirePatient } from '../../patients/patients';
import { requireUser } from '../../users/users';
import type { AdminContext } from '../admin-context';
import { enumOption } from '../options';
import { printJson, printTable, say } from '../output';

export function registerTeam(program: Command, context: () => AdminContext): void {
  const team = program.command('team').description('care teams: who may see a patient, in which role');
  team
    .command('add <patient-id> <login-id>')
    .requiredOption(
      '--role <role>',
      'attending-doctor, substitute-doctor, cooperating-doctor, visiting-nurse, therapist, pharmacist, care-manager, care-worker, hospital-liaison, ...',
      enumOption(CARE_TEAM_ROLES, 'CARE_TEAM_ROLE'),
    )
    .action(async (patientId: string, loginId: string, options) => {
      const { database } = await context().open();
      const patient = await requirePatient(database, patientId);
      const user = await requireUser(database, loginId);
      await addCareTeamMember(database, patient.id, user.id, options.role, new Date());
      say(`ケアチームに追加しました / Added ${user.login_id} to ${patient.family_name} ${patient.given_name}'s team`);
    });
  team.command('remove <patient-id> <login-id>').action(async (patientId: string, loginId: string) => {
    const { database } = await context().open();
    const patient = await requirePatient(database, patientId);
    const user = await requireUser(database, loginId);
    await removeCareTeamMember(database, patient.id, user.id, new Date());
    say(`ケアチームから外しました / Removed ${user.login_id} from ${patient.family_name} ${patient.given_name}'s team`);
  });
  team
    .command('list <patient-id>')
    .option('--json')
    .action(async (patientId: string, options) => {
      const { database } = await context().open();
      const members = await listCareTeam(database, (await requirePatient(database, patientId)).id);
      if (options.json) return printJson(members);
      printTable(
        members.map((m) => ({
          login: m.loginId,
          name: `${m.familyName} ${m.givenName}`,
          role: CARE_TEAM_ROLE_LABELS[m.role as keyof typeof CARE_TEAM_ROLE_LABELS]?.ja ?? m.role,
          facility: m.facilityName,
        })),
        ['login', 'name', 'role', 'facility'],
      );
    });
}
