// renkei-admin export: a patient's record for another system, in two ways that differ in whose read
// it is (backend/src/interop/fhir/README.md):
// - `export fhir --patient` writes the patient as a JP Core FHIR Bundle of what the regional office
//   may see — the profile, allergies and diagnoses, not the clinical chart — and records the export,
//   as `audit export` does.
// - `export fhir --form` writes a finalised 診療情報提供書 as a JP-CLINS eReferral document (issue
//   15), the same file the app's 書類 →「FHIRで出力」 gives. The letter is in the clinical chart,
//   which the office may not read on its own authority, so it is exported only as a named
//   clinician's read, on their behalf (`--for`), for a stated reason (`--reason`): their care team
//   roles, the patient's consent, the archive rule and the chart policy decide it exactly as in the
//   app (access/call-scope.ts openPatientOnBehalf, then exportReferralFhir). Every event of that read
//   names the clinician as the actor, no device, the operator by label, and the reason; a refusal
//   is recorded and writes nothing.
// Files are never overwritten, and are written readable by their owner only.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { openPatientOnBehalf } from '../../access/call-scope';
import { recordAudit } from '../../audit/audit-log';
import { FHIR_EXPORT_ACTION, regionalOfficeFhirExport } from '../../patients/patient-fhir-export';
import { requirePatient } from '../../patients/patients';
import { patientOfForm } from '../../templates/form-store';
import { exportReferralFhir } from '../../templates/referral-fhir-export';
import { requireUser } from '../../users/users';
import { parseInput, singleLine } from '../../validation';
import type { AdminContext } from '../admin-context';

/** Long enough for "紹介先の宮崎中央病院へ送付（黒木医師の依頼、電話で確認）", short enough to stay one line of the log. */
const MAX_EXPORT_REASON = 200;
/** The API's bound on a version number (rpc/services/patient-service.ts). */
const MAX_FORM_VERSION = 1_000_000;

interface FhirExportOptions {
  patient?: string;
  form?: string;
  version?: number;
  for?: string;
  reason?: string;
  out: string;
}

export function registerExport(program: Command, context: () => AdminContext): void {
  const exports = program.command('export').description("a patient's record for another system");
  exports
    .command('fhir')
    .description(
      'the patient (--patient) as a FHIR Bundle of JP Core 1.1.2 resources, as the regional office sees them; or a finalised 診療情報提供書 (--form) as a JP-CLINS eReferral document, as the clinician named by --for reads it. JSON; the export is recorded',
    )
    .option('--patient <id>', "the patient's id: their profile, allergies and diagnoses, not the clinical chart")
    .option('--form <id>', "the id of a finalised 診療情報提供書 (the patient's access log names it: audit export --patient, 様式の確定)")
    .option('--version <n>', 'with --form: the version to export (default: the current one)', formVersion)
    .option('--for <login-id>', "with --form: the clinician on the patient's care team whose read this is")
    .option('--reason <text>', 'with --form: why the office exports it on their behalf (kept in the audit log)')
    .requiredOption('--out <file>', 'the file to write (not overwritten if it exists)')
    .action(async (options: FhirExportOptions) => {
      const modes = [options.patient, options.form].filter((given) => given !== undefined);
      if (modes.length !== 1) return fail('--patient か --form のどちらか一つを指定してください / Give exactly one of --patient, --form');
      if (options.patient !== undefined) {
        const stray = (['version', 'for', 'reason'] as const).filter((name) => options[name] !== undefined);
        if (stray.length > 0) {
          const named = stray.map((name) => `--${name}`).join(', ');
          return fail(`${named} は --form と一緒に指定します / Give ${named} only with --form, not with --patient`);
        }
        return exportPatient(context(), options.patient, options.out);
      }
      if (options.for === undefined) {
        return fail('誰の閲覧として書き出すかを --for <ユーザーID> で指定してください / Name the clinician whose read this is with --for <login-id>');
      }
      if (options.reason === undefined || options.reason.trim() === '') {
        return fail(
          '書き出す理由を --reason で指定してください（監査ログに残ります） / Give the reason for the export with --reason (it is kept in the audit log)',
        );
      }
      const reason = parseInput(z.object({ reason: singleLine(MAX_EXPORT_REASON, 1) }), { reason: options.reason }).reason;
      return exportReferral(context(), { formId: options.form!.trim(), version: options.version ?? 0, loginId: options.for, reason, out: options.out });
    });
}

