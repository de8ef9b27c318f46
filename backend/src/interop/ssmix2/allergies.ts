// ADT-61 (アレルギー情報): one allergy per IAM segment. SS-MIX2 sends the patient's whole list in
// each ADT-61, so the newest message is the current list; IAM-6 still says whether the hospital
// added (A), updated (U) or deleted (D) the entry, and is kept.

import { codedField, dateTime, optionalText, requiredCoded, type CodedValue } from './field-readers';
import { type JapanTime } from './hl7-datetime';
import { component, repetitions, segmentsOf, type Hl7Message } from './hl7-message';
import { type MessageSource } from './message-source';

export interface Allergy {
  source: MessageSource;
  /** IAM-2 (HL70127): DA drug, FA food, EA environment, LA pollen, … */
  allergenType: CodedValue | null;
  /** IAM-3: the allergen (JLAC10 "JC10", HOT "HOT9", or a local code). */
  allergen: CodedValue;
  /** IAM-4 (HL70128): SV severe, MO moderate, MI mild. */
  severity: CodedValue | null;
  /** IAM-5: reactions as written. */
  reactions: string[];
  /** IAM-6 (HL70323): A add, U update, D delete. */
  action: string | null;
  /** IAM-11, at the precision given (often a month or a year). */
  onset: JapanTime | null;
  /** IAM-12: onset in words when no date is known ("小学校低学年の頃"). */
  onsetText: string | null;
}

export function readAllergies(message: Hl7Message, source: MessageSource): Allergy[] {
  return segmentsOf(message, 'IAM').map((iam) => ({
    source,
    allergenType: codedField(iam, 2),
    allergen: requiredCoded(iam, 3, { ja: 'アレルゲン', en: 'allergen' }),
    severity: codedField(iam, 4),
    reactions: repetitions(iam, 5)
      .map((repetition) => component(repetition, 1))
      .filter((reaction) => reaction !== ''),
    action: optionalText(iam, 6),
    onset: dateTime(iam, 11),
    onsetText: optionalText(iam, 12),
  }));
}
