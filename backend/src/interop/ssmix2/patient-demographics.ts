// ADT-00 (患者基本情報): the patient as the hospital registers them, from PID. JAHIS writes the name
// twice in PID-5: the repetition with name representation code (XPN-8) "I" is the kanji name, the
// one with "P" the kana reading.

import { dateTime, requiredSegment, type Label } from './field-readers';
import { type JapanTime } from './hl7-datetime';
import { component, repetitions, value, type Hl7Message, type Hl7Repetition } from './hl7-message';
import { type MessageSource } from './message-source';
import { refuse } from './refusal';

export interface PersonName {
  family: string;
  given: string;
}

export interface PatientAddress {
  postalCode: string | null;
  /** The address as the hospital writes it (JAHIS puts the full address in XAD-8). */
  text: string;
  /** XAD-7: H home, B business, … */
  type: string | null;
}

export interface PatientPhone {
  number: string;
  /** XTN-2: PRN primary residence, EMR emergency, WPN work. */
  use: string | null;
}

export interface PatientDemographics {
  source: MessageSource;
  hospitalPatientId: string;
  kanjiName: PersonName | null;
  kanaName: PersonName | null;
  birthDate: JapanTime | null;
  sex: 'male' | 'female' | 'other' | 'unknown';
  addresses: PatientAddress[];
  phones: PatientPhone[];
}

const SEXES: Record<string, PatientDemographics['sex']> = { M: 'male', F: 'female', O: 'other', U: 'unknown', '': 'unknown' };

function name(repetition: Hl7Repetition): PersonName {
  return { family: component(repetition, 1), given: component(repetition, 2) };
}

function phone(repetition: Hl7Repetition): PatientPhone | null {
  // XTN-1 is the old free-text number; JAHIS writes XTN-12 (unformatted telephone number).
  const number = component(repetition, 12) || component(repetition, 1);
  return number === '' ? null : { number, use: component(repetition, 2) || null };
}

export function readPatientDemographics(message: Hl7Message, source: MessageSource, hospitalPatientId: string): PatientDemographics {
  const pid = requiredSegment(message, 'PID');
  const names = repetitions(pid, 5);
  const byCode = (code: string) => names.find((repetition) => component(repetition, 8) === code);
  const kanji = byCode('I');
  const kana = byCode('P');
  if (!kanji && !kana) {
    const label: Label = { ja: '漢字氏名（表記 I）またはカナ氏名（表記 P）', en: 'kanji (I) or kana (P) patient name' };
    throw refuse.missingField('PID-5', label);
  }
  const sexCode = value(pid, 8);
  const sex = SEXES[sexCode];
  if (!sex) throw refuse.malformed('PID-8', { ja: `性別「${sexCode}」は M・F・O・U のいずれかのはずです`, en: `sex "${sexCode}" must be M, F, O or U` });
  const addresses = repetitions(pid, 11)
    .map((address) => ({
      postalCode: component(address, 5) || null,
      text: component(address, 8) || [1, 2, 3, 4].map((i) => component(address, i)).join(''),
      type: component(address, 7) || null,
    }))
    .filter((address) => address.text !== '' || address.postalCode !== null);
  const phones = [...repetitions(pid, 13), ...repetitions(pid, 14)].map(phone).filter((found) => found !== null);
  return {
    source,
    hospitalPatientId,
    kanjiName: kanji ? name(kanji) : null,
    kanaName: kana ? name(kana) : null,
    birthDate: dateTime(pid, 7),
    sex,
    addresses,
    phones,
  };
}
