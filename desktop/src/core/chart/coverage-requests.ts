// A change of the insurance and certification (保険・認定) as coverage.proto's request: the screens'
// shapes (shared/coverage-views.ts) back into the message. The way back, message to view, is the
// overview's (cache/coverage-mapping.ts), so a saved version and a synced one read the same.
import type { RecordCoverageRequest } from '@renkei/proto/generated/renkei/v1/RecordCoverageRequest';
import type { RecordCoverageInput } from '../../shared/coverage-views';

export function coverageRequest(input: RecordCoverageInput): RecordCoverageRequest {
  const { medical, longTermCare, certification } = input;
  return {
    patientId: input.patientId,
    baseVersion: input.baseVersion,
    // A part not sent is not recorded; the numbers are checked (and named at their field) by the server.
    ...(medical && {
      medical: {
        insurerNumber: medical.insurerNumber,
        symbol: medical.symbol,
        number: medical.number,
        branch: medical.branch,
        copayTenths: medical.copayTenths,
        publicExpenses: medical.publicExpenses.map((p) => ({ payerNumber: p.payerNumber, recipientNumber: p.recipientNumber, name: p.name })),
      },
    }),
    ...(longTermCare && {
      longTermCare: { insurerNumber: longTermCare.insurerNumber, insuredNumber: longTermCare.insuredNumber, copayTenths: longTermCare.copayTenths },
    }),
    ...(certification && {
      certification: {
        careLevel: certification.careLevel as NonNullable<RecordCoverageRequest['certification']>['careLevel'],
        validFrom: certification.validFrom,
        validUntil: certification.validUntil,
      },
    }),
    disabilityIndependence: input.disabilityIndependence as RecordCoverageRequest['disabilityIndependence'],
    dementiaIndependence: input.dementiaIndependence as RecordCoverageRequest['dementiaIndependence'],
    changeReason: input.changeReason,
  };
}
