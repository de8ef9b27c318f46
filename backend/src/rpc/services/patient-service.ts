// renkei.v1.PatientService: the caller's patients. Access is checked before these handlers run
// (RPC_POLICY, access/patient-access.ts); list queries are scoped by the same module.
import type { ListPatientsResponse } from '@renkei/proto/generated/renkei/v1/ListPatientsResponse';
import type { PatientOverview } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { SearchPatientsResponse } from '@renkei/proto/generated/renkei/v1/SearchPatientsResponse';
import { RenkeiError } from '@renkei/proto';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit-log';
import { decodePageToken, listPatientsFor, searchPatientsFor } from '../../patients/patient-directory';
import { loadOverviews } from '../../patients/patient-overview';
import { uuid } from '../../validation';
import type { UnaryMethod } from '../dispatcher';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;
const pageSize = z
  .number()
  .int()
  .min(0)
  .max(MAX_PAGE, `${MAX_PAGE}件以下を指定してください`)
  .transform((n) => (n === 0 ? DEFAULT_PAGE : n));

const listRequest = z.object({ pageSize, pageToken: z.string().max(500) });
const searchRequest = z.object({
  query: z.string().trim().min(1, '検索する文字を入力してください').max(100, '100文字以内で入力してください'),
  pageSize,
});
const overviewRequest = z.object({ patientId: uuid });

export function patientService(): Record<string, UnaryMethod<any, any>> {
  const ListPatients: UnaryMethod<z.output<typeof listRequest>, ListPatientsResponse> = {
    request: listRequest,
    async handle(request, context) {
      const after = request.pageToken === '' ? undefined : decodePageToken(request.pageToken);
      if (request.pageToken !== '' && !after) {
        throw new RenkeiError({ reason: 'INVALID_REQUEST', metadata: { fields: 'pageToken: 前回の応答の値をそのまま指定してください' }, fieldViolations: [{ field: 'pageToken', description: 'not a page token from this server' }] });
      }
      return listPatientsFor(context.store, context.user!.id, request.pageSize, after);
    },
  };
  const SearchPatients: UnaryMethod<z.output<typeof searchRequest>, SearchPatientsResponse> = {
    request: searchRequest,
    async handle(request, context) {
      const patients = await searchPatientsFor(context.store, context.user!.id, request.query, request.pageSize);
      await recordAudit(
        context.store,
        { action: 'patient.search', outcome: 'ok', actorUserId: context.user!.id, actorDeviceId: context.device!.id, detail: { results: patients.length } },
        context.now,
      );
      return { patients };
    },
  };
  const GetPatientOverview: UnaryMethod<z.output<typeof overviewRequest>, PatientOverview> = {
    request: overviewRequest,
    async handle(request, context) {
      const overview = (await loadOverviews(context.store, [request.patientId], context.user!.id, context.now)).get(request.patientId);
      if (!overview) throw new RenkeiError({ reason: 'PATIENT_NOT_ON_CARE_TEAM' });
      await recordAudit(
        context.store,
        { action: 'patient.overview.read', outcome: 'ok', actorUserId: context.user!.id, actorDeviceId: context.device!.id, patientId: request.patientId },
        context.now,
      );
      return overview;
    },
  };
  return { ListPatients, SearchPatients, GetPatientOverview };
}
