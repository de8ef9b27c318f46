// The chart policy a new region starts with: which care-team role may read and write which kind
// of record. It is data (table chart_policy); the regional office changes it with
// `renkei-admin policy set`. The defaults follow the pilot's practice:
//   - doctors, nurses, therapists, pharmacists, dentists and hospital liaisons read the whole
//     chart (the substitute doctor "must see the whole chart fast");
//   - each profession writes its own documents (the attending doctor the instruction, the nurse
//     the plan and report, the pharmacist the 居宅療養管理指導報告書, the care manager the care plan);
//   - the care manager reads what care planning needs, but not the doctors' letters
//     (診療情報提供書, 退院時サマリー);
//   - care workers read the care plan only (they share on the contact timeline, not the chart);
//   - every role reads and writes the contact timeline (連絡帳): it is where the whole team talks;
//   - every role reads the emergency information (緊急時情報: DNAR, infections, key persons): care
//     workers are the ones at the bedside when it matters; the doctors, the visiting nurse and the
//     care manager, who hold those conversations with the family, write it.
//   - insurance and certification (INSURANCE: 保険者番号, 被保険者番号, 負担割合, 公費, 要介護認定): the
//     clinical roles read it (the pharmacist needs 負担割合 and 公費 to dispense, the doctor's
//     claims need the card) and the care manager reads it; it is written by the doctors, the care
//     manager (who files the 認定 renewal and receives its result and the 負担割合証) and the
//     visiting nurse (the station checks the cards at its contract and monthly, for its own
//     claims to both insurances, and is often first to see a new card). Care workers get neither:
//     their office bills through the care manager's plan, and the numbers are not theirs to hold.
//   - medications (服薬) are written by doctors and pharmacists, vital signs (バイタル) recorded by
//     doctors and nurses; every clinical role and the care manager read both. Care workers read the
//     medication list but not vital signs: 服薬介助 (handing a 一包化 packet, helping with a 簡易懸濁
//     dose) is their work (医政発第0726005号 allows it), and they must know what the packet holds
//     and how it is taken; the vital-sign trend is a clinical judgement they do not make.
//   - lab results (検査結果) come only from hospitals (`renkei-admin import ssmix2`): read like the
//     vital signs (every clinical role and the care manager, not care workers: a result needs a
//     clinician's reading), written by nobody — not even the attending doctor, who writes every
//     other kind: there is nothing to write, and an "entered" lab value would pose as a hospital's.
import type { CareTeamRoleName, RecordKindName } from '@renkei/proto';
import { CARE_TEAM_ROLES, RECORD_KINDS, isImportedRecordKind } from '@renkei/proto';

interface ChartPolicyRule {
  recordKind: RecordKindName;
  role: CareTeamRoleName;
  canRead: boolean;
  canWrite: boolean;
}

type Role = Exclude<CareTeamRoleName, 'CARE_TEAM_ROLE_UNSPECIFIED'>;
type Grant = { read: readonly RecordKindName[] | 'all'; write: readonly RecordKindName[] };

const CLINICAL_READ = 'all' as const;

const EMERGENCY_INFO_WRITERS: readonly Role[] = [
  'CARE_TEAM_ROLE_ATTENDING_DOCTOR',
  'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR',
  'CARE_TEAM_ROLE_VISITING_NURSE',
  'CARE_TEAM_ROLE_CARE_MANAGER',
];

