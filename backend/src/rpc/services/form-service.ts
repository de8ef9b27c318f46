// renkei.v1.FormService: shared forms (テンプレート) several professions fill in together.
// The dispatcher has checked that the caller may see the patient (care team, consent); here every
// call also asks the chart policy whether the caller's role may read or write that kind of form
// (finalising is writing). The domain rules (versions, conflicts, finalisation) are in
// templates/form-store.ts; reads are audited here, writes in their transaction there.
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { ListFormsResponse } from '@renkei/proto/generated/renkei/v1/ListFormsResponse';
import type { ListFormVersionsResponse } from '@renkei/proto/generated/renkei/v1/ListFormVersionsResponse';
import type { RenderFormPdfResponse } from '@renkei/proto/generated/renkei/v1/RenderFormPdfResponse';
import { PROFESSION_LABELS, RenkeiError, type ProfessionName, type RecordKindName } from '@renkei/proto';
import { TEMPLATE_FORMS, TEMPLATE_KINDS } from '@renkei/proto/template-forms';
import { z } from 'zod';
import { assertChartAccess, chartAccessOf, type ChartAction } from '../../access/chart-access';
import { recordAudit } from '../../audit/audit-log';
import {
  createForm,
  documentTypeOf,
  editorName,
  finaliseForm,
  findForm,
  getFormVersion,
  getFormVersionRow,
  listCurrentForms,
  listFormVersions,
  parseTemplateValues,
  saveForm,
  storedValues,
  templateKindOf,
  type FormActor,
} from '../../templates/form-store';
import { toFormVersions } from '../../templates/form-records';
import { renderTemplatePdf } from '../../templates/template-pdf';
import { uuid } from '../../validation';
import type { CallContext, UnaryMethod } from '../dispatcher';

const TEMPLATE_TITLES = TEMPLATE_KINDS.map((kind) => TEMPLATE_FORMS[kind].title.ja).join('・');

const documentType = z
  .string()
  .refine((value) => templateKindOf(value) !== undefined, `テンプレートで作成できる書類の種類を指定してください（${TEMPLATE_TITLES}）`);
const title = z
  .string()
  .trim()
  .max(100, '100文字以内で入力してください')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), '改行や制御文字は使えません');
// The size and the fields are checked against the form by parseTemplateValues, which knows the kind.
const valuesJson = z.string();
const version = z.number().int().min(0).max(2_147_483_647);
const baseVersion = z.number().int().min(1, '編集のもとにした版（1以上）を指定してください').max(2_147_483_647);

const createRequest = z.object({ patientId: uuid, documentType, title, valuesJson });
const getRequest = z.object({ patientId: uuid, formId: uuid, version });
const saveRequest = z.object({ patientId: uuid, formId: uuid, baseVersion, valuesJson, amendFinalised: z.boolean() });
const finaliseRequest = z.object({ patientId: uuid, formId: uuid, version: baseVersion });
const listRequest = z.object({ patientId: uuid });
const versionsRequest = z.object({ patientId: uuid, formId: uuid });

function actorOf(context: CallContext): FormActor {
  return { userId: context.user!.id, profession: context.user!.profession, facilityId: context.user!.facility_id, deviceId: context.device!.id };
}

/** The chart policy for this kind of form; a refusal is audited with the action refused. */
async function authorise(context: CallContext, patientId: string, kind: RecordKindName, action: ChartAction, auditAction: string, detail: Record<string, unknown>): Promise<void> {
  const access = await chartAccessOf(context.store, context.user!.id, patientId);
  try {
    assertChartAccess(access, kind, action);
  } catch (error) {
    if (error instanceof RenkeiError) {
      await recordAudit(
        context.store,
        { action: auditAction, outcome: 'denied', actorUserId: context.user!.id, actorDeviceId: context.device!.id, patientId, detail: { ...detail, documentType: kind, reason: error.reason } },
        context.now,
      );
    }
    throw error;
  }
}

async function auditRead(context: CallContext, action: string, patientId: string, detail: Record<string, unknown>): Promise<void> {
  await recordAudit(context.store, { action, outcome: 'ok', actorUserId: context.user!.id, actorDeviceId: context.device!.id, patientId, detail }, context.now);
}

// Characters Windows, macOS or a mail client would refuse or misread in a file name.
const UNSAFE_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\s]+/gu;

function fileNamePart(text: string, maxCharacters: number): string {
  const cleaned = text.normalize('NFC').replace(UNSAFE_FILE_NAME, '_').replace(/_+/g, '_').replace(/^[_.]+|[_.]+$/g, '');
  return [...cleaned].slice(0, maxCharacters).join('');
}

