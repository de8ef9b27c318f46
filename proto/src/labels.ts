// Japanese and English names of the contract's enumerations, for the admin CLI and the app's UI.
// The proto enum names are the stored values; these are only what people read.
import { AllergySeverity } from '../generated/renkei/v1/AllergySeverity';
import { CareLevel } from '../generated/renkei/v1/CareLevel';
import { CareTeamRole } from '../generated/renkei/v1/CareTeamRole';
import { ConsentScope } from '../generated/renkei/v1/ConsentScope';
import { DocumentType } from '../generated/renkei/v1/DocumentType';
import { FacilityKind } from '../generated/renkei/v1/FacilityKind';
import { InfectionKind } from '../generated/renkei/v1/InfectionKind';
import { MedicationHandling } from '../generated/renkei/v1/MedicationHandling';
import { Profession } from '../generated/renkei/v1/Profession';
import { Resuscitation } from '../generated/renkei/v1/Resuscitation';
import type { Sex } from '../generated/renkei/v1/Sex';
import type { DementiaIndependence } from '../generated/renkei/v1/DementiaIndependence';
import type { DisabilityIndependence } from '../generated/renkei/v1/DisabilityIndependence';

export type CareLevelName = keyof typeof CareLevel;
export type CareTeamRoleName = keyof typeof CareTeamRole;
export type FacilityKindName = keyof typeof FacilityKind;
export type ProfessionName = keyof typeof Profession;
export type SexName = keyof typeof Sex;
export type AllergySeverityName = keyof typeof AllergySeverity;
export type DocumentTypeName = keyof typeof DocumentType;
export type ConsentScopeName = keyof typeof ConsentScope;
export type InfectionKindName = keyof typeof InfectionKind;
export type ResuscitationName = keyof typeof Resuscitation;
/**
 * What the chart policy speaks of: each kind of document or form, the progress notes, the contact
 * timeline, the emergency information, insurance and certification, medications and vital signs,
 * and the lab results imported from hospitals (LAB_RESULTS: read only, see IMPORTED_RECORD_KINDS).
 */
export type RecordKindName =
  | Exclude<DocumentTypeName, 'DOCUMENT_TYPE_UNSPECIFIED'>
  | 'PROGRESS_NOTES'
  | 'TIMELINE'
  | 'EMERGENCY_INFO'
  | 'INSURANCE'
  | 'MEDICATIONS'
  | 'VITAL_SIGNS'
  | 'LAB_RESULTS';
export type MedicationHandlingName = keyof typeof MedicationHandling;

/** The languages Renkei speaks: Japanese, the clinics' own, and English. */
export type Locale = 'ja' | 'en';

export interface Label {
  ja: string;
  en: string;
}

/** The values of a proto enum other than its *_UNSPECIFIED zero. */
export function specifiedValues<T extends string>(enumObject: Record<T, T>): T[] {
  return (Object.keys(enumObject) as T[]).filter((name) => !name.endsWith('_UNSPECIFIED'));
}

export const CARE_LEVELS = specifiedValues<CareLevelName>(CareLevel);
export const CARE_TEAM_ROLES = specifiedValues<CareTeamRoleName>(CareTeamRole);
export const FACILITY_KINDS = specifiedValues<FacilityKindName>(FacilityKind);
export const PROFESSIONS = specifiedValues<ProfessionName>(Profession);
export const ALLERGY_SEVERITIES = specifiedValues<AllergySeverityName>(AllergySeverity);
export const DOCUMENT_TYPES = specifiedValues<DocumentTypeName>(DocumentType) as Exclude<DocumentTypeName, 'DOCUMENT_TYPE_UNSPECIFIED'>[];
export const CONSENT_SCOPES = specifiedValues<ConsentScopeName>(ConsentScope);
export const INFECTION_KINDS = specifiedValues<InfectionKindName>(InfectionKind);
export const RESUSCITATIONS = specifiedValues<ResuscitationName>(Resuscitation);
export const RECORD_KINDS: readonly RecordKindName[] = [
  'PROGRESS_NOTES',
  'TIMELINE',
  ...DOCUMENT_TYPES,
  'EMERGENCY_INFO',
  'INSURANCE',
  'MEDICATIONS',
  'VITAL_SIGNS',
  'LAB_RESULTS',
];

/**
 * Kinds only an import brings (`renkei-admin import ssmix2`): the chart policy says who reads them,
 * and nobody writes them in the app, whatever the policy matrix is set to.
 */
export const IMPORTED_RECORD_KINDS: readonly RecordKindName[] = ['LAB_RESULTS'];

/** Whether a record kind is only ever imported (never written through the app). */
export function isImportedRecordKind(kind: RecordKindName): boolean {
  return IMPORTED_RECORD_KINDS.includes(kind);
}
export const MEDICATION_HANDLINGS = specifiedValues<MedicationHandlingName>(MedicationHandling);