const GRANTS: Record<Role, Grant> = {
  CARE_TEAM_ROLE_ATTENDING_DOCTOR: { read: 'all', write: RECORD_KINDS },
  CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR: { read: 'all', write: RECORD_KINDS },
  CARE_TEAM_ROLE_COOPERATING_DOCTOR: {
    read: CLINICAL_READ,
    write: ['PROGRESS_NOTES', 'DOCUMENT_TYPE_REFERRAL_LETTER', 'DOCUMENT_TYPE_OTHER', 'MEDICATIONS', 'VITAL_SIGNS'],
  },
  CARE_TEAM_ROLE_DENTIST: {
    read: CLINICAL_READ,
    write: ['PROGRESS_NOTES', 'DOCUMENT_TYPE_REFERRAL_LETTER', 'DOCUMENT_TYPE_OTHER'],
  },
  CARE_TEAM_ROLE_VISITING_NURSE: {
    read: CLINICAL_READ,
    write: [
      'PROGRESS_NOTES',
      'DOCUMENT_TYPE_VISITING_NURSING_PLAN',
      'DOCUMENT_TYPE_VISITING_NURSING_REPORT',
      'DOCUMENT_TYPE_CONSENT_FORM',
      'DOCUMENT_TYPE_OTHER',
      'INSURANCE',
      'VITAL_SIGNS',
    ],
  },
  CARE_TEAM_ROLE_THERAPIST: {
    read: CLINICAL_READ,
    write: ['PROGRESS_NOTES', 'DOCUMENT_TYPE_VISITING_NURSING_PLAN', 'DOCUMENT_TYPE_VISITING_NURSING_REPORT', 'DOCUMENT_TYPE_OTHER'],
  },
  CARE_TEAM_ROLE_PHARMACIST: {
    read: CLINICAL_READ,
    write: ['PROGRESS_NOTES', 'DOCUMENT_TYPE_HOME_MEDICAL_MANAGEMENT_REPORT', 'DOCUMENT_TYPE_OTHER', 'MEDICATIONS'],
  },
  CARE_TEAM_ROLE_HOSPITAL_LIAISON: {
    read: CLINICAL_READ,
    write: ['PROGRESS_NOTES', 'DOCUMENT_TYPE_REFERRAL_LETTER', 'DOCUMENT_TYPE_DISCHARGE_SUMMARY', 'DOCUMENT_TYPE_OTHER'],
  },
  CARE_TEAM_ROLE_CARE_MANAGER: {
    read: [
      'PROGRESS_NOTES',
      'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
      'DOCUMENT_TYPE_VISITING_NURSING_PLAN',
      'DOCUMENT_TYPE_VISITING_NURSING_REPORT',
      'DOCUMENT_TYPE_HOME_MEDICAL_MANAGEMENT_REPORT',
      'DOCUMENT_TYPE_PHYSICIAN_OPINION',
      'DOCUMENT_TYPE_CARE_PLAN',
      'DOCUMENT_TYPE_CONSENT_FORM',
      'DOCUMENT_TYPE_OTHER',
      'INSURANCE',
      'MEDICATIONS',
      'VITAL_SIGNS',
      'LAB_RESULTS',
    ],
    write: ['DOCUMENT_TYPE_CARE_PLAN', 'DOCUMENT_TYPE_CONSENT_FORM', 'DOCUMENT_TYPE_OTHER', 'INSURANCE'],
  },
  CARE_TEAM_ROLE_CARE_WORKER: { read: ['DOCUMENT_TYPE_CARE_PLAN', 'MEDICATIONS'], write: [] },
  CARE_TEAM_ROLE_OTHER: { read: ['DOCUMENT_TYPE_CARE_PLAN'], write: [] },
};

export const DEFAULT_CHART_POLICY: readonly ChartPolicyRule[] = CARE_TEAM_ROLES.filter((role): role is Role => role !== 'CARE_TEAM_ROLE_UNSPECIFIED').flatMap(
  (role) =>
    RECORD_KINDS.map((recordKind) => {
      if (recordKind === 'TIMELINE') return { recordKind, role, canRead: true, canWrite: true };
      if (recordKind === 'EMERGENCY_INFO') return { recordKind, role, canRead: true, canWrite: EMERGENCY_INFO_WRITERS.includes(role) };
      const grant = GRANTS[role];
      const canWrite = grant.write.includes(recordKind) && !isImportedRecordKind(recordKind);
      // Writing a kind implies reading it: nobody files what they cannot see afterwards.
      const canRead = canWrite || grant.read === 'all' || grant.read.includes(recordKind);
      return { recordKind, role, canRead, canWrite };
    }),
);
