// Lab results a hospital sent (病院データ, OML-11) as JP_Observation_LabResult: the JLAC10 code, the
// value as a number with its unit where it is one (as text otherwise), the reference range, the
// abnormal flags as HL7 interpretations, the specimen and when it was taken.
import type { Observation, ObservationReferenceRange, Patient } from '@medplum/fhirtypes';
import type { HospitalLabResult } from '@renkei/proto/generated/renkei/v1/HospitalLabResult';
import { CODE_SYSTEMS, codeSystemOfHl7, type FhirGuide } from './code-systems';
import { coding, concept, fhirDateTime, nonEmpty, referenceTo, type BundleMember } from './fhir-datatypes';
import { PROFILES } from './profiles';
import { recordMeta, resourceIdentifier, sourceNote } from './record-provenance';

const CATEGORY = 'http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
/** A hospital's own test codes: one system per hospital (Renkei's facility id), so two hospitals' codes never meet. */
export const HOSPITAL_LOCAL_CODE_SYSTEM = 'https://renkei.jp/fhir/CodeSystem/hospital-local-code/';

const STATUS: Record<string, Observation['status']> = { F: 'final', P: 'preliminary', C: 'corrected', X: 'cancelled' };
/** HL7 v2 table 0078 flags that are also v3 ObservationInterpretation codes. */
const FLAGS = new Set(['H', 'L', 'HH', 'LL', 'A', 'AA', 'N', '<', '>']);

/** "6.70-8.30" → low and high in the result's unit; anything else stays text. */
function referenceRange(text: string, unit: string | undefined): ObservationReferenceRange | undefined {
  const range = text.trim();
  if (!range) return undefined;
  const match = /^(-?\d+(?:\.\d+)?)?\s*[-~〜]\s*(-?\d+(?:\.\d+)?)?$/.exec(range);
  const quantity = (value: string | undefined) => (value === undefined ? undefined : { value: Number(value), ...(unit && { unit }) });
  if (match && (match[1] !== undefined || match[2] !== undefined)) {
    const low = quantity(match[1]);
    const high = quantity(match[2]);
    return { ...(low && { low }), ...(high && { high }), text: range };
  }
  return { text: range };
}

export function labResultObservation(guide: FhirGuide, r: HospitalLabResult, patient: BundleMember<Patient>, exportedAt: Date): Observation {
  const systems = CODE_SYSTEMS[guide];
  const name = nonEmpty(r.test?.text) ?? nonEmpty(r.test?.code) ?? '検査名不明';
  const system = codeSystemOfHl7(r.test?.system ?? '', systems) ?? `${HOSPITAL_LOCAL_CODE_SYSTEM}${r.source?.hospital?.id ?? 'unknown'}`;
  const unit = nonEmpty(r.unit);
  const range = referenceRange(r.referenceRange ?? '', unit);
  const flags = (r.abnormalFlags ?? []).map((f) => f.trim().toUpperCase()).filter((f) => FLAGS.has(f));
  const effective = fhirDateTime(r.observedAt) ?? fhirDateTime(r.source?.createdAt);
  const notes = [{ text: sourceNote(r.source) }, ...(nonEmpty(r.testGroup) ? [{ text: `検査群: ${r.testGroup!.trim()}` }] : [])];
  return {
    resourceType: 'Observation',
    meta: recordMeta(PROFILES[guide].labResult, exportedAt),
    identifier: [resourceIdentifier()],
    status: STATUS[r.status?.trim().toUpperCase() ?? ''] ?? 'unknown',
    category: [{ coding: [{ system: CATEGORY, code: 'laboratory', display: '検査結果' }] }],
    code: concept([coding(system, r.test?.code, name)], name),
    subject: referenceTo(patient),
    ...(effective && { effectiveDateTime: effective }),
    ...(r.hasNumeric ? { valueQuantity: { value: Number(r.numeric), ...(unit && { unit }) } } : nonEmpty(r.value) && { valueString: r.value!.trim() }),
    ...(flags.length > 0 && { interpretation: flags.map((code) => ({ coding: [{ system: INTERPRETATION, code }] })) }),
    note: notes,
    specimen: { display: nonEmpty(r.specimen) ?? '検体不明', type: 'Specimen' },
    ...(range && { referenceRange: [range] }),
  };
}
