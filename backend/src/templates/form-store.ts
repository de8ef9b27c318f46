// Shared forms (テンプレート) as they are written: created, saved as new versions, finalised.
//
// Several professions edit one form, often at the same time, so saving is optimistic: a save names
// the version it was based on and succeeds only while that is still the current version. The claim
// is one conditional UPDATE of forms.current_version (WHERE current_version = base), so of two
// saves on the same base exactly one changes a row; the other finds nothing to update and is told
// who saved the newer version, to fetch it, merge and save again. On PostgreSQL the second UPDATE
// waits for the first transaction and then re-reads the row; on SQLite writers are serial. The
// unique (form_id, version) constraint is the backstop.
//
// Nothing is overwritten (真正性): every save is a new form_versions row that records its base and
// who saved it. The only UPDATE of a version row is its finalisation, from NULL, once.
//
// Every write works in the caller's scope on the patient (access/call-scope.ts) and first asks it
// whether the user's role may write that kind of form (finalising is writing); the reads through
// the API are templates/form-reading.ts. Every write appends to the change feed (the overview
// carries forms and instruction alerts) and to the audit log in its own transaction; the audit
// never holds the values.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import { RenkeiError, type RecordKindName } from '@renkei/proto';
import {
  formRuleViolations,
  isTemplateKind,
  prefillValues,
  TEMPLATE_FORMS,
  validateForFinalise,
  validateTemplateValues,
  type TemplateKind,
  type TemplateValues,
  type TemplateViolation,
} from '@renkei/proto/template-forms';
import type { PatientScope } from '../access/call-scope';
import { authorOf, type AuthorRef } from '../chart/record-author';
import { transaction, type Store } from '../db/database';
import { recordPatientsChanged } from '../sync/change-feed';
import { gatherPrefillFacts } from './form-prefill';
import { selectFormVersions, toFormVersions, type FormVersionRow } from './form-records';
import { fieldViolation, invalidRequest, parseInput, textViolations, uuid } from '../validation';

/** What a form's values may weigh as JSON; far above any real form (4,000 characters a field). */
export const MAX_VALUES_JSON_BYTES = 200 * 1024;

export interface FormRef {
  patientId: string;
  formId: string;
}

export interface FormHead {
  id: string;
  patientId: string;
  documentType: RecordKindName;
  kind: TemplateKind;
  title: string;
  currentVersion: number;
}

const DOCUMENT_TYPE_PREFIX = 'DOCUMENT_TYPE_';

/** The template kind of a DocumentType name, if that type has a form definition. */
export function templateKindOf(documentType: string): TemplateKind | undefined {
  if (!documentType.startsWith(DOCUMENT_TYPE_PREFIX)) return undefined;
  const kind = documentType.slice(DOCUMENT_TYPE_PREFIX.length);
  return isTemplateKind(kind) ? kind : undefined;
}

export function documentTypeOf(kind: TemplateKind): RecordKindName {
  return `${DOCUMENT_TYPE_PREFIX}${kind}` as RecordKindName;
}

/** INVALID_REQUEST naming each broken rule of the form (proto's formRuleViolations). */
export function templateViolationsError(violations: readonly TemplateViolation[]): RenkeiError {
  return invalidRequest(formRuleViolations(violations));
}

/**
 * Parses and checks a form's values as sent (drafts may be incomplete: required fields are checked
 * at finalisation). An empty string is an empty form, as proto3 sends an unset field.
 */
export function parseTemplateValues(kind: TemplateKind, valuesJson: string): TemplateValues {
  if (Buffer.byteLength(valuesJson, 'utf8') > MAX_VALUES_JSON_BYTES) {
    throw invalidRequest([fieldViolation('valuesJson', 'VALUES_TOO_LARGE', { maxKb: String(MAX_VALUES_JSON_BYTES / 1024) })]);
  }
  let values: unknown;
  try {
    values = valuesJson.trim() === '' ? {} : JSON.parse(valuesJson);
  } catch {
    throw invalidRequest([fieldViolation('valuesJson', 'VALUES_NOT_JSON')]);
  }
  const badText = textViolations(values, ['valuesJson']);
  if (badText.length > 0) throw invalidRequest(badText);
  const violations = validateTemplateValues(kind, values);
  if (violations.length > 0) throw templateViolationsError(violations);
  return values as TemplateValues;
}

/** Stored values are checked on the way in; a row that does not parse is printed as empty. */
export function storedValues(valuesJson: string): TemplateValues {
  try {
    const values: unknown = JSON.parse(valuesJson);
    return typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as TemplateValues) : {};
  } catch {
    return {};
  }
}