/** Whether a record kind is a kind of filed document or form (not the notes or the timeline). */
export function isDocumentKind(kind: RecordKindName): kind is Exclude<DocumentTypeName, 'DOCUMENT_TYPE_UNSPECIFIED'> {
  return kind.startsWith('DOCUMENT_TYPE_');
}

export const CARE_LEVEL_LABELS: Record<CareLevelName, Label> = {
  CARE_LEVEL_UNSPECIFIED: { ja: '未記載', en: 'Not recorded' },
  CARE_LEVEL_NOT_CERTIFIED: { ja: '未申請', en: 'Not applied' },
  CARE_LEVEL_APPLYING: { ja: '申請中', en: 'Applying' },
  CARE_LEVEL_INDEPENDENT: { ja: '非該当', en: 'Independent' },
  CARE_LEVEL_SUPPORT_1: { ja: '要支援1', en: 'Support level 1' },
  CARE_LEVEL_SUPPORT_2: { ja: '要支援2', en: 'Support level 2' },
  CARE_LEVEL_CARE_1: { ja: '要介護1', en: 'Care level 1' },
  CARE_LEVEL_CARE_2: { ja: '要介護2', en: 'Care level 2' },
  CARE_LEVEL_CARE_3: { ja: '要介護3', en: 'Care level 3' },
  CARE_LEVEL_CARE_4: { ja: '要介護4', en: 'Care level 4' },
  CARE_LEVEL_CARE_5: { ja: '要介護5', en: 'Care level 5' },
};

export const CARE_TEAM_ROLE_LABELS: Record<CareTeamRoleName, Label> = {
  CARE_TEAM_ROLE_UNSPECIFIED: { ja: '未設定', en: 'Unspecified' },
  CARE_TEAM_ROLE_ATTENDING_DOCTOR: { ja: '主治医', en: 'Attending doctor' },
  CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR: { ja: '代診医', en: 'Substitute doctor' },
  CARE_TEAM_ROLE_COOPERATING_DOCTOR: { ja: '協力医', en: 'Cooperating doctor' },
  CARE_TEAM_ROLE_VISITING_NURSE: { ja: '訪問看護師', en: 'Visiting nurse' },
  CARE_TEAM_ROLE_THERAPIST: { ja: 'リハビリ職', en: 'Therapist' },
  CARE_TEAM_ROLE_PHARMACIST: { ja: '薬剤師', en: 'Pharmacist' },
  CARE_TEAM_ROLE_CARE_MANAGER: { ja: 'ケアマネジャー', en: 'Care manager' },
  CARE_TEAM_ROLE_CARE_WORKER: { ja: '介護職', en: 'Care worker' },
  CARE_TEAM_ROLE_HOSPITAL_LIAISON: { ja: '病院連携担当', en: 'Hospital liaison' },
  CARE_TEAM_ROLE_DENTIST: { ja: '歯科医師', en: 'Dentist' },
  CARE_TEAM_ROLE_OTHER: { ja: 'その他', en: 'Other' },
};

export const PROFESSION_LABELS: Record<ProfessionName, Label> = {
  PROFESSION_UNSPECIFIED: { ja: '未設定', en: 'Unspecified' },
  PROFESSION_DOCTOR: { ja: '医師', en: 'Doctor' },
  PROFESSION_DENTIST: { ja: '歯科医師', en: 'Dentist' },
  PROFESSION_NURSE: { ja: '看護師', en: 'Nurse' },
  PROFESSION_PHARMACIST: { ja: '薬剤師', en: 'Pharmacist' },
  PROFESSION_CARE_MANAGER: { ja: 'ケアマネジャー', en: 'Care manager' },
  PROFESSION_PHYSICAL_THERAPIST: { ja: '理学療法士', en: 'Physical therapist' },
  PROFESSION_OCCUPATIONAL_THERAPIST: { ja: '作業療法士', en: 'Occupational therapist' },
  PROFESSION_SPEECH_THERAPIST: { ja: '言語聴覚士', en: 'Speech therapist' },
  PROFESSION_CARE_WORKER: { ja: '介護職', en: 'Care worker' },
  PROFESSION_MEDICAL_SOCIAL_WORKER: { ja: '医療ソーシャルワーカー', en: 'Medical social worker' },
  PROFESSION_DIETITIAN: { ja: '管理栄養士', en: 'Dietitian' },
  PROFESSION_CLERK: { ja: '事務', en: 'Clerk' },
};

