// PPR-01 (病名情報): one diagnosis per PRB segment (JAHIS 病名情報データ交換規約 Ver.3.0C). PRB-3
// carries the MEDIS 病名交換用コード ("MDCDX2") and PRB-10 the ICD-10 code ("I10"); PRB-18 says
// whether it is the main diagnosis (主病名).

import { codedField, dateTime, optionalText, requiredCoded, type CodedValue } from './field-readers';
import { type JapanTime } from './hl7-datetime';
import { component, repetitions, segmentsOf, type Hl7Message } from './hl7-message';
import { type MessageSource } from './message-source';

export interface Diagnosis {
  source: MessageSource;
  /** PRB-1: AD add, UP update, DE delete. */
  action: string | null;
  /** PRB-3: the diagnosis as coded by the hospital, usually the MEDIS 病名交換用コード (system MDCDX2). */
  diagnosis: CodedValue;
  /** PRB-4: the hospital's identifier of this diagnosis. */
  problemInstanceId: string | null;
  /** PRB-10, first triplet when its system is I10. */
  icd10: string | null;
  /** PRB-16 (onset), or PRB-7 (established) when the onset is not given. */
  start: JapanTime | null;
  /** PRB-9: actual resolution. */
  end: JapanTime | null;
  /** PRB-14 (HL70241): outcome such as 治癒, 死亡, 中止, 回復せず. */
  outcome: CodedValue | null;
  /** PRB-18 (JHSD0007): "1" is the main diagnosis. */
  main: boolean;
  /** PRB-17: problem onset text, as the hospital wrote it. */
  onsetText: string | null;
}

export function readDiagnoses(message: Hl7Message, source: MessageSource): Diagnosis[] {
  return segmentsOf(message, 'PRB').map((prb) => {
    const classification = repetitions(prb, 10)[0];
    const icd10 = component(classification, 3) === 'I10' ? component(classification, 1) || null : null;
    return {
      source,
      action: optionalText(prb, 1),
      diagnosis: requiredCoded(prb, 3, { ja: '病名', en: 'problem ID' }),
      problemInstanceId: optionalText(prb, 4),
      icd10,
      start: dateTime(prb, 16) ?? dateTime(prb, 7),
      end: dateTime(prb, 9),
      outcome: codedField(prb, 14),
      main: optionalText(prb, 18) === '1',
      onsetText: optionalText(prb, 17),
    };
  });
}
