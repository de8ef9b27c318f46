// What the patient overview carries of the chart (ChartSummary of chart.proto), as one user may
// see it: the latest progress notes, the current versions of documents and forms of the kinds the
// user's care-team role may read, the 訪問看護指示書 about to end or ended, the consent status, and
// what the user may read and write. The overview is cached on the user's device, so nothing the
// chart policy hides from the user may be in it.
//
// Built in batches: a sync page carries hundreds of patients, and the cost is a constant number
// of queries for the page, not a number per patient. What the user may read is given, evaluated
// by access/chart-access.ts (the union of the user's roles on the team): for the whole page at
// once, or by the scope of a call about one patient.
import { isDocumentKind, type RecordKindName } from '@renkei/proto';
import { instructionAlerts } from '@renkei/proto/chart-rules';
import type { TemplateValues } from '@renkei/proto/template-forms';
import type { ChartSummary } from '@renkei/proto/generated/renkei/v1/ChartSummary';
import type { DocumentVersion } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { InstructionAlert } from '@renkei/proto/generated/renkei/v1/InstructionAlert';
import type { ProgressNote } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import type { ChartAccess } from '../access/chart-access';
import { loadConsentStatuses } from '../consent/consents';
import type { Store } from '../db/database';
import { loadLatestNotes } from '../progress-notes/progress-notes';
import { chartRecordLoads, type ChartRecordLoads } from './chart-record-loads';

const INSTRUCTION: RecordKindName = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';

function parseValues(json: string): TemplateValues | undefined {
  try {
    return JSON.parse(json) as TemplateValues;
  } catch {
    return undefined;
  }
}

/** The overview's instruction alerts, by the rule the screens' test double also applies (proto chart-rules). */
function alertsOf(documents: readonly DocumentVersion[], finalisedForms: readonly FormVersion[], now: Date): InstructionAlert[] {
  return instructionAlerts(
    documents.map((d) => ({
      documentId: d.documentId ?? '',
      documentType: String(d.documentType ?? ''),
      title: d.title ?? '',
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
 * What the viewer may read of each patient's chart, by patient id (a patient missing here shows
 * nothing of it): a user's chart access, or null for the regional office (renkei-admin), which
 * sees the consent, which it keeps, and none of the clinical record.
 */
export type ChartViews = ReadonlyMap<string, ChartAccess> | null;

/**
 * The chart summary of each patient as the viewer may see it, keyed by patient id. Callers have
 * checked that the viewer may see these patients. `loads`: shared with the other parts of the
 * overview that read the same documents and forms.
 */
export async function loadChartSummaries(
  store: Store,
  patientIds: readonly string[],
  views: ChartViews,
  now: Date,
  loads: ChartRecordLoads = chartRecordLoads(store),
): Promise<Map<string, ChartSummary>> {
  const result = new Map<string, ChartSummary>();
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return result;

  const access: ReadonlyMap<string, ChartAccess> = views ?? new Map();
  const readsNotes = ids.filter((id) => access.get(id)?.may('PROGRESS_NOTES', 'read'));
  const readsRecords = ids.filter((id) => access.get(id)?.readable.some(isDocumentKind));
  const readsInstructions = ids.filter((id) => access.get(id)?.may(INSTRUCTION, 'read'));
  const [consents, notes, documents, forms, finalisedForms] = await Promise.all([
    loadConsentStatuses(store, ids),
    readsNotes.length > 0 ? loadLatestNotes(store, readsNotes) : new Map<string, ProgressNote[]>(),
    readsRecords.length > 0 ? loads.currentDocuments(readsRecords) : new Map<string, DocumentVersion[]>(),
    readsRecords.length > 0 ? loads.currentForms(readsRecords) : new Map<string, FormVersion[]>(),
    // The instruction in force is the latest *finalised* version: while a finalised form is being
    // amended its current version is a draft, and the instruction must not drop off the alerts.
    readsInstructions.length > 0 ? loads.latestFinalisedForms(readsInstructions) : new Map<string, FormVersion[]>(),
  ]);

  for (const id of ids) {
    const mine = access.get(id);
    const mayRead = (kind: RecordKindName) => mine?.may(kind, 'read') ?? false;
    // Enumerations travel as their names (LOADER_OPTIONS enums: String).
    const readable = (kind: unknown) => typeof kind === 'string' && mayRead(kind as RecordKindName);
    const visibleDocuments = (documents.get(id) ?? []).filter((d) => readable(d.documentType));
    const visibleForms = (forms.get(id) ?? []).filter((f) => readable(f.documentType));
    result.set(id, {
      latestNotes: mayRead('PROGRESS_NOTES') ? (notes.get(id) ?? []) : [],
      documents: visibleDocuments,
      forms: visibleForms,
      instructionAlerts: mayRead(INSTRUCTION) ? alertsOf(visibleDocuments, finalisedForms.get(id) ?? [], now) : [],
      consent: consents.get(id) ?? null,
      myAccess: mine?.asRecordAccess() ?? [],
    });
  }
  return result;
}
