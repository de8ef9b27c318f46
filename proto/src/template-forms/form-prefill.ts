// What a new form starts with, from what Renkei knows (the server gathers the facts in
// backend/src/templates/form-prefill.ts): the patient, the main diagnosis, the author and their
// office, the addressee. A pure mapping, so the server and the screens' test double fill a form
// the same way. Browser-safe.
import type { CareLevelName } from '../labels';
import type { TemplateKind, TemplateValues } from './form-model';
import { templateField } from './form-definitions';

export interface PrefillOffice {
  id: string;
  name: string;
  kind: string;
  postalCode: string;
  address: string;
  phone: string;
  fax: string;
}

export interface PrefillTeamMember {
  name: string;
  role: string;
  facilityId: string;
  facilityName: string;
}

/** What Renkei knows when a form is created. */
export interface PrefillFacts {
  /** YYYY-MM-DD in Japan. */
  today: string;
  patient: { postalCode: string; address: string; phone: string; careLevel: string };
  mainDiagnosis?: { name: string; code: string };
  diagnoses: { name: string; code: string }[];
  allergies: { substance: string; reaction: string }[];
  /** The current medications as the form's text, one a line; '' when none are recorded. */
  medication: string;
  author: { name: string; profession: string; office: PrefillOffice };
  addressee?: { office: PrefillOffice; people: PrefillTeamMember[] };
  /** The attending doctor(s) on the team, for forms addressed to 主治医. */
  attendingDoctors: PrefillTeamMember[];
  careManagers: PrefillTeamMember[];
}

/** 〒880-0805 宮崎市橘通東3丁目1-11 */
function postalAddress(place: { postalCode: string; address: string }): string {
  return [place.postalCode === '' ? '' : `〒${place.postalCode}`, place.address].filter((part) => part !== '').join(' ');
}

const drugAllergies = (facts: PrefillFacts) => facts.allergies.map((a) => (a.reaction === '' ? a.substance : `${a.substance}（${a.reaction}）`)).join('、');

/** 黒木 健一（みやざき在宅クリニック） */
const doctorWithOffice = (doctor: { name: string; facilityName: string } | undefined) => (doctor ? `${doctor.name}（${doctor.facilityName}）` : '');

const THERAPIST_PROFESSIONS = new Set(['PROFESSION_PHYSICAL_THERAPIST', 'PROFESSION_OCCUPATIONAL_THERAPIST', 'PROFESSION_SPEECH_THERAPIST']);

/** The field values a new form of `kind` starts with; only fields the form defines, never empty strings. */
export function prefillValues(kind: TemplateKind, facts: PrefillFacts): TemplateValues {
  const office = facts.author.office;
  const attending = facts.attendingDoctors[0];
  const addresseeDoctor = facts.addressee?.people.find((p) => p.role === 'CARE_TEAM_ROLE_ATTENDING_DOCTOR') ?? attending;
  const careLevel: CareLevelName | '' = facts.patient.careLevel === 'CARE_LEVEL_UNSPECIFIED' ? '' : (facts.patient.careLevel as CareLevelName);
  const allergies = drugAllergies(facts);
  const byKind: Record<TemplateKind, () => Record<string, string>> = {
    VISITING_NURSING_INSTRUCTION: () => ({
      issuedOn: facts.today,
      patientAddress: postalAddress(facts.patient),
      patientPhone: facts.patient.phone,
      mainDiagnosis: facts.mainDiagnosis?.name ?? '',
      mainDiagnosisCode: facts.mainDiagnosis?.code ?? '',
      medication: facts.medication,
      careLevel,
      specialNotes: allergies === '' ? '' : `薬物等のアレルギー: ${allergies}`,
      emergencyContact: [office.name, office.phone].filter((p) => p !== '').join(' '),
      facilityName: office.name,
      facilityAddress: postalAddress(office),
      facilityPhone: office.phone,
      facilityFax: office.fax,
      doctorName: facts.author.profession === 'PROFESSION_DOCTOR' ? facts.author.name : '',
      addresseeStation: facts.addressee?.office.name ?? '',
    }),
    VISITING_NURSING_PLAN: () => ({
      createdOn: facts.today,
      careLevel,
      patientAddress: postalAddress(facts.patient),
      stationName: office.name,
      nurseAuthor: facts.author.profession === 'PROFESSION_NURSE' ? facts.author.name : '',
      therapistAuthor: THERAPIST_PROFESSIONS.has(facts.author.profession) ? facts.author.name : '',
      addresseeDoctor: doctorWithOffice(addresseeDoctor),
    }),
    VISITING_NURSING_REPORT: () => ({
      reportedOn: facts.today,
      careLevel,
      patientAddress: postalAddress(facts.patient),
      stationName: office.name,
      reporterName: facts.author.name,
      addresseeDoctor: doctorWithOffice(addresseeDoctor),
    }),
    HOME_MEDICAL_MANAGEMENT_REPORT: () => ({
      visitedOn: facts.today,
      careLevel,
      patientAddress: postalAddress(facts.patient),
      addresseeDoctor: doctorWithOffice(addresseeDoctor),
      addresseeCareManager: doctorWithOffice(facts.careManagers[0]),
      prescriber: doctorWithOffice(attending),
      prescription: facts.medication,
      pharmacyName: office.name,
      pharmacyPhone: office.phone,
      pharmacistName: facts.author.name,
    }),
    REFERRAL_LETTER: () => ({
      toFacility: facts.addressee?.office.name ?? '',
      writtenOn: facts.today,
      fromFacility: office.name,
      fromAddress: postalAddress(office),
      fromPhone: office.phone,
      fromDoctor: facts.author.profession === 'PROFESSION_DOCTOR' ? facts.author.name : '',
      patientAddress: postalAddress(facts.patient),
      patientPhone: facts.patient.phone,
      diagnosis: facts.diagnoses.map((d) => (d.code === '' ? d.name : `${d.name}（${d.code}）`)).join('\n'),
      allergies,
      prescription: facts.medication,
    }),
  };
  const values: TemplateValues = {};
  for (const [key, value] of Object.entries(byKind[kind]())) {
    const field = templateField(kind, key);
    if (!field || value === '') continue;
    // A value longer than the field allows (an unusually long address) is cut rather than
    // refused: the form is a draft and the author sees it before finalising.
    values[key] = field.maxLength === undefined ? value : [...value].slice(0, field.maxLength).join('');
  }
  return values;
}
