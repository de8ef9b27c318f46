// `renkei-admin hospital …`: which Renkei patient a hospital's patient ID is (hospital-data/
// hospital-links.ts). The SS-MIX2 import (`renkei-admin import ssmix2`) imports linked patients only.
import type { Command } from 'commander';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { linkHospitalPatient, listHospitalLinks, unlinkHospitalPatient } from '../../hospital-data/hospital-links';
import type { AdminContext } from '../admin-context';
import { printJson, printTable, say } from '../output';

export function registerHospital(program: Command, context: () => AdminContext): void {
  const hospital = program.command('hospital').description("links between hospitals' patient IDs and Renkei patients (for the SS-MIX2 import)");
  hospital
    .command('link')
    .description("link a hospital's patient ID (PID-3 of its SS-MIX2 messages) to a Renkei patient; never matched by name")
    .argument('<hospital>', 'the hospital: facility id or exact name (kind hospital)')
    .argument('<hospital-patient-id>', "the hospital's own patient ID")
    .requiredOption('--patient <renkei-patient-id>', 'the Renkei patient')
    .option('--json')
    .action(async (hospitalName: string, hospitalPatientId: string, options: { patient: string; json?: boolean }) => {
      const ctx = context();
      const { database } = await ctx.open();
      const link = await linkHospitalPatient(database, { hospital: hospitalName, hospitalPatientId, patientId: options.patient }, ctx.actor, new Date());
      if (options.json) return printJson(link);
      say(`紐づけました / Linked: ${link.facilityName} の患者ID ${link.hospitalPatientId} → 患者 ${link.patientId}`);
      say('  次の取り込み（renkei-admin import ssmix2）からこの患者の病院データが入ります。 / Its hospital data arrives with the next import.');
    });
  hospital
    .command('unlink')
    .description('remove a link, and the hospital data imported through it')
    .argument('<hospital>', 'the hospital: facility id or exact name')
    .argument('<hospital-patient-id>', "the hospital's own patient ID")
    .option('--json')
    .action(async (hospitalName: string, hospitalPatientId: string, options: { json?: boolean }) => {
      const ctx = context();
      const { database } = await ctx.open();
      const result = await unlinkHospitalPatient(database, { hospital: hospitalName, hospitalPatientId }, ctx.actor, new Date());
      if (options.json) return printJson(result);
      say(`紐づけを外しました / Unlinked: ${result.link.facilityName} の患者ID ${result.link.hospitalPatientId}（患者 ${result.link.patientId}）`);
      say(`  取り込み済みの病院データ ${result.removedFacts} 件を削除しました。 / ${result.removedFacts} imported facts removed.`);
    });
  hospital
    .command('links')
    .description('list the links')
    .option('--facility <hospital>', 'only this hospital (facility id or exact name)')
    .option('--json')
    .action(async (options: { facility?: string; json?: boolean }) => {
      const { database } = await context().open();
      const links = await listHospitalLinks(database, options.facility);
      if (options.json) return printJson(links);
      if (links.length === 0) return say('紐づけはありません / No links');
      printTable(
        links.map((link) => ({
          hospital: link.facilityName,
          'hospital-patient-id': link.hospitalPatientId,
          patient: link.patientId,
          linked: `${formatJapanDateTime(new Date(link.linkedAt))} ${link.linkedBy}`,
        })),
        ['hospital', 'hospital-patient-id', 'patient', 'linked'],
      );
    });
}
