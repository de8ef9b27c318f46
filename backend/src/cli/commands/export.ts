// renkei-admin export: the regional office's exports of a patient's record for another system.
// `export fhir` writes the patient as a JP Core FHIR Bundle (backend/src/interop/fhir/README.md) of
// what the regional office may see — the profile, allergies and diagnoses, not the clinical chart —
// and records the export, as `audit export` does.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { recordAudit } from '../../audit/audit-log';
import { FHIR_EXPORT_ACTION, regionalOfficeFhirExport } from '../../patients/patient-fhir-export';
import { requirePatient } from '../../patients/patients';
import type { AdminContext } from '../admin-context';

export function registerExport(program: Command, context: () => AdminContext): void {
  const exports = program.command('export').description("a patient's record for another system");
  exports
    .command('fhir')
    .description('the patient as a FHIR Bundle of JP Core 1.1.2 resources (JSON), as the regional office sees them; the export is recorded')
    .requiredOption('--patient <id>', "the patient's id")
    .requiredOption('--out <file>', 'the file to write (not overwritten if it exists)')
    .action(async (options: { patient: string; out: string }) => {
      const ctx = context();
      const { database } = await ctx.open();
      const patient = await requirePatient(database, options.patient);
      const now = new Date();
      const exported = await regionalOfficeFhirExport(database, patient.id, now);
      try {
        writeFileSync(options.out, exported.json, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        console.error(`エラー / Error: 書き出せません / Cannot write ${options.out}: ${(error as Error).message}`);
        process.exitCode = 2;
        return;
      }
      // Recorded once the file was written: who exported whose record, what it held.
      await recordAudit(
        database,
        {
          action: FHIR_EXPORT_ACTION,
          outcome: 'ok',
          actorLabel: ctx.actor,
          patientId: patient.id,
          detail: { kind: 'patient', as: 'regional-office', resources: exported.resources, bytes: exported.json.byteLength, out: options.out },
        },
        now,
      );
      console.error(`書き出しました / Wrote ${options.out} (${exported.json.byteLength} bytes)`);
    });
}
