// OML-11 (検体検査結果通知, OUL^R22, JAHIS 臨床検査データ交換規約 Ver.3.1): one result per OBX,
// under the SPM (specimen) and OBR (test group) before it. OBX-3 carries the JLAC10 code ("JC10").

import { codedField, dateTime, fieldName, numberIn, optionalText, requiredCoded, requiredText, type CodedValue } from './field-readers';
import { type JapanTime } from './hl7-datetime';
import { repetitions, component, type Hl7Message, type Hl7Segment } from './hl7-message';
import { type MessageSource } from './message-source';

export interface LabResult {
  source: MessageSource;
  /** OBR-2: the placer order number. */
  orderNumber: string | null;
  /** OBR-4: the test group (e.g. 血液学的検査). */
  testGroup: CodedValue | null;
  /** SPM-4: the specimen (e.g. 血清). */
  specimen: CodedValue | null;
  /** OBX-3: the test, JLAC10 when system is "JC10". */
  test: CodedValue;
  /** OBX-2: NM numeric, ST/TX text, CWE coded, … */
  valueType: string;
  /** OBX-5 as written; numeric is set for NM. */
  value: string;
  numeric: number | null;
  /** OBX-6. */
  unit: CodedValue | null;
  /** OBX-7 as written, e.g. "6.70-8.3". */
  referenceRange: string | null;
  /** OBX-8 (HL70078): H, L, HH, LL, A, N, … */
  abnormalFlags: string[];
  /** OBX-11: F final, P preliminary, C corrected, … */
  resultStatus: string | null;
  /** OBX-14, else OBR-7: when the specimen was observed/collected. */
  observedAt: JapanTime | null;
}

function readObx(obx: Hl7Segment, obr: Hl7Segment | undefined, spm: Hl7Segment | undefined, source: MessageSource): LabResult {
  const test = requiredCoded(obx, 3, { ja: '検査項目', en: 'observation identifier' });
  const valueType = requiredText(obx, 2, { ja: '値の型', en: 'value type' });
  // A repeated OBX-5 is rare in lab results; its repetitions are kept together as written.
  const value = repetitions(obx, 5)
    .map((repetition) => repetition.map((parts) => parts.join('&')).join('^'))
    .join('~');
  return {
    source,
    orderNumber: obr ? optionalText(obr, 2) : null,
    testGroup: obr ? codedField(obr, 4) : null,
    specimen: spm ? codedField(spm, 4) : null,
    test,
    valueType,
    value,
    numeric: valueType === 'NM' ? numberIn(value, fieldName(obx, 5)) : null,
    unit: codedField(obx, 6),
    referenceRange: optionalText(obx, 7),
    abnormalFlags: repetitions(obx, 8)
      .map((repetition) => component(repetition, 1))
      .filter((flag) => flag !== ''),
    resultStatus: optionalText(obx, 11),
    observedAt: dateTime(obx, 14) ?? (obr ? dateTime(obr, 7) : null),
  };
}

export function readLabResults(message: Hl7Message, source: MessageSource): LabResult[] {
  const results: LabResult[] = [];
  let spm: Hl7Segment | undefined;
  let obr: Hl7Segment | undefined;
  for (const segment of message.segments) {
    if (segment.id === 'SPM') {
      spm = segment;
      obr = undefined;
    } else if (segment.id === 'OBR') {
      obr = segment;
    } else if (segment.id === 'OBX') {
      results.push(readObx(segment, obr, spm, source));
    }
  }
  return results;
}