function professionLabel(profession: string): string {
  return Object.hasOwn(PROFESSION_LABELS, profession) ? PROFESSION_LABELS[profession as ProfessionName].ja : '';
}

/** e.g. 訪問看護指示書_宮崎ハル_第3版.pdf */
export function formPdfFileName(formTitle: string, patient: { family_name: string; given_name: string }, formVersion: number): string {
  const parts = [fileNamePart(formTitle, 60) || '書類', fileNamePart(`${patient.family_name}${patient.given_name}`, 40), `第${formVersion}版`];
  return `${parts.filter((part) => part !== '').join('_')}.pdf`;
}

export function formService(): Record<string, UnaryMethod<any, any>> {
  const CreateForm: UnaryMethod<z.output<typeof createRequest>, FormVersion> = {
    request: createRequest,
    async handle(request, context) {
      const kind = templateKindOf(request.documentType)!;
      await authorise(context, request.patientId, documentTypeOf(kind), 'write', 'form.create', {});
      const values = parseTemplateValues(kind, request.valuesJson);
      return createForm(context.store, { patientId: request.patientId, kind, title: request.title, values }, actorOf(context), context.now);
    },
  };

  const GetForm: UnaryMethod<z.output<typeof getRequest>, FormVersion> = {
    request: getRequest,
    async handle(request, context) {
      const form = await findForm(context.store, request);
      await authorise(context, request.patientId, form.documentType, 'read', 'form.read', { formId: form.id });
      const result = await getFormVersion(context.store, request, request.version);
      await auditRead(context, 'form.read', request.patientId, { formId: form.id, documentType: form.documentType, version: result.version });
      return result;
    },
  };

  const SaveForm: UnaryMethod<z.output<typeof saveRequest>, FormVersion> = {
    request: saveRequest,
    async handle(request, context) {
      const form = await findForm(context.store, request);
      await authorise(context, request.patientId, form.documentType, 'write', 'form.save', { formId: form.id });
      const values = parseTemplateValues(form.kind, request.valuesJson);
      return saveForm(context.store, { ...request, values }, actorOf(context), context.now);
    },
  };

  const FinaliseForm: UnaryMethod<z.output<typeof finaliseRequest>, FormVersion> = {
    request: finaliseRequest,
    async handle(request, context) {
      const form = await findForm(context.store, request);
      await authorise(context, request.patientId, form.documentType, 'write', 'form.finalise', { formId: form.id });
      return finaliseForm(context.store, request, actorOf(context), context.now);
    },
  };

  const ListForms: UnaryMethod<z.output<typeof listRequest>, ListFormsResponse> = {
    request: listRequest,
    async handle(request, context) {
      const access = await chartAccessOf(context.store, context.user!.id, request.patientId);
      // Kinds the caller may not read are left out, not refused: the list is of what they may see.
      const readable = TEMPLATE_KINDS.map(documentTypeOf).filter((type) => access.may(type, 'read'));
      const forms = await listCurrentForms(context.store, request.patientId, readable);
      await auditRead(context, 'form.list', request.patientId, { forms: forms.map((f) => f.formId) });
      return { forms };
    },
  };

  const ListFormVersions: UnaryMethod<z.output<typeof versionsRequest>, ListFormVersionsResponse> = {
    request: versionsRequest,
    async handle(request, context) {
      const form = await findForm(context.store, request);
      await authorise(context, request.patientId, form.documentType, 'read', 'form.versions', { formId: form.id });
      const versions = await listFormVersions(context.store, request);
      await auditRead(context, 'form.versions', request.patientId, { formId: form.id, documentType: form.documentType, versions: versions.length });
      return { versions };
    },
  };

  const RenderFormPdf: UnaryMethod<z.output<typeof getRequest>, RenderFormPdfResponse> = {
    request: getRequest,
    async handle(request, context) {
      const form = await findForm(context.store, request);
      await authorise(context, request.patientId, form.documentType, 'read', 'form.render', { formId: form.id });
      const row = await getFormVersionRow(context.store, request, request.version);
      const [[shown], patient] = await Promise.all([
        toFormVersions(context.store, [row]),
        context.store.db
          .selectFrom('patients')
          .select(['family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'birth_date', 'sex'])
          .where('id', '=', request.patientId)
          .executeTakeFirstOrThrow(),
      ]);
      const printedAt = context.now.toISOString();
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
        printedAt,
      });
      const fileName = formPdfFileName(row.title, patient, Number(row.version));
      await auditRead(context, 'form.render', request.patientId, { formId: form.id, documentType: form.documentType, version: Number(row.version), bytes: pdf.byteLength });
      return { pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), fileName };
    },
  };

  return { CreateForm, GetForm, SaveForm, FinaliseForm, ListForms, ListFormVersions, RenderFormPdf };
}
