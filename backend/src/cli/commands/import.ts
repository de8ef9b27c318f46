// `renkei-admin import ssmix2`: imports a hospital's SS-MIX2 standardized storage for the patients
// linked to it (hospital-data/ssmix2-import.ts) and says what it did: per data type, what was
// imported, unchanged, superseded, withdrawn, held back, refused or not imported; the hospital
// patients without a link; the linked patients the hospital's ADT-00 says are someone else (not
// imported) and those it names or places otherwise (imported, to check); every refused file with
// its reason. Exit status 3 when a linked patient was held back as possibly someone else.
import type { Command } from 'commander';
import type { IdentityDifference, IdentityField } from '../../hospital-data/patient-identity';
import { importSsmix2, type ImportCounts, type ImportResult } from '../../hospital-data/ssmix2-import';
import type { AdminContext } from '../admin-context';
import { printJson, printTable, say } from '../output';

const COLUMNS: [keyof ImportCounts, string][] = [
  ['imported', '取込'],
  ['unchanged', '変更なし'],
  ['superseded', '更新'],
  ['withdrawn', '削除'],
  ['heldBack', '保留'],
  ['refused', '拒否'],
  ['notImported', '対象外'],
];

const IDENTITY_FIELDS: Record<IdentityField, string> = {
  birthDate: '生年月日',
  sex: '性別',
  kanjiName: '氏名',
  kanaName: 'カナ氏名',
  address: '住所',
  phone: '電話番号',
};
const SEXES: Record<string, string> = { SEX_MALE: '男', SEX_FEMALE: '女' };

function sayDifferences(differences: IdentityDifference[]): void {
  for (const d of differences) {
    const shown = (value: string) => (d.field === 'sex' ? (SEXES[value] ?? value) : value);
    say(`    ${IDENTITY_FIELDS[d.field]}：病院「${shown(d.hospital)}」／Renkei「${shown(d.renkei)}」`);
  }
}

function printSummary(result: ImportResult): void {
  say(`SS-MIX2 取り込み：${result.hospital.name}（${result.storageRoot}）`);
  printTable(
    Object.entries(result.counts)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([, counts]) => Object.values(counts).some((n) => n > 0))
      .map(([dataType, counts]) => ({ データ種別: dataType, ...Object.fromEntries(COLUMNS.map(([key, label]) => [label, counts[key]])) })),
    ['データ種別', ...COLUMNS.map(([, label]) => label)],
  );
  say('（更新：新しい版で置き換え／削除：病院で削除された（コンディションフラグ 0）／保留：最新の版が拒否されたため取り込まず）');
  if (result.beforeSince > 0) say(`--since より前のファイル ${result.beforeSince} 件は読みませんでした。`);
  const created = result.patients.filter((p) => p.created);
  say(`取り込んだ患者：${result.patients.length} 人（うち変更あり ${result.patients.filter((p) => p.changed).length} 人、新規登録 ${created.length} 人）`);
  for (const patient of created) say(`  新規登録：病院の患者ID ${patient.hospitalPatientId} → 患者 ${patient.patientId}`);
  if (result.unmatched.length > 0) {
    say(`紐づけのない病院の患者：${result.unmatched.length} 人（取り込んでいません。renkei-admin hospital link で紐づけてください）`);
    for (const patient of result.unmatched) {
      say(`  病院の患者ID ${patient.hospitalPatientId}（オーダ ${patient.orders} 件）${patient.notCreated ? `：${patient.notCreated.ja}` : ''}`);
    }
  }
  if (result.identityMismatches.length > 0) {
    say(
      `別人の可能性がある患者：${result.identityMismatches.length} 人（生年月日または性別が病院の患者基本情報（ADT-00）と違うため取り込んでいません。紐づけ（renkei-admin hospital links）と患者情報を確かめてください）`,
    );
    for (const mismatch of result.identityMismatches) {
      say(`  病院の患者ID ${mismatch.hospitalPatientId} → 患者 ${mismatch.patientId}（オーダ ${mismatch.orders} 件）`);
      sayDifferences(mismatch.mismatches);
    }
  }
  if (result.archived.length > 0) {
    say(`アーカイブ済みの患者：${result.archived.length} 人（記録が閉じられているため取り込んでいません）`);
    for (const patient of result.archived) say(`  病院の患者ID ${patient.hospitalPatientId} → 患者 ${patient.patientId}（オーダ ${patient.orders} 件）`);
  }
  const differing = result.patients.filter((p) => p.differences.length > 0);
  if (differing.length > 0) {
    say(`病院の患者基本情報（ADT-00）と記載が違う患者：${differing.length} 人（取り込みました。患者情報を直す必要がないか確かめてください）`);
    for (const patient of differing) {
      say(`  病院の患者ID ${patient.hospitalPatientId} → 患者 ${patient.patientId}`);
      sayDifferences(patient.differences);
    }
  }
  if (result.refusals.length > 0) {
    say(`拒否したファイル：${result.refusals.length} 件`);
    for (const refusal of result.refusals) {
      say(`  ${refusal.path}`);
      say(`    ${refusal.reason.ja}`);
    }
  }
}

export function registerImport(program: Command, context: () => AdminContext): void {
  const importCommand = program.command('import').description('import data from outside Renkei');
  importCommand
    .command('ssmix2')
    .description("import a hospital's SS-MIX2 standardized storage (allergies, diagnoses, prescriptions, lab results) for the patients linked to it")
    .argument('<storage-root>', 'the root of the standardized storage (the folders named by the first 3 characters of patient IDs)')
    .requiredOption('--facility <hospital>', 'the hospital the storage is from: facility id or exact name (kind hospital)')
    .option('--patient <hospital-patient-id>', "only this patient (the hospital's patient ID)")
    .option('--since <YYYY-MM-DD>', 'only messages created on or after this day (Japan time)')
    .option('--create-patients', 'register a Renkei patient from ADT-00 for each hospital patient without a link, and link it')
    .option('--json', 'the result as JSON (reasons in Japanese and English)')
    .action(async (storageRoot: string, options: { facility: string; patient?: string; since?: string; createPatients?: boolean; json?: boolean }) => {
      const ctx = context();
      const { database } = await ctx.open();
      const result = await importSsmix2(
        database,
        { storageRoot, hospital: options.facility, patientId: options.patient, since: options.since, createPatients: options.createPatients === true },
        ctx.actor,
        new Date(),
      );
      if (options.json) printJson(result);
      else printSummary(result);
      // A nightly job must notice a patient held back as possibly someone else (a link to the wrong
      // patient, or a wrong birth date or sex on either side): nothing of theirs comes in until a
      // person looks. Refused files are listed but do not change the status: a hospital's storage
      // routinely holds some (the summary and --json name each).
      if (result.identityMismatches.length > 0) {
        console.error(
          `確認が必要な患者がいます（終了コード 3） / ${result.identityMismatches.length} patient(s) held back as possibly someone else: check the links (exit status 3)`,
        );
        process.exitCode = 3;
      }
    });
}
