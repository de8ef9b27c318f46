// A finalised 診療情報提供書 as a JP-CLINS eReferral document (JP_Bundle_eReferral): the Composition
// first, then the Patient, the sending and receiving doctors and offices, the structured entries
// (diagnoses, prescriptions, and lab results where their hospital's 保険医療機関番号 is known) and
// the letter's PDF as a DocumentReference. The Composition's sections carry what the letter says,
// as written: 紹介元情報 (920) and 紹介先情報 (910), and 構造情報 (300) with 紹介目的, 傷病名・主訴,
// 現病歴 (the three the profile requires), 既往歴, アレルギー, 臨床経過, 投薬指示, 検査結果; 備考
// (220) and the PDF (230) beside them.
//
// Allergies go as the section's text only: JP_AllergyIntolerance_eCS requires a JFAGY allergen
// code (or the guide's dummy code), and neither Renkei nor SS-MIX2 carries one.
import type { Bundle, BundleEntry, Composition, CompositionSection, DocumentReference, Reference, Resource } from '@medplum/fhirtypes';
import type { PatientOverview } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { TemplateValues } from '@renkei/proto/template-forms';
import { conditionOfDiagnosis, conditionOfHospitalDiagnosis } from './conditions';
import { letterPractitioner, narrative, officeOrganization, type CareOffice } from './care-providers';
import { fhirDateTime, japanInstant, member, referenceTo, type BundleMember } from './fhir-datatypes';
import { labResultObservation } from './lab-result-observations';
import { medicationRequestOfHospital, medicationRequestOfRenkei } from './medication-requests';
import { patientResource } from './patient-resource';
import { JP_BUNDLE_EREFERRAL, JP_COMPOSITION_EREFERRAL, JP_DOCUMENT_REFERENCE_ECS } from './profiles';
import { MEDICAL_INSTITUTION_NUMBER_SYSTEM, RESOURCE_INSTANCE_ID_SYSTEM } from './code-systems';

const SECTION_SYSTEM = 'http://jpfhir.jp/fhir/clins/CodeSystem/document-section';
const INSTITUTION_NUMBER_EXTENSION = 'http://jpfhir.jp/fhir/clins/Extension/StructureDefinition/JP_eCS_InstitutionNumber';

export interface ReferralLetter {
  formId: string;
  version: number;
  values: TemplateValues;
  finalisedAt: Date;
  /** The office that wrote the letter and the one it is addressed to. */
  sender: CareOffice;
  receiver: CareOffice;
  pdf: Uint8Array;
  pdfFileName: string;
}

export interface ReferralExportOptions {
  exportedAt: Date;
  /** 保険医療機関番号 of the hospitals whose lab results may go with the letter, by facility id. */
  institutionNumbers?: ReadonlyMap<string, string>;
}

function text(values: TemplateValues, key: string): string {
  const value = values[key];
  return typeof value === 'string' ? value.trim() : '';
}

/** A section with the letter's text (none: the PDF section, which may have no text) and its entries. */
function section(title: string, code: string, display: string, body: string | null, entries: BundleMember[] = []): CompositionSection {
  return {
    title,
    code: { coding: [{ system: SECTION_SYSTEM, code, display }] },
    ...(body !== null && { text: narrative(body || '記載なし') }),
    ...(entries.length > 0 && { entry: entries.map((e): Reference => referenceTo(e, title)) }),
  };
}

