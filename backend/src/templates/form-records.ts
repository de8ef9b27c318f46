// Shared forms (テンプレート) as they are read: one row per form version, joined with its form, in
// the API shape (FormVersion). Used by FormService and by the patient overview, which carries the
// current version of every form. Reads here never check access: callers have (chart-access.ts).
//
// A version keeps who saved it as they were at the time (user, profession, office, device). The
// finalisation is recorded on the version row as user and device only; the finaliser's profession
// and office are read from the user (see the note at FINALISER_COLUMNS).
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { Queryable, Store } from '../db/database';
import { loadAuthors, type AuthorRef } from '../chart/record-author';
import { toTimestamp } from '../time';

/** The columns a FormVersion is built from: what selectFormVersions() reads. */
export type FormVersionRow = Awaited<ReturnType<ReturnType<typeof selectFormVersions>['execute']>>[number];

/**
 * Form versions joined with their form. Filter with `f.*` / `v.*` columns and order as needed.
 * form_versions has no snapshot of the finaliser's profession and office (only user and device),
 * so they are read from the finaliser's user row as it is now; the audit event of the
 * finalisation keeps them as they were.
 */
export function selectFormVersions(db: Queryable) {
  return db
    .selectFrom('form_versions as v')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .leftJoin('users as fu', 'fu.id', 'v.finalised_by_user_id')
    .select([
      'v.form_id',
      'f.patient_id',
      'f.document_type',
      'f.title',
      'f.current_version',
      'f.updated_at',
      'v.version',
      'v.values_json',
      'v.based_on_version',
      'v.saved_by_user_id',
      'v.saved_by_profession',
      'v.saved_by_facility_id',
      'v.saved_by_device_id',
      'v.saved_at',
      'v.finalised_at',
      'v.finalised_by_user_id',
      'v.finalised_by_device_id',
      'fu.profession as finalised_by_profession',
      'fu.facility_id as finalised_by_facility_id',
    ]);
}

function savedByRef(row: FormVersionRow): AuthorRef {
  return { userId: row.saved_by_user_id, profession: row.saved_by_profession, facilityId: row.saved_by_facility_id, deviceId: row.saved_by_device_id };
}

function finalisedByRef(row: FormVersionRow): AuthorRef | undefined {
  if (row.finalised_at === null || row.finalised_by_user_id === null) return undefined;
  return {
    userId: row.finalised_by_user_id,
    profession: row.finalised_by_profession ?? 'PROFESSION_UNSPECIFIED',
    facilityId: row.finalised_by_facility_id ?? '',
    deviceId: row.finalised_by_device_id ?? '',
  };
}

/** Rows to messages, in the same order; two queries for the names of everyone involved. */
export async function toFormVersions(store: Store, rows: readonly FormVersionRow[]): Promise<FormVersion[]> {
  if (rows.length === 0) return [];
  const refs = rows.flatMap((row) => [savedByRef(row), ...(finalisedByRef(row) ? [finalisedByRef(row)!] : [])]);
  const authorOf = await loadAuthors(store, refs);
  return rows.map((row) => {
    const finaliser = finalisedByRef(row);
    return {
      formId: row.form_id,
      version: Number(row.version),
      patientId: row.patient_id,
      documentType: row.document_type as FormVersion['documentType'],
      title: row.title,
      valuesJson: row.values_json,
      savedBy: authorOf(savedByRef(row)),
      savedAt: toTimestamp(row.saved_at),
      basedOnVersion: Number(row.based_on_version),
      finalised: row.finalised_at !== null,
      finalisedBy: finaliser ? authorOf(finaliser) : null,
      finalisedAt: toTimestamp(row.finalised_at),
      currentVersion: Number(row.current_version),
    };
  });
}

/**
 * The current version of every form of each patient (every kind: the caller filters by what the
 * reader may see), values included, newest first; every patient asked for has an entry (maybe
 * empty). Three queries whatever the number of patients.
 */
export async function loadCurrentForms(store: Store, patientIds: readonly string[]): Promise<Map<string, FormVersion[]>> {
  const ids = [...new Set(patientIds)];
  const result = new Map<string, FormVersion[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const rows = await selectFormVersions(store.db)
    .whereRef('v.version', '=', 'f.current_version')
    .where('f.patient_id', 'in', ids)
    .orderBy('f.updated_at', 'desc')
    .orderBy('f.id')
    .execute();
  for (const form of await toFormVersions(store, rows)) result.get(form.patientId!)?.push(form);
  return result;
}

/**
 * The newest finalised version of every form of each patient that has one, newest first; every
 * patient asked for has an entry (maybe empty). While a finalised form is being amended its current
 * version is a draft, but the finalised version is still the one in force (an instruction's
 * validity period, for example), so whoever needs "what is in force" reads it here. Three queries.
 */
export async function loadLatestFinalisedForms(store: Store, patientIds: readonly string[]): Promise<Map<string, FormVersion[]>> {
  const ids = [...new Set(patientIds)];
  const result = new Map<string, FormVersion[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const rows = await selectFormVersions(store.db)
    .where('f.patient_id', 'in', ids)
    .where('v.finalised_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('form_versions as later')
            .select('later.id')
            .whereRef('later.form_id', '=', 'v.form_id')
            .where('later.finalised_at', 'is not', null)
            .whereRef('later.version', '>', 'v.version'),
        ),
      ),
    )
    .orderBy('v.finalised_at', 'desc')
    .orderBy('f.id')
    .execute();
  for (const form of await toFormVersions(store, rows)) result.get(form.patientId!)?.push(form);
  return result;
}
