// renkei.v1.CoverageService: the patient's insurance and certification (保険・認定). The dispatcher
// has opened the caller's scope on the patient; coverage/coverage-records.ts asks it for the chart
// policy (INSURANCE), validates the card numbers and periods, versions and logs.
import type { Coverage } from '@renkei/proto/generated/renkei/v1/Coverage';
import type { CoverageHistory } from '@renkei/proto/generated/renkei/v1/CoverageHistory';
import { z } from 'zod';
import { coverageHistory, recordCoverage } from '../../coverage/coverage-records';
import { uuid } from '../../validation';
import type { UnaryMethod } from '../dispatcher';

// The record's own fields are checked by coverage-records.ts (named by field, in the user's words).
const recordRequest = z.looseObject({ patientId: uuid });
const getRequest = z.object({ patientId: uuid });

export function coverageService(): Record<string, UnaryMethod<any, any, 'care-team'>> {
  const GetCoverage: UnaryMethod<z.output<typeof getRequest>, CoverageHistory, 'care-team'> = {
    access: 'care-team',
    request: getRequest,
    handle: (_request, scope) => coverageHistory(scope),
  };
  const RecordCoverage: UnaryMethod<z.output<typeof recordRequest>, Coverage, 'care-team'> = {
    access: 'care-team',
    request: recordRequest,
    handle: ({ patientId: _patientId, ...input }, scope) => recordCoverage(scope, input as never),
  };
  return { GetCoverage, RecordCoverage };
}
