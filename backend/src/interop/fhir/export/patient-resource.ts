// The patient as JP_Patient (JP Core) or JP_Patient_eCS (JP-CLINS): kanji and kana names, birth
// date, sex, address and phone, and the identifiers that tell the patient apart — Renkei's 地域患者番号
// always, the hospitals' own patient IDs where the hospital's 保険医療機関番号 is known, and (for
// JP-CLINS, which requires it) the insurance member ID from the 医療保険 on record.
import type { Identifier, Patient } from '@medplum/fhirtypes';
import { formatRegionalNumber } from '@renkei/proto';
import type { MedicalInsurance } from '@renkei/proto/generated/renkei/v1/MedicalInsurance';
import type { Patient as RenkeiPatient } from '@renkei/proto/generated/renkei/v1/Patient';
import type { HospitalLink } from '@renkei/proto/generated/renkei/v1/HospitalLink';
import { INSURANCE_MEMBER_ID_SYSTEM, institutionPatientIdSystem, REGIONAL_PATIENT_NUMBER_SYSTEM, type FhirGuide } from './code-systems';
import { fhirDate, japaneseNames, japanInstant, nonEmpty } from './fhir-datatypes';
import { PROFILES } from './profiles';

export interface PatientSources {
  patient: RenkeiPatient;
  /** The hospitals the patient is linked to (HospitalData.links). */
  hospitalLinks?: readonly HospitalLink[];
  /** 保険医療機関番号 of the facilities that have one, by facility id. */
  institutionNumbers?: ReadonlyMap<string, string>;
  /** The 医療保険 on record, if the caller may read it. */
  medicalInsurance?: MedicalInsurance | null;
  exportedAt: Date;
}

const GENDER: Record<string, Patient['gender']> = { SEX_MALE: 'male', SEX_FEMALE: 'female' };

export function patientResource(guide: FhirGuide, sources: PatientSources): Patient {
  const p = sources.patient;
  const identifiers: Identifier[] = [];
  const regional = formatRegionalNumber(Number(p.regionalNumber ?? 0));
  if (regional) identifiers.push({ system: REGIONAL_PATIENT_NUMBER_SYSTEM, value: regional });
  for (const link of sources.hospitalLinks ?? []) {
    const number = link.hospital?.id ? sources.institutionNumbers?.get(link.hospital.id) : undefined;
    const value = nonEmpty(link.hospitalPatientId);
    // JP_Patient_eCS allows one institution patient ID only: the first hospital that has a number.
    if (number && value && !identifiers.some((i) => i.system?.startsWith('urn:oid:1.2.392.100495.20.3.51.'))) {
      identifiers.push({ system: institutionPatientIdSystem(number), value });
    }
  }
  const memberId = insuranceMemberId(sources.medicalInsurance);
  if (memberId) identifiers.push({ system: INSURANCE_MEMBER_ID_SYSTEM, value: memberId });

  const gender = GENDER[String(p.sex ?? '')] ?? 'unknown';
  const birthDate = fhirDate(p.birthDate);
  const phone = nonEmpty(p.phone);
  const address = nonEmpty(p.address);
  const postalCode = nonEmpty(p.postalCode);
  return {
    resourceType: 'Patient',
    meta: { lastUpdated: japanInstant(sources.exportedAt)!, profile: [PROFILES[guide].patient] },
    language: 'ja',
    identifier: identifiers,
    active: true,
    name: japaneseNames(p.name, 'official'),
    ...(phone && { telecom: [{ system: 'phone', value: phone, use: 'home' }] }),
    gender,
    ...(birthDate && { birthDate }),
    ...((address || postalCode) && { address: [{ ...(address && { text: address }), ...(postalCode && { postalCode }), country: 'JP' }] }),
  };
}

/**
 * JP-CLINS's insurance member ID: 保険者番号 (8 digits; a 国民健康保険 number of 6 digits is padded
 * with two zeros, as the guide says), 記号, 番号 and 枝番, joined by ":". Undefined when no 医療保険
 * is recorded.
 */
export function insuranceMemberId(insurance: MedicalInsurance | null | undefined): string | undefined {
  const insurer = insurance?.insurerNumber?.trim() ?? '';
  const number = insurance?.number?.trim() ?? '';
  if (!/^\d{6}(\d{2})?$/.test(insurer) || !number) return undefined;
  return [insurer.padStart(8, '0'), insurance?.symbol?.trim() ?? '', number, insurance?.branch?.trim() ?? ''].join(':');
}