const notFound = () => new RenkeiError({ reason: 'RECORD_NOT_FOUND' });

/**
 * Whose form `formId` is. For renkei-admin, which names a form by its id alone (the app always
 * names the patient with it); an id that is no form's is refused naming it.
 */
export async function patientOfForm(store: Store, formId: string): Promise<string> {
  const id = parseInput(z.object({ form: uuid }), { form: formId }).form;
  const row = await store.db.selectFrom('forms').select('patient_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw invalidRequest([fieldViolation('form', 'UNKNOWN_FORM', { formId: id })]);
  return row.patient_id;
}

/** The form, if it is this patient's: another patient's form is answered like a missing one. */
export async function findForm(store: Store, ref: FormRef): Promise<FormHead> {
  const row = await store.db
    .selectFrom('forms')
    .select(['id', 'patient_id', 'document_type', 'title', 'current_version'])
    .where('id', '=', ref.formId)
    .where('patient_id', '=', ref.patientId)
    .executeTakeFirst();
  const kind = row ? templateKindOf(row.document_type) : undefined;
  if (!row || !kind) throw notFound();
  return {
    id: row.id,
    patientId: row.patient_id,
    documentType: row.document_type as RecordKindName,
    kind,
    title: row.title,
    currentVersion: Number(row.current_version),
  };
}

/** One version's row; version 0 is the current one. */
export async function getFormVersionRow(store: Store, ref: FormRef, version: number): Promise<FormVersionRow> {
  let query = selectFormVersions(store.db).where('f.id', '=', ref.formId).where('f.patient_id', '=', ref.patientId);
  query = version === 0 ? query.whereRef('v.version', '=', 'f.current_version') : query.where('v.version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getFormVersion(store: Store, ref: FormRef, version: number): Promise<FormVersion> {
  const [form] = await toFormVersions(store, [await getFormVersionRow(store, ref, version)]);
  return form!;
}

export function editorName(name: { family?: string; given?: string } | null | undefined): string {
  return [name?.family ?? '', name?.given ?? ''].filter((part) => part !== '').join(' ') || '別の利用者';
}

/** TEMPLATE_VERSION_CONFLICT naming the current version and who saved it, read in `tx`. */
async function versionConflict(tx: Store, ref: FormRef): Promise<RenkeiError> {
  const current = await getFormVersion(tx, ref, 0);
  return new RenkeiError({
    reason: 'TEMPLATE_VERSION_CONFLICT',
    metadata: { currentVersion: String(current.version), editor: editorName(current.savedBy?.name), formId: ref.formId },
  });
}

function versionRow(formId: string, version: number, basedOn: number, values: TemplateValues, actor: AuthorRef, now: Date) {
  return {
    id: randomUUID(),
    form_id: formId,
    version,
    values_json: JSON.stringify(values),
    based_on_version: basedOn,
    saved_by_user_id: actor.userId,
    saved_by_profession: actor.profession,
    saved_by_facility_id: actor.facilityId,
    saved_by_device_id: actor.deviceId,
    saved_at: now.toISOString(),
    finalised_at: null,
    finalised_by_user_id: null,
    finalised_by_device_id: null,
  };
}

export interface CreateFormInput {
  kind: TemplateKind;
  /** Empty: the form's Japanese title. */
  title: string;
  /** The values as sent, checked against the kind's form here (parseTemplateValues). */
  valuesJson: string;
  /** The care team's office the form is addressed to ('' : the usual one, if unambiguous). */
  addresseeFacilityId?: string;
}

export async function createForm(scope: PatientScope, input: CreateFormInput): Promise<FormVersion> {
  const { store, now, patientId } = scope;
  const documentType = documentTypeOf(input.kind);
  await scope.require(documentType, 'write', { action: 'form.create' });
  const sent = parseTemplateValues(input.kind, input.valuesJson);
  // What Renkei knows first, what the user typed over it (form-prefill.ts).
  const facts = await gatherPrefillFacts(scope, input.kind, input.addresseeFacilityId ?? '');
  const values = { ...prefillValues(input.kind, facts), ...sent };
  const actor = authorOf(scope);
  const formId = randomUUID();
  return transaction(store, async (tx) => {
    await tx.db
      .insertInto('forms')
      .values({
        id: formId,
        patient_id: patientId,
        document_type: documentType,
        title: input.title === '' ? TEMPLATE_FORMS[input.kind].title.ja : input.title,
        current_version: 1,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        // Kept so an export names the receiving office by its record (referral-fhir-export.ts).
        addressee_facility_id: facts.addressee?.office.id ?? null,
      })
      .execute();
    await tx.db
      .insertInto('form_versions')
      .values(versionRow(formId, 1, 0, values, actor, now))
      .execute();
    await recordPatientsChanged(tx, [patientId], now);
    await scope.audit({ action: 'form.create', outcome: 'ok', detail: { formId, documentType, version: 1 } }, tx);
    return getFormVersion(tx, { patientId, formId }, 1);
  });
}

export interface SaveFormInput {
  formId: string;
  baseVersion: number;
  /** The values as sent, checked against the form's kind here (parseTemplateValues). */
  valuesJson: string;
  /** Start a new draft from a finalised version, on purpose. */
  amendFinalised: boolean;
}

export async function saveForm(scope: PatientScope, input: SaveFormInput): Promise<FormVersion> {
  const { store, now } = scope;
  const ref: FormRef = { patientId: scope.patientId, formId: input.formId };
  const head = await findForm(store, ref);
  await scope.require(head.documentType, 'write', { action: 'form.save', detail: { formId: head.id } });
  const values = parseTemplateValues(head.kind, input.valuesJson);
  const actor = authorOf(scope);
  return transaction(store, async (tx) => {
    const form = await findForm(tx, ref);
    const version = input.baseVersion + 1;
    // The claim: only one save per base can move the pointer (see the top of this file).
    const claimed = await tx.db
      .updateTable('forms')
      .set({ current_version: version, updated_at: now.toISOString() })
      .where('id', '=', form.id)
      .where('current_version', '=', input.baseVersion)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw await versionConflict(tx, ref);

    const base = await tx.db
      .selectFrom('form_versions')
      .select('finalised_at')
      .where('form_id', '=', form.id)
      .where('version', '=', input.baseVersion)
      .executeTakeFirstOrThrow();
    if (base.finalised_at !== null && !input.amendFinalised) {
      throw new RenkeiError({ reason: 'TEMPLATE_FINALISED', metadata: { version: String(input.baseVersion) } });
    }
    await tx.db
      .insertInto('form_versions')
      .values(versionRow(form.id, version, input.baseVersion, values, actor, now))
      .execute();
    await recordPatientsChanged(tx, [form.patientId], now);
    await scope.audit(
      {
        action: 'form.save',
        outcome: 'ok',
        detail: { formId: form.id, documentType: form.documentType, version, basedOn: input.baseVersion, amendsFinalised: base.finalised_at !== null },
      },
      tx,
    );
    return getFormVersion(tx, ref, version);
  });
}

export interface FinaliseFormInput {
  formId: string;
  /** Must be the current version. */
  version: number;
}

export async function finaliseForm(scope: PatientScope, input: FinaliseFormInput): Promise<FormVersion> {
  const { store, now } = scope;
  const ref: FormRef = { patientId: scope.patientId, formId: input.formId };
  const head = await findForm(store, ref);
  await scope.require(head.documentType, 'write', { action: 'form.finalise', detail: { formId: head.id } });
  const actor = authorOf(scope);
  return transaction(store, async (tx) => {
    const form = await findForm(tx, ref);
    // Touching the form row with the same condition as a save serialises finalisation with
    // saves: a save and a finalisation of the same version cannot both succeed unseen.
    const locked = await tx.db
      .updateTable('forms')
      .set({ updated_at: now.toISOString() })
      .where('id', '=', form.id)
      .where('current_version', '=', input.version)
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) !== 1) throw await versionConflict(tx, ref);

    const row = await getFormVersionRow(tx, ref, input.version);
    if (row.finalised_at !== null) throw new RenkeiError({ reason: 'TEMPLATE_FINALISED', metadata: { version: String(input.version) } });
    const violations = validateForFinalise(form.kind, storedValues(row.values_json));
    if (violations.length > 0) throw templateViolationsError(violations);

    const finalised = await tx.db
      .updateTable('form_versions')
      .set({ finalised_at: now.toISOString(), finalised_by_user_id: actor.userId, finalised_by_device_id: actor.deviceId })
      .where('form_id', '=', form.id)
      .where('version', '=', input.version)
      .where('finalised_at', 'is', null)
      .executeTakeFirst();
    if (Number(finalised.numUpdatedRows) !== 1) throw new RenkeiError({ reason: 'TEMPLATE_FINALISED', metadata: { version: String(input.version) } });
    await recordPatientsChanged(tx, [form.patientId], now);
    await scope.audit(
      {
        action: 'form.finalise',
        outcome: 'ok',
        // The version row keeps only user and device; the profession and office as they were
        // are kept here.
        detail: { formId: form.id, documentType: form.documentType, version: input.version, profession: actor.profession, facilityId: actor.facilityId },
      },
      tx,
    );
    return getFormVersion(tx, ref, input.version);
  });
}
