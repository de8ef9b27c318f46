// The code systems and identifier systems of the export, each URI taken from the package that
// defines it (never typed from memory): JP Core 1.1.2's NamingSystem resources for drugs and lab
// tests, JP-CLINS 1.5.2 where JP Core names no system (ICD-10, the MEDIS disease codes) and for the
// eReferral, whose invariants insist on its own URIs (needs-anyOfStandardCode-medication accepts
// the YJ code only as http://capstandard.jp/iyaku.info/CodeSystem/YJ-code).

/** A guide the export writes for: the profiles claimed and the code system URIs follow it. */
export type FhirGuide = 'jp-core' | 'jp-clins';

export interface CodeSystemUris {
  hot9: string;
  hot7: string;
  hot13: string;
  yj: string;
  jlac10: string;
  icd10: string;
  /** MEDIS 病名交換用コード (HL7 "MDCDX2"). */
  medisDiseaseExchangeCode: string;
}

export const CODE_SYSTEMS: Record<FhirGuide, CodeSystemUris> = {
  'jp-core': {
    // JP_MedicationCodeHOT9_NamingSystem, JP_MedicationCodeHOT7_NamingSystem, JP_MedicationCodeHOT13_NamingSystem
    hot9: 'urn:oid:1.2.392.200119.4.403.1',
    hot7: 'urn:oid:1.2.392.200119.4.403.2',
    hot13: 'urn:oid:1.2.392.200119.4.402.1',
    // JP_MedicationCodeYJ_NamingSystem
    yj: 'urn:oid:1.2.392.100495.20.1.73',
    // JP_Observation_JLAC10_CodeSystem (NamingSystem, preferred uniqueId)
    jlac10: 'urn:oid:1.2.392.200119.4.504',
    // JP Core 1.1.2 has no disease code system: JP-CLINS's (its Condition examples) is used in both.
    icd10: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full',
    medisDiseaseExchangeCode: 'http://medis.or.jp/CodeSystem/master-disease-exCode',
  },
  'jp-clins': {
    hot9: 'http://medis.or.jp/CodeSystem/master-HOT9',
    hot7: 'http://medis.or.jp/CodeSystem/master-HOT7',
    hot13: 'http://medis.or.jp/CodeSystem/master-HOT13',
    yj: 'http://capstandard.jp/iyaku.info/CodeSystem/YJ-code',
    jlac10: 'http://jpfhir.jp/fhir/clins/CodeSystem/JLAC10/JP_CLINS_ObsLabResult_CoreLabo_CS',
    icd10: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full',
    medisDiseaseExchangeCode: 'http://medis.or.jp/CodeSystem/master-disease-exCode',
  },
};

/** Renkei's 地域患者番号: unique in the region, never reused (patients.proto). */
export const REGIONAL_PATIENT_NUMBER_SYSTEM = 'https://renkei.jp/fhir/IdSystem/regional-patient-number';
/** Renkei's own resource ids (the patient's, a form's), for identifiers that must be stable across exports. */
export const RENKEI_RECORD_ID_SYSTEM = 'https://renkei.jp/fhir/IdSystem/record-id';
/** JP Core: an identifier of a resource instance (MedicationRequest.identifier:requestIdentifier, Composition.identifier). */
export const RESOURCE_INSTANCE_ID_SYSTEM = 'http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier';
/** JP Core / JP-CLINS: 保険医療機関番号 (10 digits: prefecture, 点数表, 7-digit number). */
export const MEDICAL_INSTITUTION_NUMBER_SYSTEM = 'http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no';
/** JP-CLINS: the patient's insurance member ID, 保険者番号:記号:番号:枝番. */
export const INSURANCE_MEMBER_ID_SYSTEM = 'http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID';

/** A 保険医療機関番号 is 10 digits: prefecture (01–47), 点数表 (1 医科, 3 歯科), 7 digits (JP-CLINS's own pattern). */
export const MEDICAL_INSTITUTION_NUMBER = /^[0-4][0-9][1-3][0-9]{7}$/;

/**
 * The system of a patient ID a medical institution issued: urn:oid:1.2.392.100495.20.3.51.1 followed
 * by the institution's 10-digit 保険医療機関番号 (JP Core's rule, checked by JP_Patient_eCS).
 */
export function institutionPatientIdSystem(institutionNumber: string): string {
  if (!MEDICAL_INSTITUTION_NUMBER.test(institutionNumber)) throw new Error(`not a 保険医療機関番号: ${institutionNumber}`);
  return `urn:oid:1.2.392.100495.20.3.51.1${institutionNumber}`;
}

/** The system of a hospital code as SS-MIX2 names it in CWE-3 (hospital_data.proto), or undefined for a local code. */
export function codeSystemOfHl7(hl7System: string, systems: CodeSystemUris): string | undefined {
  switch (hl7System.toUpperCase()) {
    case 'HOT9':
      return systems.hot9;
    case 'HOT7':
      return systems.hot7;
    case 'HOT13':
      return systems.hot13;
    case 'YJ':
      return systems.yj;
    case 'JC10':
      return systems.jlac10;
    case 'I10':
      return systems.icd10;
    case 'MDCDX2':
      return systems.medisDiseaseExchangeCode;
    default:
      return undefined;
  }
}
