// OMP-01 (処方オーダ, RDE^O11, JAHIS 処方データ交換規約 Ver.2.0): one prescribed drug per RXE, in
// ORC groups (ORC-4 is the Rp number), with its TQ1 (usage, days, start) and RXR (route).
// RXE-3/RXE-5 is the dose per administration (1回量), RXE-19 the daily dose (1日量).

import { codedField, codedSubcomponents, dateTime, fieldName, numberField, optionalText, requiredCoded, requiredText, type CodedValue } from './field-readers';
import { type JapanTime } from './hl7-datetime';
import { repetitions, value, type Hl7Message, type Hl7Segment } from './hl7-message';
import { type MessageSource } from './message-source';
import { refuse } from './refusal';

export interface Quantity {
  value: number;
  unit: CodedValue | null;
}

export interface Prescription {
  source: MessageSource;
  /** ORC-4: the Rp number the drug belongs to. */
  rpNumber: string | null;
  /** ORC-9: when the doctor ordered it. */
  orderedAt: JapanTime | null;
  /** RXE-2: HOT code ("HOT9"/"HOT13"), YJ code, or the hospital's own. */
  drug: CodedValue;
  /** RXE-3 with unit RXE-5: 1回量. */
  dosePerAdministration: Quantity;
  /** RXE-19: 1日量. */
  dailyDose: Quantity | null;
  /** RXE-10 with unit RXE-11: the total dispensed. */
  dispenseAmount: Quantity | null;
  /** TQ1-3: 用法 (JAMI 用法コード "JAMISDP01" or local). */
  usage: CodedValue | null;
  /** TQ1-6 when its unit is days ("d"). */
  days: number | null;
  /** TQ1-7. */
  start: JapanTime | null;
  /** RXR-1: route (HL70162), e.g. PO 口. */
  route: CodedValue | null;
  /** RXE-15: 処方箋番号. */
  prescriptionNumber: string | null;
}

function days(tq1: Hl7Segment): number | null {
  const amount = numberField(tq1, 6);
  if (amount === null) return null;
  const unit = value(tq1, 6, 2);
  if (unit !== 'd')
    throw refuse.malformed(fieldName(tq1, 6), { ja: `投与日数の単位「${unit}」は d（日）のはずです`, en: `service duration unit "${unit}" must be d (days)` });
  return amount;
}

function readRxe(rxe: Hl7Segment, orc: Hl7Segment | undefined, source: MessageSource): Prescription {
  const drug = requiredCoded(rxe, 2, { ja: '薬剤', en: 'give code' });
  requiredText(rxe, 3, { ja: '1回量', en: 'give amount' });
  const dailyDose = numberField(rxe, 19);
  const dispensed = numberField(rxe, 10);
  return {
    source,
    rpNumber: orc ? optionalText(orc, 4) : null,
    orderedAt: orc ? dateTime(orc, 9) : null,
    drug,
    dosePerAdministration: { value: numberField(rxe, 3)!, unit: codedField(rxe, 5) },
    dailyDose: dailyDose === null ? null : { value: dailyDose, unit: codedSubcomponents(repetitions(rxe, 19)[0], 2) },
    dispenseAmount: dispensed === null ? null : { value: dispensed, unit: codedField(rxe, 11) },
    usage: null,
    days: null,
    start: null,
    route: null,
    prescriptionNumber: optionalText(rxe, 15),
  };
}

export function readPrescriptions(message: Hl7Message, source: MessageSource): Prescription[] {
  const prescriptions: Prescription[] = [];
  let orc: Hl7Segment | undefined;
  let current: Prescription | undefined;
  for (const segment of message.segments) {
    if (segment.id === 'ORC') {
      orc = segment;
      current = undefined;
    } else if (segment.id === 'RXE') {
      current = readRxe(segment, orc, source);
      prescriptions.push(current);
    } else if (segment.id === 'TQ1' && current) {
      // TQ1-3 is a repeat pattern (RPT) whose first component is a coded value in subcomponents.
      current.usage = codedSubcomponents(repetitions(segment, 3)[0], 1);
      current.days = days(segment);
      current.start = dateTime(segment, 7);
    } else if (segment.id === 'RXR' && current) {
      current.route = codedField(segment, 1);
    }
  }
  if (prescriptions.length === 0) throw refuse.malformed('RXE', { ja: '処方（RXE セグメント）が 1 つもありません', en: 'no RXE segment (no drug prescribed)' });
  return prescriptions;
}
