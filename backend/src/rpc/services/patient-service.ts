// renkei.v1.PatientService: the caller's patients. Lists are scoped by access/patient-access.ts
// (patients/patient-directory.ts); the overview is of the patient the dispatcher opened the
// caller's scope on.
import type { FhirExport } from '@renkei/proto/generated/renkei/v1/FhirExport';
import type { ListPatientsResponse } from '@renkei/proto/generated/renkei/v1/ListPatientsResponse';
import type { PatientOverview } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { SearchPatientsResponse } from '@renkei/proto/generated/renkei/v1/SearchPatientsResponse';
import { z } from 'zod';
import { decodePageToken, listPatientsFor, searchPatientsFor } from '../../patients/patient-directory';
import { exportPatientFhir } from '../../patients/patient-fhir-export';
import { readPatientOverview } from '../../patients/patient-overview';
import { exportReferralFhir } from '../../templates/referral-fhir-export';
import { fieldViolation, invalidRequest, uuid } from '../../validation';
import type { ServiceMethod, UnaryMethod } from '../dispatcher';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;
const pageSize = z
  .number()
  .int()
  .min(0)
  .max(MAX_PAGE)
  .transform((n) => (n === 0 ? DEFAULT_PAGE : n));

const listRequest = z.object({ pageSize, pageToken: z.string().max(500) });
const searchRequest = z.object({
  query: z.string().trim().min(1).max(100),
  pageSize,
  includeArchived: z.boolean(),
});
const overviewRequest = z.object({ patientId: uuid });
const referralRequest = z.object({ patientId: uuid, formId: uuid, version: z.number().int().min(0).max(1_000_000) });

export function patientService(): Record<string, ServiceMethod> {
  const ListPatients: UnaryMethod<z.output<typeof listRequest>, ListPatientsResponse, 'user'> = {
    access: 'user',
    request: listRequest,
    async handle(request, scope) {
      const after = request.pageToken === '' ? undefined : decodePageToken(request.pageToken);
      if (request.pageToken !== '' && !after) {
        throw invalidRequest([fieldViolation('pageToken', 'PAGE_TOKEN')]);
      }
      return listPatientsFor(scope.store, scope.user.id, request.pageSize, after, scope.now);
    },
  };
  const SearchPatients: UnaryMethod<z.output<typeof searchRequest>, SearchPatientsResponse, 'user'> = {
    access: 'user',
    request: searchRequest,
    async handle(request, scope) {
      const patients = await searchPatientsFor(scope.store, scope.user.id, request.query, request.pageSize, scope.now, request.includeArchived);
      await scope.audit({
        action: 'patient.search',
        outcome: 'ok',
        detail: { results: patients.length, ...(request.includeArchived && { includeArchived: true, archived: patients.filter((p) => p.archived).length }) },
      });
      return { patients };
    },
  };
  const GetPatientOverview: UnaryMethod<z.output<typeof overviewRequest>, PatientOverview, 'care-team'> = {
    access: 'care-team',
    request: overviewRequest,
    handle: (_request, scope) => readPatientOverview(scope),
  };
  // Exporting is reading: the same care-team scope as the overview, and the chart policy inside it.
  const ExportPatientFhir: UnaryMethod<z.output<typeof overviewRequest>, FhirExport, 'care-team'> = {
    access: 'care-team',
    request: overviewRequest,
    handle: (_request, scope) => exportPatientFhir(scope),
  };
  const ExportReferralFhir: UnaryMethod<z.output<typeof referralRequest>, FhirExport, 'care-team'> = {
    access: 'care-team',
    request: referralRequest,
    handle: (request, scope) => exportReferralFhir(scope, { formId: request.formId, version: request.version }),
  };
  return { ListPatients, SearchPatients, GetPatientOverview, ExportPatientFhir, ExportReferralFhir };
}
