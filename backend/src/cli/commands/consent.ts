// renkei-admin consent: the regional office records, withdraws and shows patients' consent
// (患者同意書), e.g. when the signed form is brought to the office rather than to the clinic.
import { CONSENT_SCOPE_LABELS } from '@renkei/proto';
import type { ConsentStatus } from '@renkei/proto/generated/renkei/v1/ConsentStatus';
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import { InvalidArgumentError, type Command } from 'commander';
import { readConsentStatus, recordConsent, withdrawConsent, type ConsentActor } from '../../consent/consents';
import { findFacility } from '../../facilities/facilities';
import { requirePatient } from '../../patients/patients';
import type { AdminContext } from '../admin-context';
import { collect } from '../options';
import { printJson, printTable, say } from '../output';

function scope(text: string): 'CONSENT_SCOPE_CARE_TEAM' | 'CONSENT_SCOPE_LISTED_FACILITIES' {
  const value = text.trim().toLowerCase();
  if (value === 'care-team') return 'CONSENT_SCOPE_CARE_TEAM';
  if (value === 'listed') return 'CONSENT_SCOPE_LISTED_FACILITIES';
  throw new InvalidArgumentError('expected care-team (every office on the care team) or listed (only the offices given with --facility)');
}

const scopeLabel = (name: string | number | undefined) => CONSENT_SCOPE_LABELS[name as keyof typeof CONSENT_SCOPE_LABELS]?.ja ?? String(name);
const authorLabel = (author: RecordAuthor | null | undefined) =>
  author ? `${author.name?.family ?? ''} ${author.name?.given ?? ''}`.trim() + (author.facilityName ? `（${author.facilityName}）` : '') : '';

function printStatus(status: ConsentStatus): void {
  const current = status.current;
  say(`登録事業所 / Registered by: ${status.registeredBy?.name ?? ''}`);
  say(
    current
      ? `共有: あり — ${current.obtainedOn} 取得（${current.obtainedBy}）、範囲: ${scopeLabel(current.scope)}${current.facilities?.length ? `（${current.facilities.map((f) => f.name).join('、')}）` : ''} / Shared`
      : '共有: なし — 有効な同意が記録されていないため、登録事業所の外には共有されていません / Not shared beyond the registering office',
  );
  if (!status.history?.length) return;
  printTable(
    status.history.map((c) => ({
      id: (c.id ?? '').slice(0, 8),
      取得日: c.obtainedOn,
      取得者: c.obtainedBy,
      範囲: scopeLabel(c.scope),
      記録: authorLabel(c.recordedBy),
      撤回日: c.withdrawnOn,
      撤回理由: c.withdrawalReason,
    })),
    ['id', '取得日', '取得者', '範囲', '記録', '撤回日', '撤回理由'],
  );
}

export function registerConsent(program: Command, context: () => AdminContext): void {
  const consent = program.command('consent').description("patients' consent to share their chart beyond the registering office (患者同意書)");
  const office = (ctx: AdminContext): ConsentActor => ({ kind: 'regional-office', label: ctx.actor });
  consent
    .command('record')
    .description('record a signed consent; one already in force is replaced')
    .requiredOption('--patient <id>')
    .requiredOption('--obtained-on <YYYY-MM-DD>', 'the day the patient or family signed')
    .requiredOption('--obtained-by <text>', 'who obtained it, as on the form, e.g. "主治医 黒木"')
    .requiredOption('--scope <scope>', 'care-team (every office on the care team) or listed (only --facility offices)', scope)
    .option('--facility <name-or-id>', 'an office the consent covers (with --scope listed); repeatable', collect)
    .option('--form-document <id>', 'the scanned form, filed as a 患者同意書 document of this patient')
    .option('--note <text>', '', '')
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const patient = await requirePatient(database, options.patient);
      const facilityIds: string[] = [];
      for (const f of (options.facility ?? []) as string[]) facilityIds.push((await findFacility(database, f)).id);
      const status = await recordConsent(
        database,
        office(ctx),
        {
          patientId: patient.id,
          obtainedOn: options.obtainedOn,
          obtainedBy: options.obtainedBy,
          scope: options.scope,
          facilityIds,
          formDocumentId: options.formDocument ?? '',
          note: options.note,
        },
        new Date(),
      );
      if (options.json) return printJson(status);
      say(`同意を記録しました / Consent recorded: ${patient.family_name} ${patient.given_name}`);
      printStatus(status);
    });
  consent
    .command('withdraw')
    .description('record that the consent in force was withdrawn; other offices lose the patient on their next sync')
    .requiredOption('--patient <id>')
    .option('--withdrawn-on <YYYY-MM-DD>', 'default: today', '')
    .requiredOption('--reason <text>', 'e.g. "本人の申し出により撤回"')
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const patient = await requirePatient(database, options.patient);
      const status = await withdrawConsent(
        database,
        office(ctx),
        { patientId: patient.id, withdrawnOn: options.withdrawnOn, reason: options.reason },
        new Date(),
      );
      if (options.json) return printJson(status);
      say(`同意の撤回を記録しました / Consent withdrawn: ${patient.family_name} ${patient.given_name}`);
      printStatus(status);
    });
  consent
    .command('show')
    .requiredOption('--patient <id>')
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const patient = await requirePatient(database, options.patient);
      const status = await readConsentStatus(database, office(ctx), patient.id, new Date());
      if (options.json) return printJson(status);
      say(`${patient.family_name} ${patient.given_name}`);
      printStatus(status);
    });
}
