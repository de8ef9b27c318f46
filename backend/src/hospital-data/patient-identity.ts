// Is the hospital's patient the Renkei patient the office linked? The link (hospital-links.ts) is
// recorded by hand, and a mistyped hospital patient ID would put another person's prescriptions
// and results on this chart. Each import therefore compares the hospital's newest ADT-00 with the
// Renkei patient, as a ward checks 氏名・生年月日・性別 before anything is given:
//
//   - a different birth date or sex is a different person: nothing of the patient is imported
//     until the office corrects the link or the record (a mismatch);
//   - a different name, address or phone is reported (a difference), and the import goes on:
//     names change on marriage and are written with variant characters, and people move; the
//     office decides whether the profile, which the care team keeps, needs the hospital's.
//
// Without an ADT-00 in the import (e.g. --since after it) there is nothing to compare with.
import { normalizeForSearch } from '@renkei/proto/japanese-search';
import type { PatientTable } from '../db/schema';
import { isoDay } from '../interop/ssmix2/hl7-datetime';
import type { PatientDemographics, PersonName } from '../interop/ssmix2/patient-demographics';

export type IdentityField = 'birthDate' | 'sex' | 'kanjiName' | 'kanaName' | 'address' | 'phone';

export interface IdentityDifference {
  field: IdentityField;
  /** As the hospital wrote it. */
  hospital: string;
  /** As Renkei holds it. */
  renkei: string;
}

export interface IdentityComparison {
  /** Birth date or sex: a different person. */
  mismatches: IdentityDifference[];
  /** Name, address, phone: reported only. */
  differences: IdentityDifference[];
}

type ComparedPatient = Pick<PatientTable, 'family_name' | 'given_name' | 'family_name_kana' | 'given_name_kana' | 'birth_date' | 'sex' | 'address' | 'phone'>;

const SEX_OF: Record<PatientDemographics['sex'], string | undefined> = { male: 'SEX_MALE', female: 'SEX_FEMALE', other: undefined, unknown: undefined };

const fullName = (name: { family: string; given: string }) => `${name.family} ${name.given}`.trim();
/** Hyphens and dashes as people and hospital systems write them in addresses (１−３−５, 1-3-5, 1ー3ー5). */
const foldAddress = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/^〒?\s*\d{3}-?\d{4}\s*/, '')
    .replace(/[\s\u2010-\u2015\u2212\u30fc\uff0d-]/g, '');
const digits = (text: string) => text.normalize('NFKC').replace(/\D/g, '');

function differs(a: PersonName | null, family: string, given: string): boolean {
  return a !== null && normalizeForSearch(a.family + a.given) !== normalizeForSearch(family + given);
}

export function compareIdentity(hospital: PatientDemographics, patient: ComparedPatient): IdentityComparison {
  const mismatches: IdentityDifference[] = [];
  const differences: IdentityDifference[] = [];

  const birthDate = isoDay(hospital.birthDate);
  if (birthDate !== null && birthDate !== patient.birth_date) mismatches.push({ field: 'birthDate', hospital: birthDate, renkei: patient.birth_date });
  const sex = SEX_OF[hospital.sex];
  const renkeiSex = patient.sex === 'SEX_MALE' || patient.sex === 'SEX_FEMALE' ? patient.sex : undefined;
  if (sex !== undefined && renkeiSex !== undefined && sex !== renkeiSex) mismatches.push({ field: 'sex', hospital: sex, renkei: renkeiSex });

  if (differs(hospital.kanjiName, patient.family_name, patient.given_name)) {
    differences.push({
      field: 'kanjiName',
      hospital: fullName(hospital.kanjiName!),
      renkei: fullName({ family: patient.family_name, given: patient.given_name }),
    });
  }
  if (differs(hospital.kanaName, patient.family_name_kana, patient.given_name_kana)) {
    differences.push({
      field: 'kanaName',
      hospital: fullName(hospital.kanaName!),
      renkei: fullName({ family: patient.family_name_kana, given: patient.given_name_kana }),
    });
  }
  const home = hospital.addresses.find((a) => a.type === 'H') ?? hospital.addresses[0];
  if (home && home.text !== '' && patient.address !== '' && foldAddress(home.text) !== foldAddress(patient.address)) {
    differences.push({ field: 'address', hospital: home.text, renkei: patient.address });
  }
  const phones = hospital.phones.map((p) => digits(p.number)).filter((n) => n !== '');
  if (phones.length > 0 && digits(patient.phone) !== '' && !phones.includes(digits(patient.phone))) {
    differences.push({ field: 'phone', hospital: (hospital.phones.find((p) => p.use === 'PRN') ?? hospital.phones[0])!.number, renkei: patient.phone });
  }
  return { mismatches, differences };
}
