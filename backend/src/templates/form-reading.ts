// Reading a patient's shared forms (テンプレート) in the caller's scope on the patient: one version,
// the list of current versions, one form's versions, and one version printed to PDF. Each asks the
// scope whether the user's role may read that kind of form (the list leaves out what they may
// not), and every read is audited. A form of another patient is answered like a missing one.
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import { PROFESSION_LABELS, RenkeiError, type ProfessionName } from '@renkei/proto';
import { TEMPLATE_KINDS } from '@renkei/proto/template-forms';
import type { PatientReadScope, PatientScope } from '../access/call-scope';
import { documentTypeOf, editorName, findForm, getFormVersion, getFormVersionRow, storedValues, type FormHead } from './form-store';
import { selectFormVersions, toFormVersions, type FormVersionRow } from './form-records';
import { renderTemplatePdf } from './pdf/template-pdf';

export interface FormVersionRef {
  formId: string;
  /** 0: the current version. */
  version: number;
}

/** The form, refused (and the refusal audited as `action`) unless the user's role may read its kind. */
export async function readableForm(scope: PatientReadScope, formId: string, action: string): Promise<FormHead> {
  const form = await findForm(scope.store, { patientId: scope.patientId, formId });
  await scope.require(form.documentType, 'read', { action, detail: { formId: form.id } });
  return form;
}

export async function readForm(scope: PatientScope, ref: FormVersionRef): Promise<FormVersion> {
  const form = await readableForm(scope, ref.formId, 'form.read');
  const result = await getFormVersion(scope.store, { patientId: scope.patientId, formId: form.id }, ref.version);
  await scope.audit({ action: 'form.read', outcome: 'ok', detail: { formId: form.id, documentType: form.documentType, version: result.version } });
  return result;
}

/** Current versions of the patient's forms, newest first. */
export async function listForms(scope: PatientScope): Promise<FormVersion[]> {
  // Kinds the caller may not read are left out, not refused: the list is of what they may see.
  const readable = TEMPLATE_KINDS.map(documentTypeOf).filter((type) => scope.chartAccess.may(type, 'read'));
  const rows =
    readable.length === 0
      ? []
      : await selectFormVersions(scope.store.db)
          .whereRef('v.version', '=', 'f.current_version')
          .where('f.patient_id', '=', scope.patientId)
          .where('f.document_type', 'in', readable)
          .orderBy('f.updated_at', 'desc')
          .orderBy('f.id')
          .execute();
  const forms = await toFormVersions(scope.store, rows);
  await scope.audit({ action: 'form.list', outcome: 'ok', detail: { forms: forms.map((f) => f.formId) } });
  return forms;
}

/** Every version of one form, oldest first. */
export async function listFormVersions(scope: PatientScope, formId: string): Promise<FormVersion[]> {
  const form = await readableForm(scope, formId, 'form.versions');
  const rows = await selectFormVersions(scope.store.db).where('f.id', '=', form.id).where('f.patient_id', '=', scope.patientId).orderBy('v.version').execute();
  if (rows.length === 0) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  const versions = await toFormVersions(scope.store, rows);
  await scope.audit({ action: 'form.versions', outcome: 'ok', detail: { formId: form.id, documentType: form.documentType, versions: versions.length } });
  return versions;
}

export interface PrintedForm {
  pdf: Uint8Array;
  fileName: string;
}

/** One version as the PDF a clinic prints or sends, with who last edited and finalised it. */
export async function printForm(scope: PatientScope, ref: FormVersionRef): Promise<PrintedForm> {
  const form = await readableForm(scope, ref.formId, 'form.render');
  const row = await getFormVersionRow(scope.store, { patientId: scope.patientId, formId: form.id }, ref.version);
  const { pdf, fileName } = await renderFormVersionPdf(scope, form, row);
  await scope.audit({
    action: 'form.render',
    outcome: 'ok',
    detail: { formId: form.id, documentType: form.documentType, version: Number(row.version), bytes: pdf.byteLength },
  });
  return { pdf, fileName };
}

/**
 * A version of a form the caller was found allowed to read, rendered to its PDF; not logged: the
 * caller records what it does with it (printing it, or sending it inside a FHIR document).
 */
export async function renderFormVersionPdf(scope: PatientReadScope, form: FormHead, row: FormVersionRow): Promise<PrintedForm> {
  const [[shown], patient] = await Promise.all([
    toFormVersions(scope.store, [row]),
    scope.store.db
      .selectFrom('patients')
      .select(['family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'birth_date', 'sex'])
      .where('id', '=', scope.patientId)
      .executeTakeFirstOrThrow(),
  ]);
  const pdf = await renderTemplatePdf({
    kind: form.kind,
    values: storedValues(row.values_json),
    version: Number(row.version),
    patient: {
      familyName: patient.family_name,
      givenName: patient.given_name,
      familyNameKana: patient.family_name_kana,
      givenNameKana: patient.given_name_kana,
      birthDate: patient.birth_date,
      sex: patient.sex,
    },
    lastEditedBy: { name: editorName(shown!.savedBy?.name), at: row.saved_at },
    ...(shown!.finalisedBy &&
      row.finalised_at !== null && {
        finalisedBy: {
          name: editorName(shown!.finalisedBy.name),
          profession: professionLabel(String(shown!.finalisedBy.profession ?? '')),
          facilityName: shown!.finalisedBy.facilityName ?? '',
          at: row.finalised_at,
        },
      }),
    printedAt: scope.now.toISOString(),
  });
  const fileName = formPdfFileName(row.title, patient, Number(row.version));
  return { pdf, fileName };
}

// Characters Windows, macOS or a mail client would refuse or misread in a file name.
const UNSAFE_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\s]+/gu;

function fileNamePart(text: string, maxCharacters: number): string {
  const cleaned = text
    .normalize('NFC')
    .replace(UNSAFE_FILE_NAME, '_')
    .replace(/_+/g, '_')
    .replace(/^[_.]+|[_.]+$/g, '');
  return [...cleaned].slice(0, maxCharacters).join('');
}

function professionLabel(profession: string): string {
  return Object.hasOwn(PROFESSION_LABELS, profession) ? PROFESSION_LABELS[profession as ProfessionName].ja : '';
}

/** e.g. 訪問看護指示書_宮崎ハル_第3版.pdf */
function formPdfFileName(formTitle: string, patient: { family_name: string; given_name: string }, formVersion: number): string {
  const parts = [fileNamePart(formTitle, 60) || '書類', fileNamePart(`${patient.family_name}${patient.given_name}`, 40), `第${formVersion}版`];
  return `${parts.filter((part) => part !== '').join('_')}.pdf`;
}
