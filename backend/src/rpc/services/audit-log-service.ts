// renkei.v1.AuditLogService: a patient's access log for the chart's アクセス記録. Who may read it
// (the attending doctor, the registering office) is decided by audit/patient-access-log.ts, not by
// the care-team scope, since the registering office's staff need not be on the team.
import type { ExportPatientAccessLogResponse } from '@renkei/proto/generated/renkei/v1/ExportPatientAccessLogResponse';
import type { ListPatientAccessLogResponse } from '@renkei/proto/generated/renkei/v1/ListPatientAccessLogResponse';
import { z } from 'zod';
import { exportPatientAccessLog, readPatientAccessLog } from '../../audit/patient-access-log';
import { toTimestamp } from '../../time';
import { fieldViolation, invalidRequest, uuid } from '../../validation';
import type { UnaryMethod } from '../dispatcher';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

const listRequest = z.object({
  patientId: uuid,
  fromDay: z.string().max(20),
  toDay: z.string().max(20),
  pageSize: z
    .number()
    .int()
    .min(0)
    .max(MAX_PAGE)
    .transform((n) => (n === 0 ? DEFAULT_PAGE : n)),
  pageToken: z.string().max(20),
});

const exportRequest = z.object({ patientId: uuid, fromDay: z.string().max(20), toDay: z.string().max(20) });

export function auditLogService(): Record<string, UnaryMethod<any, any, 'user'>> {
  const ListPatientAccessLog: UnaryMethod<z.output<typeof listRequest>, ListPatientAccessLogResponse, 'user'> = {
    access: 'user',
    request: listRequest,
    async handle(request, scope) {
      // The token is the seq of the previous page's last (oldest) event; the patient filter still applies.
      if (request.pageToken !== '' && !/^[1-9]\d{0,14}$/.test(request.pageToken)) throw invalidRequest([fieldViolation('pageToken', 'PAGE_TOKEN')]);
      const page = await readPatientAccessLog(scope, {
        patientId: request.patientId,
        fromDay: request.fromDay,
        toDay: request.toDay,
        pageSize: request.pageSize,
        ...(request.pageToken !== '' && { beforeSeq: Number(request.pageToken) }),
      });
      return {
        entries: page.entries.map((e) => ({
          seq: e.seq,
          at: toTimestamp(e.at),
          action: e.action,
          outcome: e.outcome,
          actorName: e.actorName,
          actorKind: e.actorKind,
          actorLabel: e.actorLabel,
          actorProfession: e.actorProfession ?? 'PROFESSION_UNSPECIFIED',
          actorFacilityName: e.actorFacilityName,
          deviceName: e.deviceName,
          deviceFacilityName: e.deviceFacilityName,
          reason: e.reason,
        })),
        nextPageToken: page.nextBeforeSeq === undefined ? '' : String(page.nextBeforeSeq),
      };
    },
  };
  const ExportPatientAccessLog: UnaryMethod<z.output<typeof exportRequest>, ExportPatientAccessLogResponse, 'user'> = {
    access: 'user',
    request: exportRequest,
    async handle(request, scope) {
      const exported = await exportPatientAccessLog(scope, request);
      return { csv: Buffer.from(exported.csv, 'utf8'), rows: exported.rows, fileName: exported.fileName };
    },
  };
  return { ListPatientAccessLog, ExportPatientAccessLog };
}
