import { ALLERGY_SEVERITIES, CARE_LEVELS, CARE_LEVEL_LABELS } from '@renkei/proto';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { InvalidArgumentError, type Command } from 'commander';
import { findFacility } from '../../facilities/facilities';
import { loadOverviews } from '../../patients/patient-overview';
import { archivePatient, unarchivePatient } from '../../patients/patient-archive';
import { listAllPatients, registerPatient, requirePatient, updatePatient } from '../../patients/patients';
import type { AdminContext } from '../admin-context';
import { collect, enumOption, splitName } from '../options';
import { printJson, printTable, say } from '../output';

const careLevel = enumOption([...CARE_LEVELS, 'CARE_LEVEL_UNSPECIFIED'] as const, 'CARE_LEVEL');
const sex = enumOption(['SEX_MALE', 'SEX_FEMALE', 'SEX_UNSPECIFIED'] as const, 'SEX');
const severity = enumOption([...ALLERGY_SEVERITIES, 'ALLERGY_SEVERITY_UNSPECIFIED'] as const, 'ALLERGY_SEVERITY');

/** "ペニシリン系抗菌薬:蕁麻疹:moderate" → an allergy. */
function allergy(text: string) {
  const [substance = '', reaction = '', level] = text.split(/[:：]/);
  return { substance, reaction, ...(level && { severity: severity(level) }) };
}

/** "慢性心不全:I50.0:primary" → a diagnosis. */
function diagnosis(text: string) {
  const [name = '', icd10Code = '', flag] = text.split(/[:：]/);
  if (flag && flag !== 'primary') throw new InvalidArgumentError('the third part may only be "primary"');
  return { name, icd10Code, primary: flag === 'primary' };
}

export function registerPatientCommands(program: Command, context: () => AdminContext): void {
  const patient = program.command('patient').description('patients and their shared profile');
  patient
    .command('add')
    .requiredOption('--name <name>', 'family and given name, e.g. "山田 ハル"', splitName)
    .requiredOption('--kana <reading>', 'reading, e.g. "ヤマダ ハル"', splitName)
    .requiredOption('--birth-date <YYYY-MM-DD>')
    .requiredOption('--sex <sex>', 'male, female or unspecified', sex)
    .requiredOption('--facility <name-or-id>', 'the registering facility')
    .option('--postal-code <code>', '', '')
    .option('--address <address>', '', '')
    .option('--phone <phone>', '', '')
    .option('--care-level <level>', 'support-1, support-2, care-1 … care-5, independent, applying, not-certified', careLevel)
    .option('--key-person <text>', 'e.g. "長女 山田花子 090-1234-5678"', '')
    .option('--allergy <substance:reaction:severity>', 'repeatable', collect)
    .option('--diagnosis <name:icd10:primary>', 'repeatable', collect)
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      const facility = await findFacility(database, options.facility);
      const row = await registerPatient(
        database,
        {
          familyName: options.name.family,
          givenName: options.name.given,
          familyNameKana: options.kana.family,
          givenNameKana: options.kana.given,
          birthDate: options.birthDate,
          sex: options.sex,
          postalCode: options.postalCode,
          address: options.address,
          phone: options.phone,
          careLevel: options.careLevel,
          keyPerson: options.keyPerson,
          registeredByFacilityId: facility.id,
          allergies: (options.allergy ?? []).map(allergy),
          diagnoses: (options.diagnosis ?? []).map(diagnosis),
        },
        new Date(),
      );
      if (options.json) return printJson({ id: row.id });
      say(`患者を登録しました / Patient added: ${row.family_name} ${row.given_name} (${row.id})`);
    });
  patient
    .command('list')
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      const rows = await listAllPatients(database);
      if (options.json) return printJson(rows);
      printTable(
        rows.map((r) => ({
          id: r.id,
          name: `${r.family_name} ${r.given_name}`,
          kana: `${r.family_name_kana} ${r.given_name_kana}`,
          born: r.birth_date,
          care: CARE_LEVEL_LABELS[r.care_level as keyof typeof CARE_LEVEL_LABELS]?.ja ?? '',
          archived: r.archived_at ? `アーカイブ済み ${formatJapanDateTime(new Date(r.archived_at))}` : '',
        })),
        ['id', 'name', 'kana', 'born', 'care', 'archived'],
      );
    });
  patient
    .command('show <patient-id>')
    .description('the overview as the regional office sees it: profile, care team and consent, not the clinical chart')
    .action(async (patientId: string) => {
      const { database } = await context().open();
      await requirePatient(database, patientId);
      printJson((await loadOverviews(database, [patientId], null, new Date())).get(patientId));
    });
  patient
    .command('archive <patient-id>')
    .description(
      'hide a patient whose care has ended from every care-team list and PC cache; nothing is deleted, the registering office can still read the chart, and unarchive brings it back',
    )
    .requiredOption('--reason <text>', 'why, e.g. "死亡により訪問終了" (kept with the patient and in the audit log)')
    .option('--json')
    .action(async (patientId: string, options: { reason: string; json?: boolean }) => {
      const ctx = context();
      const { database } = await ctx.open();
      const change = await archivePatient(database, patientId, options.reason, ctx.actor, new Date());
      if (options.json) return printJson(change);
      say(`アーカイブしました / Archived: ${change.patientId}`);
      say(`  記録は削除していません。ケアチームの ${change.members} 人の一覧と端末から次の同期で外れます。`);
      say(`  Nothing was deleted; the patient leaves the lists and PCs of ${change.members} care-team members at their next sync.`);
    });
  patient
    .command('unarchive <patient-id>')
    .description("bring an archived patient back to the care team's lists")
    .option('--json')
    .action(async (patientId: string, options: { json?: boolean }) => {
      const ctx = context();
      const { database } = await ctx.open();
      const change = await unarchivePatient(database, patientId, ctx.actor, new Date());
      if (options.json) return printJson(change);
      say(`アーカイブを解除しました / Restored from the archive: ${change.patientId} (${change.members})`);
    });
  patient
    .command('update <patient-id>')
    .option('--address <address>')
    .option('--postal-code <code>')
    .option('--phone <phone>')
    .option('--care-level <level>', '', careLevel)
    .option('--key-person <text>')
    .action(async (patientId: string, options) => {
      const { database } = await context().open();
      await updatePatient(database, patientId, options, new Date());
      say('更新しました / Updated');
    });
}