async function exportPatient(ctx: AdminContext, patientId: string, out: string): Promise<void> {
  const { database } = await ctx.open();
  const patient = await requirePatient(database, patientId);
  const now = new Date();
  const exported = await regionalOfficeFhirExport(database, patient.id, now);
  try {
    writeFileSync(out, exported.json, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    return fail(`書き出せません / Cannot write ${out}: ${(error as Error).message}`);
  }
  // Recorded once the file was written: who exported whose record, what it held.
  await recordAudit(
    database,
    {
      action: FHIR_EXPORT_ACTION,
      outcome: 'ok',
      actorLabel: ctx.actor,
      patientId: patient.id,
      detail: { kind: 'patient', as: 'regional-office', resources: exported.resources, bytes: exported.json.byteLength, out },
    },
    now,
  );
  console.error(`書き出しました / Wrote ${out} (${exported.json.byteLength} bytes)`);
}

async function exportReferral(ctx: AdminContext, request: { formId: string; version: number; loginId: string; reason: string; out: string }): Promise<void> {
  const { database } = await ctx.open();
  const patientId = await patientOfForm(database, request.formId);
  const user = await requireUser(database, request.loginId);
  // `purpose`, not `reason`: an event's detail.reason is the code of a refusal or failure (the access log's 理由).
  const behalf = { user, operator: ctx.actor, detail: { via: 'renkei-admin', purpose: request.reason, out: request.out } };
  const read = async () => {
    // Refused as the app refuses an export: it is not among the reads an archived patient's chart
    // still allows (access/patient-access.ts readsOnly).
    const scope = await openPatientOnBehalf(database, behalf, patientId, FHIR_EXPORT_ACTION, new Date());
    return { scope, exported: await exportReferralFhir(scope, { formId: request.formId, version: request.version }) };
  };
  const { scope, exported } = await read().catch((error: unknown) => {
    console.error(`${user.login_id} の閲覧としては書き出せません。ファイルは作成していません / Not exported as ${user.login_id}'s read; no file was written:`);
    throw error;
  });
  // exportReferralFhir recorded the export once the document was made; a file that cannot be
  // written is recorded too, so the log does not show a letter handed over that never was.
  try {
    writeFileSync(request.out, exported.json, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    await scope.audit({
      action: FHIR_EXPORT_ACTION,
      outcome: 'failed',
      detail: { kind: 'referral', formId: request.formId, reason: 'FILE_NOT_WRITTEN', error: failure.code ?? failure.message },
    });
    return fail(
      `書き出せません（作成した文書は破棄し、その旨を記録しました） / Cannot write ${request.out}; the document was discarded, and that is recorded: ${failure.message}`,
    );
  }
  console.error(
    `書き出しました（${user.login_id} の閲覧として記録） / Wrote ${request.out} (${exported.json.byteLength} bytes), recorded as ${user.login_id}'s read`,
  );
}

/** `--version`: a version number as the app shows it (第2版 → 2). */
function formVersion(text: string): number {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > MAX_FORM_VERSION) {
    throw new InvalidArgumentError(
      `版の番号を 1〜${MAX_FORM_VERSION} の整数で指定してください / give the version as a whole number from 1 to ${MAX_FORM_VERSION}`,
    );
  }
  return value;
}

function fail(message: string): void {
  console.error(`エラー / Error: ${message}`);
  process.exitCode = 2;
}
