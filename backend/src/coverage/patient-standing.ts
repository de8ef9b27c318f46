// Where each patient stands on what their care runs under, as one viewer may see it: the insurance
// and certification record (INSURANCE), the 訪問看護指示書 in force with its period, and the marks a
// patient list shows (instruction ending within 14 days or ended, certification ending within 60
// days or ended). Computed by the shared rules (proto chart-rules), which the desktop's cache and
// the screens' test double also apply.
//
// The chart policy decides what is in it: no instruction (and no instruction mark) for a role that
// may not read 訪問看護指示書, no insurance record (and no certification mark) for one that may not
// read INSURANCE. Built in batches: a constant number of queries for a page of patients.
import type { RecordKindName } from '@renkei/proto';
import { certificationAlert, instructionInForce, instructionNeedingAttention, type InstructionInForce } from '@renkei/proto/chart-rules';
import type { TemplateValues } from '@renkei/proto/template-forms';
import type { Coverage } from '@renkei/proto/generated/renkei/v1/Coverage';
import type { DocumentVersion } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { PatientListMarks } from '@renkei/proto/generated/renkei/v1/PatientListMarks';
import type { ChartAccess } from '../access/chart-access';
import { chartRecordLoads, type ChartRecordLoads } from '../chart/chart-record-loads';
import type { Store } from '../db/database';
import { loadCurrentCoverages } from './coverage-records';

const INSTRUCTION: RecordKindName = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';

export interface PatientStanding {
  coverage: Coverage | null;
  instructionInForce: InstructionInForce | null;
  marks: PatientListMarks;
}

function parseValues(json: string): TemplateValues | undefined {
  try {
    return JSON.parse(json) as TemplateValues;
  } catch {
    return undefined;
  }
}

/** The instruction in force by the shared rule, from the filed documents and finalised forms. */
function inForce(documents: readonly DocumentVersion[], finalisedForms: readonly FormVersion[], now: Date): InstructionInForce | undefined {
  return instructionInForce(
    documents.map((d) => ({
      documentId: d.documentId ?? '',
      documentType: String(d.documentType ?? ''),
      title: d.title ?? '',
      validFrom: d.validFrom ?? '',
      validUntil: d.validUntil ?? '',
    })),
    finalisedForms.map((f) => ({
      formId: f.formId ?? '',
      documentType: String(f.documentType ?? ''),
      title: f.title ?? '',
      values: parseValues(f.valuesJson ?? ''),
    })),
    now,
  );
}

/**
 * Each patient's standing as the viewer's chart access lets them see it (a patient without access
 * gets nothing). `loads`: shared with the other parts of an overview that read the same records.
 */
export async function loadStandings(
  store: Store,
  patientIds: readonly string[],
  access: ReadonlyMap<string, ChartAccess>,
  now: Date,
  loads: ChartRecordLoads = chartRecordLoads(store),
): Promise<Map<string, PatientStanding>> {
  const ids = [...new Set(patientIds)];
  const readsInstructions = ids.filter((id) => access.get(id)?.may(INSTRUCTION, 'read'));
  const readsInsurance = ids.filter((id) => access.get(id)?.may('INSURANCE', 'read'));
  const [documents, finalisedForms, coverages] = await Promise.all([
    readsInstructions.length > 0 ? loads.currentDocuments(readsInstructions) : new Map<string, DocumentVersion[]>(),
    // The latest *finalised* version: a form being amended is in force as it was finalised.
    readsInstructions.length > 0 ? loads.latestFinalisedForms(readsInstructions) : new Map<string, FormVersion[]>(),
    readsInsurance.length > 0 ? loadCurrentCoverages(store, readsInsurance) : new Map<string, Coverage>(),
  ]);
  const result = new Map<string, PatientStanding>();
  for (const id of ids) {
    // The loads answer only for the patients asked (those whose instructions the viewer reads).
    const instruction = inForce(documents.get(id) ?? [], finalisedForms.get(id) ?? [], now);
    const coverage = coverages.get(id) ?? null;
    const certification = certificationAlert(coverage?.certification?.validUntil ?? '', now);
    result.set(id, {
      coverage,
      instructionInForce: instruction ?? null,
      marks: { instruction: instructionNeedingAttention(instruction) ?? null, certification: certification ?? null },
    });
  }
  return result;
}
