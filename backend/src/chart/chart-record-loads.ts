// The filed documents and finalised forms an overview reads twice: the chart summary lists them and
// the patient's standing finds the 訪問看護指示書 in force in them. Built for one overview (or one
// sync page), this loads each patient's once, however many parts ask, instead of one query (and
// its follow-ups for authors and attachments) per part.
import type { DocumentVersion } from '@renkei/proto/generated/renkei/v1/DocumentVersion';
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { Store } from '../db/database';
import { loadCurrentDocuments } from '../documents/document-records';
import { loadCurrentForms, loadLatestFinalisedForms } from '../templates/form-records';

type BatchLoad<T> = (patientIds: readonly string[]) => Promise<Map<string, T>>;

/** `load` batched and remembered by patient: ids asked before share the first batch's answer. */
function once<T>(load: BatchLoad<T>): BatchLoad<T> {
  const asked = new Map<string, Promise<T | undefined>>();
  return async (patientIds) => {
    const missing = [...new Set(patientIds)].filter((id) => !asked.has(id));
    if (missing.length > 0) {
      const batch = load(missing);
      for (const id of missing) {
        const one = batch.then((loaded) => loaded.get(id));
        // Awaited below (by this or a later caller); a failed batch must not also be an unhandled
        // rejection for the ids no one reached after the first threw.
        one.catch(() => undefined);
        asked.set(id, one);
      }
    }
    const result = new Map<string, T>();
    for (const id of patientIds) {
      const value = await asked.get(id)!;
      if (value !== undefined) result.set(id, value);
    }
    return result;
  };
}

export interface ChartRecordLoads {
  /** The current version of each document of the patients, by patient (every patient asked has an entry). */
  currentDocuments: BatchLoad<DocumentVersion[]>;
  /** The current version of each form of the patients, by patient. */
  currentForms: BatchLoad<FormVersion[]>;
  /** The newest finalised version of each form of the patients that has one, by patient. */
  latestFinalisedForms: BatchLoad<FormVersion[]>;
}

/** Loads for one read of the record: what it returns is as of that read, so do not keep it longer. */
export function chartRecordLoads(store: Store): ChartRecordLoads {
  return {
    currentDocuments: once((ids) => loadCurrentDocuments(store, ids)),
    currentForms: once((ids) => loadCurrentForms(store, ids)),
    latestFinalisedForms: once((ids) => loadLatestFinalisedForms(store, ids)),
  };
}
