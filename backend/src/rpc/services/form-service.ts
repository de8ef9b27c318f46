// renkei.v1.FormService: shared forms (テンプレート) several professions fill in together.
// The dispatcher has opened the caller's scope on the patient (care team, consent); the domain
// modules ask it whether the caller's role may read or write that kind of form (finalising is
// writing): templates/form-store.ts for writes (versions, conflicts, finalisation), audited in
// their transaction, and templates/form-reading.ts for reads, each audited.
import type { FormVersion } from '@renkei/proto/generated/renkei/v1/FormVersion';
import type { ListFormsResponse } from '@renkei/proto/generated/renkei/v1/ListFormsResponse';
import type { ListFormVersionsResponse } from '@renkei/proto/generated/renkei/v1/ListFormVersionsResponse';
import type { RenderFormPdfResponse } from '@renkei/proto/generated/renkei/v1/RenderFormPdfResponse';
import { z } from 'zod';
import { listForms, listFormVersions, printForm, readForm } from '../../templates/form-reading';
import { createForm, finaliseForm, saveForm, templateKindOf } from '../../templates/form-store';
import { singleLine, uuid } from '../../validation';
import type { UnaryMethod } from '../dispatcher';

const documentType = z.string().refine((value) => templateKindOf(value) !== undefined, 'NOT_A_CHOICE');
const title = singleLine(100);
// The size and the fields are checked against the form by parseTemplateValues, which knows the kind.
const valuesJson = z.string();
const version = z.number().int().min(0).max(2_147_483_647);
const baseVersion = z.number().int().min(1).max(2_147_483_647);

const createRequest = z.object({ patientId: uuid, documentType, title, valuesJson, addresseeFacilityId: z.union([z.literal(''), uuid]) });
const getRequest = z.object({ patientId: uuid, formId: uuid, version });
const saveRequest = z.object({ patientId: uuid, formId: uuid, baseVersion, valuesJson, amendFinalised: z.boolean() });
const finaliseRequest = z.object({ patientId: uuid, formId: uuid, version: baseVersion });
const listRequest = z.object({ patientId: uuid });
const versionsRequest = z.object({ patientId: uuid, formId: uuid });

export function formService(): Record<string, UnaryMethod<any, any, 'care-team'>> {
  const CreateForm: UnaryMethod<z.output<typeof createRequest>, FormVersion, 'care-team'> = {
    access: 'care-team',
    request: createRequest,
    // The request was checked to name a kind with a form.
    handle: (request, scope) =>
      createForm(scope, {
        kind: templateKindOf(request.documentType)!,
        title: request.title,
        valuesJson: request.valuesJson,
        addresseeFacilityId: request.addresseeFacilityId,
      }),
  };
  const GetForm: UnaryMethod<z.output<typeof getRequest>, FormVersion, 'care-team'> = {
    access: 'care-team',
    request: getRequest,
    handle: (request, scope) => readForm(scope, request),
  };
  const SaveForm: UnaryMethod<z.output<typeof saveRequest>, FormVersion, 'care-team'> = {
    access: 'care-team',
    request: saveRequest,
    handle: (request, scope) => saveForm(scope, request),
  };
  const FinaliseForm: UnaryMethod<z.output<typeof finaliseRequest>, FormVersion, 'care-team'> = {
    access: 'care-team',
    request: finaliseRequest,
    handle: (request, scope) => finaliseForm(scope, request),
  };
  const ListForms: UnaryMethod<z.output<typeof listRequest>, ListFormsResponse, 'care-team'> = {
    access: 'care-team',
    request: listRequest,
    handle: async (_request, scope) => ({ forms: await listForms(scope) }),
  };
  const ListFormVersions: UnaryMethod<z.output<typeof versionsRequest>, ListFormVersionsResponse, 'care-team'> = {
    access: 'care-team',
    request: versionsRequest,
    handle: async (request, scope) => ({ versions: await listFormVersions(scope, request.formId) }),
  };
  const RenderFormPdf: UnaryMethod<z.output<typeof getRequest>, RenderFormPdfResponse, 'care-team'> = {
    access: 'care-team',
    request: getRequest,
    async handle(request, scope) {
      const { pdf, fileName } = await printForm(scope, request);
      return { pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), fileName };
    },
  };
  return { CreateForm, GetForm, SaveForm, FinaliseForm, ListForms, ListFormVersions, RenderFormPdf };
}