/** The eReferral document of a finalised letter, with the patient's structured record as the caller may read it. */
export function referralDocumentBundle(letter: ReferralLetter, overview: PatientOverview, options: ReferralExportOptions): Bundle {
  if (!overview.patient) throw new Error('an overview without its patient');
  const at = options.exportedAt;
  const stamp = japanInstant(at)!;
  const values = letter.values;
  const hospital = overview.hospitalData;

  const patient = member(
    patientResource('jp-clins', {
      patient: {
        ...overview.patient,
        // The letter's own address and phone win: they are what the doctor wrote and signed.
        address: text(values, 'patientAddress') || overview.patient.address,
        phone: text(values, 'patientPhone') || overview.patient.phone,
      },
      hospitalLinks: hospital?.links ?? [],
      institutionNumbers: options.institutionNumbers,
      medicalInsurance: overview.coverage?.medical ?? null,
      exportedAt: at,
    }),
  );
  const senderOrg = member(officeOrganization(letter.sender, stamp));
  const receiverOrg = member(officeOrganization({ ...letter.receiver, department: text(values, 'toDepartment') || letter.receiver.department }, stamp));
  const senderDoctor = member(letterPractitioner(text(values, 'fromDoctor'), stamp));
  const receiverDoctor = text(values, 'toDoctor') ? member(letterPractitioner(text(values, 'toDoctor'), stamp)) : undefined;

  const conditions = [
    ...(overview.diagnoses ?? []).map((d) => conditionOfDiagnosis('jp-clins', d, patient, at)),
    ...(hospital?.diagnoses ?? []).map((d) => conditionOfHospitalDiagnosis('jp-clins', d, patient, at)),
  ].map((r) => member(r));
  const medications = overview.medications ?? [];
  const medicationRequests = [
    ...medications.map((m, i) => medicationRequestOfRenkei('jp-clins', m, i + 1, patient, at)),
    ...(hospital?.prescriptions ?? []).map((p, i) => medicationRequestOfHospital('jp-clins', p, medications.length + i + 1, patient, at)),
  ].map((r) => member(r));
  // JP_Observation_LabResult_eCS requires the performing institution's number: results of a
  // hospital whose number is not known stay out (the letter's 症状・検査所見 says what it says).
  const labResults = (hospital?.labResults ?? []).flatMap((r) => {
    const number = r.source?.hospital?.id ? options.institutionNumbers?.get(r.source.hospital.id) : undefined;
    if (!number) return [];
    const observation = labResultObservation('jp-clins', r, patient, at);
    observation.extension = [{ url: INSTITUTION_NUMBER_EXTENSION, valueIdentifier: { system: MEDICAL_INSTITUTION_NUMBER_SYSTEM, value: number } }];
    return [member(observation)];
  });

  const pdf = member<DocumentReference>({
    resourceType: 'DocumentReference',
    meta: { lastUpdated: stamp, profile: [JP_DOCUMENT_REFERENCE_ECS] },
    language: 'ja',
    status: 'current',
    type: { coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes', code: '57133-1', display: '診療情報提供書' }] },
    subject: referenceTo(patient),
    date: japanInstant(letter.finalisedAt)!,
    description: '診療情報提供書（PDF）',
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          language: 'ja',
          data: Buffer.from(letter.pdf).toString('base64'),
          title: letter.pdfFileName,
          size: letter.pdf.byteLength,
        },
      },
    ],
  });

  const writtenOn = fhirDateTime(text(values, 'writtenOn')) ?? japanInstant(letter.finalisedAt)!.slice(0, 10);
  const documentId = `${letter.formId}-v${letter.version}`;
  const composition = member<Composition>({
    resourceType: 'Composition',
    meta: { lastUpdated: stamp, profile: [JP_COMPOSITION_EREFERRAL] },
    language: 'ja',
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber', valueString: String(letter.version) }],
    identifier: { system: RESOURCE_INSTANCE_ID_SYSTEM, value: documentId },
    status: 'final',
    type: { coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes', code: '57133-1', display: '診療情報提供書' }] },
    category: [{ coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-subtypecodes', code: 'OUTPATIENT', display: '外来文書' }] }],
    subject: referenceTo(patient),
    date: japanInstant(letter.finalisedAt)!,
    author: [referenceTo(senderDoctor), referenceTo(senderOrg)],
    title: '診療情報提供書',
    custodian: referenceTo(senderOrg),
    event: [{ code: [{ text: '診療情報提供書発行' }], period: { start: writtenOn } }],
    section: [
      section('紹介元情報', '920', '紹介元情報セクション', [letter.sender.name, text(values, 'fromDoctor')].filter(Boolean).join(' '), [
        senderOrg,
        senderDoctor,
      ]),
      section(
        '紹介先情報',
        '910',
        '紹介先情報セクション',
        [letter.receiver.name, text(values, 'toDepartment'), text(values, 'toDoctor')].filter(Boolean).join(' '),
        receiverDoctor ? [receiverOrg, receiverDoctor] : [receiverOrg],
      ),
      {
        title: '構造情報',
        code: { coding: [{ system: SECTION_SYSTEM, code: '300', display: '構造情報セクション' }] },
        section: [
          section('紹介目的', '950', '紹介目的セクション', text(values, 'purpose')),
          section('傷病名・主訴', '340', '傷病名・主訴セクション', text(values, 'diagnosis'), conditions),
          section('現病歴', '360', '現病歴セクション', text(values, 'findings')),
          ...(text(values, 'history') ? [section('既往歴', '370', '既往歴セクション', text(values, 'history'))] : []),
          ...(text(values, 'allergies') ? [section('アレルギー・不耐性反応', '510', 'アレルギー・不耐性反応セクション', text(values, 'allergies'))] : []),
          ...(text(values, 'course') ? [section('臨床経過', '330', '臨床経過セクション', text(values, 'course'))] : []),
          ...(text(values, 'prescription') || medicationRequests.length > 0
            ? [section('投薬指示', '430', '投薬指示セクション', text(values, 'prescription'), medicationRequests)]
            : []),
          ...(labResults.length > 0 ? [section('検査結果', '620', '検査結果セクション', '病院データの検査結果', labResults)] : []),
        ],
      },
      ...(text(values, 'remarks') ? [section('備考・連絡情報', '220', '備考・連絡情報セクション', text(values, 'remarks'))] : []),
      section('PDF', '230', 'PDFセクション', null, [pdf]),
    ],
  });

  const members: BundleMember<Resource>[] = [
    composition,
    patient,
    senderDoctor,
    ...(receiverDoctor ? [receiverDoctor] : []),
    senderOrg,
    receiverOrg,
    ...conditions,
    ...medicationRequests,
    ...labResults,
    pdf,
  ];
  return {
    resourceType: 'Bundle',
    meta: { lastUpdated: stamp, profile: [JP_BUNDLE_EREFERRAL] },
    language: 'ja',
    identifier: {
      system: 'http://jpfhir.jp/fhir/clins/bundle-identifier',
      value: `${letter.sender.institutionNumber}^${writtenOn.slice(0, 4)}^${documentId}`,
    },
    type: 'document',
    timestamp: stamp,
    entry: members.map((m): BundleEntry => ({ fullUrl: m.fullUrl, resource: m.resource })),
  };
}
