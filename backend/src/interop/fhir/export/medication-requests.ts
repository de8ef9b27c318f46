// Medications as JP_MedicationRequest: the care team's current list (服薬: drug name as written, dose,
// 用法, 一包化/粉砕…, prescriber) and the hospitals' prescriptions (OMP-01: HOT/YJ code, 1回量, 用法,
// 日数, period, route). Renkei's own drugs have no code: JP Core lets the drug be text only; JP-CLINS
// requires a coding, and names one for exactly this, MedicationCodeNocoded_CS "NOCODED" (標準コードなし).
import type { Coding, Dosage, MedicationRequest, Patient } from '@medplum/fhirtypes';
import { MEDICATION_HANDLING_LABELS, type MedicationHandlingName } from '@renkei/proto';
import type { HospitalPrescription } from '@renkei/proto/generated/renkei/v1/HospitalPrescription';
import type { Medication } from '@renkei/proto/generated/renkei/v1/Medication';
import { CODE_SYSTEMS, codeSystemOfHl7, type FhirGuide } from './code-systems';
import { coding, concept, fhirDateTime, japanDate, nonEmpty, referenceTo, type BundleMember } from './fhir-datatypes';
import { PROFILES } from './profiles';
import { recordMeta, resourceIdentifier, sourceNote } from './record-provenance';

/** The RP number (剤グループ) and the order within it: JP Core's OIDs, JP-CLINS's own URIs. */
const RP_SYSTEMS: Record<FhirGuide, { rpNumber: string; orderInRp: string }> = {
  'jp-core': { rpNumber: 'urn:oid:1.2.392.100495.20.3.81', orderInRp: 'urn:oid:1.2.392.100495.20.3.82' },
  'jp-clins': {
    rpNumber: 'http://jpfhir.jp/fhir/core/mhlw/IdSystem/Medication-RPGroupNumber',
    orderInRp: 'http://jpfhir.jp/fhir/core/mhlw/IdSystem/MedicationAdministrationIndex',
  },
};
/** JP_MedicationDosage_eCS: a 用法 without a standard code names this dummy code (its validUsage invariant). */
const UNCODED_USAGE: Coding = {
  system: 'http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_MedicationUsage_Uncoded_CS',
  code: '0X0XXXXXXXXX0000',
  display: '用法未コード化',
};
const NO_CODE: Coding = { system: 'http://jpfhir.jp/fhir/eCS/CodeSystem/MedicationCodeNocoded_CS', code: 'NOCODED', display: '標準コードなし' };

/** When and how often: the period where known, the 用法 as text (JP-CLINS: with its dummy code). */
function timingOf(guide: FhirGuide, usage: string | undefined, start: string | undefined, end: string | undefined): Dosage['timing'] {
  const code = guide === 'jp-clins' ? { coding: [UNCODED_USAGE], ...(usage && { text: usage }) } : usage && { text: usage };
  if (!start && !code) return undefined;
  return { ...(start && { repeat: { boundsPeriod: { start, ...(end && { end }) } } }), ...(code && { code }) };
}

/**
 * JP_MedicationRequest_eCS fixes the status at completed: a document reports what was prescribed
 * as of its writing. JP Core keeps whether the drug is still taken.
 */
function statusIn(guide: FhirGuide, status: 'active' | 'completed'): MedicationRequest['status'] {
  return guide === 'jp-clins' ? 'completed' : status;
}

const withTiming = (timing: Dosage['timing']) => (timing ? { timing } : {});

function identifiers(guide: FhirGuide, rp: number, requestId?: string) {
  return [{ system: RP_SYSTEMS[guide].rpNumber, value: String(rp) }, { system: RP_SYSTEMS[guide].orderInRp, value: '1' }, resourceIdentifier(requestId)];
}