export const FACILITY_KIND_LABELS: Record<FacilityKindName, Label> = {
  FACILITY_KIND_UNSPECIFIED: { ja: '未設定', en: 'Unspecified' },
  FACILITY_KIND_CLINIC: { ja: '診療所', en: 'Clinic' },
  FACILITY_KIND_HOSPITAL: { ja: '病院', en: 'Hospital' },
  FACILITY_KIND_DENTAL_CLINIC: { ja: '歯科診療所', en: 'Dental clinic' },
  FACILITY_KIND_VISITING_NURSE_STATION: { ja: '訪問看護ステーション', en: 'Visiting nurse station' },
  FACILITY_KIND_PHARMACY: { ja: '薬局', en: 'Pharmacy' },
  FACILITY_KIND_CARE_MANAGEMENT_OFFICE: { ja: '居宅介護支援事業所', en: 'Care management office' },
  FACILITY_KIND_CARE_SERVICE: { ja: '介護サービス事業所', en: 'Care service' },
  FACILITY_KIND_REGIONAL_OFFICE: { ja: '医師会事務局', en: 'Regional office' },
};

export const SEX_LABELS: Record<SexName, Label> = {
  SEX_UNSPECIFIED: { ja: '不明', en: 'Unknown' },
  SEX_MALE: { ja: '男', en: 'Male' },
  SEX_FEMALE: { ja: '女', en: 'Female' },
};

export const ALLERGY_SEVERITY_LABELS: Record<AllergySeverityName, Label> = {
  ALLERGY_SEVERITY_UNSPECIFIED: { ja: '程度不明', en: 'Severity unknown' },
  ALLERGY_SEVERITY_MILD: { ja: '軽度', en: 'Mild' },
  ALLERGY_SEVERITY_MODERATE: { ja: '中等度', en: 'Moderate' },
  ALLERGY_SEVERITY_SEVERE: { ja: '重度', en: 'Severe' },
};

export const DOCUMENT_TYPE_LABELS: Record<DocumentTypeName, Label> = {
  DOCUMENT_TYPE_UNSPECIFIED: { ja: '未設定', en: 'Unspecified' },
  DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION: { ja: '訪問看護指示書', en: 'Visiting nursing instruction' },
  DOCUMENT_TYPE_VISITING_NURSING_PLAN: { ja: '訪問看護計画書', en: 'Visiting nursing plan' },
  DOCUMENT_TYPE_VISITING_NURSING_REPORT: { ja: '訪問看護報告書', en: 'Visiting nursing report' },
  DOCUMENT_TYPE_HOME_MEDICAL_MANAGEMENT_REPORT: { ja: '居宅療養管理指導報告書', en: 'Home medical management report' },
  DOCUMENT_TYPE_REFERRAL_LETTER: { ja: '診療情報提供書', en: 'Referral letter' },
  DOCUMENT_TYPE_DISCHARGE_SUMMARY: { ja: '退院時サマリー', en: 'Discharge summary' },
  DOCUMENT_TYPE_PHYSICIAN_OPINION: { ja: '主治医意見書', en: "Attending physician's opinion" },
  DOCUMENT_TYPE_CARE_PLAN: { ja: 'ケアプラン', en: 'Care plan' },
  DOCUMENT_TYPE_CONSENT_FORM: { ja: '患者同意書', en: 'Consent form' },
  DOCUMENT_TYPE_OTHER: { ja: 'その他', en: 'Other' },
};

export const RECORD_KIND_LABELS: Record<RecordKindName, Label> = {
  PROGRESS_NOTES: { ja: '経過記録', en: 'Progress notes' },
  TIMELINE: { ja: '連絡帳', en: 'Contact timeline' },
  EMERGENCY_INFO: { ja: '緊急時情報', en: 'Emergency information' },
  INSURANCE: { ja: '保険・認定', en: 'Insurance and certification' },
  ...(Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, DOCUMENT_TYPE_LABELS[type]])) as Record<
    Exclude<DocumentTypeName, 'DOCUMENT_TYPE_UNSPECIFIED'>,
    Label
  >),
  MEDICATIONS: { ja: '服薬', en: 'Medications' },
  VITAL_SIGNS: { ja: 'バイタル', en: 'Vital signs' },
  LAB_RESULTS: { ja: '検査結果', en: 'Lab results' },
};

export const CONSENT_SCOPE_LABELS: Record<ConsentScopeName, Label> = {
  CONSENT_SCOPE_UNSPECIFIED: { ja: '未設定', en: 'Unspecified' },
  CONSENT_SCOPE_CARE_TEAM: { ja: 'ケアチームの全事業所', en: 'Every office on the care team' },
  CONSENT_SCOPE_LISTED_FACILITIES: { ja: '指定した事業所のみ', en: 'Listed offices only' },
};

