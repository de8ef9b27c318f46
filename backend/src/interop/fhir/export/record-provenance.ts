// What every exported record carries about itself: the profile it claims and when it was written
// (meta.lastUpdated, which the JP-CLINS profiles require), an instance identifier, and for a fact a
// hospital sent, a note saying where it came from — the export must not pass a hospital's record
// off as the care team's.
import { randomUUID } from 'node:crypto';
import type { Identifier, Meta } from '@medplum/fhirtypes';
import type { HospitalSource } from '@renkei/proto/generated/renkei/v1/HospitalSource';
import { RESOURCE_INSTANCE_ID_SYSTEM } from './code-systems';
import { japanInstant } from './fhir-datatypes';

export function recordMeta(profile: string, exportedAt: Date): Meta {
  return { lastUpdated: japanInstant(exportedAt)!, profile: [profile] };
}

/** A resource instance identifier (JP Core's system), unique to this export. */
export function resourceIdentifier(value: string = randomUUID()): Identifier {
  return { system: RESOURCE_INSTANCE_ID_SYSTEM, value };
}

/** "病院データ: 〇〇病院 (患者ID 12345, OMP-01, 2024-04-01T10:20)". */
export function sourceNote(source: HospitalSource | null | undefined): string {
  const hospital = source?.hospital?.name?.trim() || '病院';
  const details = [
    source?.hospitalPatientId?.trim() && `患者ID ${source.hospitalPatientId.trim()}`,
    source?.dataType?.trim(),
    source?.createdAt?.trim(),
  ].filter(Boolean);
  return `病院データ: ${hospital}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}