/** The nth (1-based) drug of the care team's list: each drug is its own RP. */
export function medicationRequestOfRenkei(guide: FhirGuide, m: Medication, rp: number, patient: BundleMember<Patient>, exportedAt: Date): MedicationRequest {
  const d = m.details ?? {};
  const drug = nonEmpty(d.drugName) ?? '薬剤名不明';
  const handling = (d.handling ?? [])
    .map((h) => MEDICATION_HANDLING_LABELS[String(h) as MedicationHandlingName]?.ja)
    .filter((label): label is string => label !== undefined && String(label) !== '未設定');
  const start = fhirDateTime(d.startedOn);
  const dosage: Dosage = {
    text: [nonEmpty(d.dose), nonEmpty(d.usage)].filter(Boolean).join(' ') || drug,
    ...(handling.length > 0 && { additionalInstruction: handling.map((text) => ({ text })) }),
    ...withTiming(timingOf(guide, nonEmpty(d.usage), start, fhirDateTime(d.stoppedOn))),
  };
  return {
    resourceType: 'MedicationRequest',
    meta: recordMeta(PROFILES[guide].medicationRequest, exportedAt),
    identifier: identifiers(guide, rp, m.medicationId && m.version ? `${m.medicationId}-v${m.version}` : undefined),
    status: statusIn(guide, 'active'),
    intent: 'order',
    medicationCodeableConcept: concept(guide === 'jp-clins' ? [NO_CODE] : [], drug),
    subject: referenceTo(patient),
    authoredOn: start ?? japanDate(m.recordedAt ?? null) ?? japanDate(exportedAt)!,
    ...(nonEmpty(d.prescriber) && { requester: { display: d.prescriber!.trim() } }),
    ...(nonEmpty(d.note) && { note: [{ text: d.note!.trim() }] }),
    dosageInstruction: [dosage],
  };
}

/** "1 錠" → 1 and 錠; undefined when the dose is not a number and a unit. */
function quantityOf(text: string | undefined): { value: number; unit: string } | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(\S.*?)\s*$/.exec(text ?? '');
  return match ? { value: Number(match[1]), unit: match[2]! } : undefined;
}

/** The nth (1-based) prescription a hospital sent (病院データ), with its code, dose, 用法 and days. */
export function medicationRequestOfHospital(
  guide: FhirGuide,
  p: HospitalPrescription,
  rp: number,
  patient: BundleMember<Patient>,
  exportedAt: Date,
): MedicationRequest {
  const systems = CODE_SYSTEMS[guide];
  const drug = nonEmpty(p.drug?.text) ?? nonEmpty(p.drug?.code) ?? '薬剤名不明';
  const drugSystem = codeSystemOfHl7(p.drug?.system ?? '', systems);
  const codings = [coding(drugSystem, p.drug?.code, drug)];
  // JP-CLINS accepts a drug with a YJ code (or 一般処方名) as coded; any other (HOT, local) also says it has none of those.
  if (guide === 'jp-clins' && drugSystem !== systems.yj) codings.unshift(NO_CODE);
  const dose = quantityOf(p.dose);
  const start = fhirDateTime(p.start);
  const end = fhirDateTime(p.end);
  const usage = nonEmpty(p.usage?.text) ?? nonEmpty(p.usage?.code);
  const dosage: Dosage = {
    text: [nonEmpty(p.dose), usage, nonEmpty(p.dailyDose) && `1日量 ${p.dailyDose!.trim()}`].filter(Boolean).join(' ') || drug,
    ...withTiming(timingOf(guide, usage, start, end)),
    ...(nonEmpty(p.route) && { route: { text: p.route!.trim() } }),
    ...(dose && { doseAndRate: [{ doseQuantity: dose }] }),
  };
  const days = Number(p.days ?? 0);
  return {
    resourceType: 'MedicationRequest',
    meta: recordMeta(PROFILES[guide].medicationRequest, exportedAt),
    identifier: identifiers(guide, rp),
    status: statusIn(guide, end && end.slice(0, 10) < japanDate(exportedAt)! ? 'completed' : 'active'),
    intent: 'order',
    medicationCodeableConcept: concept(codings, drug),
    subject: referenceTo(patient),
    authoredOn: start ?? fhirDateTime(p.source?.createdAt) ?? japanDate(exportedAt)!,
    // One note: JP_MedicationRequest_eCS allows no more.
    note: [{ text: [sourceNote(p.source), nonEmpty(p.prescriptionNumber) && `処方番号: ${p.prescriptionNumber!.trim()}`].filter(Boolean).join(' ') }],
    dosageInstruction: [dosage],
    ...(days > 0 && {
      dispenseRequest: { expectedSupplyDuration: { value: days, unit: '日', system: 'http://unitsofmeasure.org', code: 'd' } },
    }),
  };
}
