// 「記録の最終更新」 on a patient's screen: when the record this user reads last changed. The
// patient row's updated_at moves with the profile and the care team; a note, document, form or
// consent is written elsewhere and left it behind, so a save showed no change (issue 12,
// defect 7). The latest write is taken from the chart summary the user receives, not from every
// record: a record the user may not read does not move the time they are shown either.
import type { ChartSummary } from '@renkei/proto/generated/renkei/v1/ChartSummary';
import type { Timestamp } from '@renkei/proto/generated/google/protobuf/Timestamp';

function msOf(timestamp: Timestamp | null | undefined): number {
  if (!timestamp) return Number.NEGATIVE_INFINITY;
  return Number(timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000);
}

/** The later of the patient row's updated_at and the newest write in the chart summary (ISO). */
export function recordUpdatedAt(patientUpdatedAt: string, chart: ChartSummary | null | undefined): string {
  const candidates = [
    Date.parse(patientUpdatedAt),
    ...(chart?.latestNotes ?? []).map((note) => msOf(note.recordedAt)),
    ...(chart?.documents ?? []).map((doc) => msOf(doc.uploadedAt)),
    ...(chart?.forms ?? []).flatMap((form) => [msOf(form.savedAt), msOf(form.finalisedAt)]),
    ...(chart?.consent?.history ?? []).map((consent) => msOf(consent.recordedAt)),
  ];
  return new Date(Math.max(...candidates)).toISOString();
}
