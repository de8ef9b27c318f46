// Diagnoses as JP_Condition: the care team's own (病名 as written, ICD-10 when recorded) and the
// hospitals' (PPR-01: MEDIS 病名交換用コード and ICD-10, start, end and 転帰). A diagnosis that has
// ended is resolved (治癒) or inactive, with its end as abatement; the rest are active.
import type { Annotation, Condition, Patient } from '@medplum/fhirtypes';
import type { Diagnosis } from '@renkei/proto/generated/renkei/v1/Diagnosis';
import type { HospitalDiagnosis } from '@renkei/proto/generated/renkei/v1/HospitalDiagnosis';
import { CODE_SYSTEMS, codeSystemOfHl7, type FhirGuide } from './code-systems';
import { coding, concept, fhirDateTime, nonEmpty, referenceTo, type BundleMember } from './fhir-datatypes';
import { PROFILES } from './profiles';
import { recordMeta, resourceIdentifier, sourceNote } from './record-provenance';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
/**
 * JP_Condition_eCS requires a MEDIS 病名管理番号 and says what to send when the diagnosis has none:
 * "病名管理番号と同じ桁数の全桁9の文字列" (Condition.code's definition). Renkei and SS-MIX2 carry
 * no 病名管理番号 (the hospitals send the 病名交換用コード), so every JP-CLINS Condition has it.
 */
const MEDIS_RECORD_NO_SYSTEM = 'http://medis.or.jp/CodeSystem/master-disease-keyNumber';
const UNCODED_MEDIS_RECORD_NO = '99999999';

function uncodedRecordNo(guide: FhirGuide, name: string) {
  return guide === 'jp-clins' ? coding(MEDIS_RECORD_NO_SYSTEM, UNCODED_MEDIS_RECORD_NO, name) : undefined;
}

/** A diagnosis the care team recorded in Renkei. */
export function conditionOfDiagnosis(guide: FhirGuide, d: Diagnosis, patient: BundleMember<Patient>, exportedAt: Date): Condition {
  const systems = CODE_SYSTEMS[guide];
  const notes: Annotation[] = [];
  if (nonEmpty(d.note)) notes.push({ text: d.note!.trim() });
  if (d.primary) notes.push({ text: '主病名' });
  const onset = fhirDateTime(d.onsetDate);
  return {
    resourceType: 'Condition',
    meta: recordMeta(PROFILES[guide].condition, exportedAt),
    identifier: [resourceIdentifier()],
    clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
    category: [{ coding: [{ system: CATEGORY, code: 'problem-list-item', display: '問題リスト' }] }],
    code: concept([uncodedRecordNo(guide, d.name ?? ''), coding(systems.icd10, d.icd10Code, d.name)], d.name),
    subject: referenceTo(patient),
    ...(onset && { onsetDateTime: onset }),
    ...(notes.length > 0 && { note: notes }),
  };
}

/** A diagnosis a hospital sent (病院データ), with where it came from in its note. */
export function conditionOfHospitalDiagnosis(guide: FhirGuide, d: HospitalDiagnosis, patient: BundleMember<Patient>, exportedAt: Date): Condition {
  const systems = CODE_SYSTEMS[guide];
  const name = nonEmpty(d.diagnosis?.text) ?? nonEmpty(d.diagnosis?.code) ?? '病名不明';
  const ended = nonEmpty(d.end) !== undefined || nonEmpty(d.outcome) !== undefined;
  const onset = fhirDateTime(d.start);
  const abatement = fhirDateTime(d.end);
  const notes: Annotation[] = [{ text: sourceNote(d.source) }];
  if (d.main) notes.push({ text: '主病名' });
  if (nonEmpty(d.outcome)) notes.push({ text: `転帰: ${d.outcome!.trim()}` });
  return {
    resourceType: 'Condition',
    meta: recordMeta(PROFILES[guide].condition, exportedAt),
    identifier: [resourceIdentifier()],
    clinicalStatus: { coding: [{ system: CLINICAL, code: ended ? (d.outcome?.trim() === '治癒' ? 'resolved' : 'inactive') : 'active' }] },
    verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
    category: [{ coding: [{ system: CATEGORY, code: 'encounter-diagnosis', display: '診断' }] }],
    code: concept(
      [
        uncodedRecordNo(guide, name),
        coding(codeSystemOfHl7(d.diagnosis?.system ?? '', systems), d.diagnosis?.code, name),
        coding(systems.icd10, d.icd10Code, name),
      ],
      name,
    ),
    subject: referenceTo(patient),
    ...(onset && { onsetDateTime: onset }),
    ...(abatement && { abatementDateTime: abatement }),
    note: notes,
  };
}