export const RESUSCITATION_LABELS: Record<ResuscitationName, Label> = {
  RESUSCITATION_UNSPECIFIED: { ja: '未確認', en: 'Not confirmed' },
  RESUSCITATION_DNAR: { ja: 'DNAR（心肺蘇生を行わない）', en: 'DNAR (do not attempt resuscitation)' },
  RESUSCITATION_FULL: { ja: '心肺蘇生を希望', en: 'Wishes resuscitation' },
};

export const INFECTION_KIND_LABELS: Record<InfectionKindName, Label> = {
  INFECTION_KIND_UNSPECIFIED: { ja: '未設定', en: 'Unspecified' },
  INFECTION_KIND_MRSA: { ja: 'MRSA', en: 'MRSA' },
  INFECTION_KIND_HBV: { ja: 'B型肝炎（HBV）', en: 'Hepatitis B (HBV)' },
  INFECTION_KIND_HCV: { ja: 'C型肝炎（HCV）', en: 'Hepatitis C (HCV)' },
  INFECTION_KIND_SYPHILIS: { ja: '梅毒', en: 'Syphilis' },
  INFECTION_KIND_SCABIES: { ja: '疥癬', en: 'Scabies' },
  INFECTION_KIND_TUBERCULOSIS: { ja: '結核', en: 'Tuberculosis' },
  INFECTION_KIND_COVID_19: { ja: 'COVID-19', en: 'COVID-19' },
  INFECTION_KIND_OTHER: { ja: 'その他', en: 'Other' },
};

// Insurance and certification (coverage.proto)
export type DisabilityIndependenceName = keyof typeof DisabilityIndependence;
export type DementiaIndependenceName = keyof typeof DementiaIndependence;

/** 障害高齢者の日常生活自立度（寝たきり度）: J (生活自立), A (準寝たきり), B and C (寝たきり). */
export const DISABILITY_INDEPENDENCE_LABELS: Record<DisabilityIndependenceName, Label> = {
  DISABILITY_INDEPENDENCE_UNSPECIFIED: { ja: '未記載', en: 'Not recorded' },
  DISABILITY_INDEPENDENCE_NORMAL: { ja: '自立', en: 'Independent' },
  DISABILITY_INDEPENDENCE_J1: { ja: 'J1', en: 'J1' },
  DISABILITY_INDEPENDENCE_J2: { ja: 'J2', en: 'J2' },
  DISABILITY_INDEPENDENCE_A1: { ja: 'A1', en: 'A1' },
  DISABILITY_INDEPENDENCE_A2: { ja: 'A2', en: 'A2' },
  DISABILITY_INDEPENDENCE_B1: { ja: 'B1', en: 'B1' },
  DISABILITY_INDEPENDENCE_B2: { ja: 'B2', en: 'B2' },
  DISABILITY_INDEPENDENCE_C1: { ja: 'C1', en: 'C1' },
  DISABILITY_INDEPENDENCE_C2: { ja: 'C2', en: 'C2' },
};

/** 認知症高齢者の日常生活自立度: 自立, Ⅰ, Ⅱa…Ⅳ, M. */
export const DEMENTIA_INDEPENDENCE_LABELS: Record<DementiaIndependenceName, Label> = {
  DEMENTIA_INDEPENDENCE_UNSPECIFIED: { ja: '未記載', en: 'Not recorded' },
  DEMENTIA_INDEPENDENCE_INDEPENDENT: { ja: '自立', en: 'Independent' },
  DEMENTIA_INDEPENDENCE_I: { ja: 'Ⅰ', en: 'I' },
  DEMENTIA_INDEPENDENCE_IIA: { ja: 'Ⅱa', en: 'IIa' },
  DEMENTIA_INDEPENDENCE_IIB: { ja: 'Ⅱb', en: 'IIb' },
  DEMENTIA_INDEPENDENCE_IIIA: { ja: 'Ⅲa', en: 'IIIa' },
  DEMENTIA_INDEPENDENCE_IIIB: { ja: 'Ⅲb', en: 'IIIb' },
  DEMENTIA_INDEPENDENCE_IV: { ja: 'Ⅳ', en: 'IV' },
  DEMENTIA_INDEPENDENCE_M: { ja: 'M', en: 'M' },
};

export const MEDICATION_HANDLING_LABELS: Record<MedicationHandlingName, Label> = {
  MEDICATION_HANDLING_UNSPECIFIED: { ja: '未設定', en: 'Unspecified' },
  MEDICATION_HANDLING_ONE_DOSE_PACKAGE: { ja: '一包化', en: 'One-dose package' },
  MEDICATION_HANDLING_CRUSHED: { ja: '粉砕', en: 'Crushed' },
  MEDICATION_HANDLING_SIMPLE_SUSPENSION: { ja: '簡易懸濁', en: 'Simple suspension' },
  MEDICATION_HANDLING_DO_NOT_CRUSH: { ja: '粉砕不可', en: 'Do not crush' },
};
