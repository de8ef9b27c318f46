// The data types of the SS-MIX2 standardized storage (標準化ストレージ仕様書 Ver.1.2c): the name
// of each type folder, the HL7 message it holds, and where that message carries the 診療日 the
// folder is named after (as the SS-MIX2 check tool reads it). Renkei imports five of them; the
// others are recognised, checked and counted as "not imported", never mistaken for unknown files.

export const IMPORTED_DATA_TYPES = ['ADT-00', 'ADT-61', 'PPR-01', 'OMP-01', 'OML-11'] as const;
export type ImportedDataType = (typeof IMPORTED_DATA_TYPES)[number];

export interface CareDateField {
  segment: string;
  field: number;
}

export interface Ssmix2DataType {
  code: string;
  ja: string;
  /**
   * The MSH-9 message code^trigger events a file of this type may hold, each with the field that
   * carries its 診療日 (none for the types stored under the '-' date folder).
   */
  messages: ReadonlyMap<string, CareDateField | undefined>;
}

const t = (code: string, ja: string, messages: Record<string, string>): Ssmix2DataType => ({
  code,
  ja,
  messages: new Map(
    Object.entries(messages).map(([messageType, field]) => {
      const [segment, number] = field.split('-');
      return [messageType, segment ? { segment, field: Number(number) } : undefined];
    }),
  ),
});

export const SS_MIX2_DATA_TYPES: ReadonlyMap<string, Ssmix2DataType> = new Map(
  [
    t('ADT-00', '患者基本情報の更新', { 'ADT^A08': '', 'ADT^A23': '' }),
    t('ADT-01', '担当医の変更', { 'ADT^A54': '', 'ADT^A55': '' }),
    t('ADT-12', '外来診察の受付', { 'ADT^A04': 'PV1-44', 'ADT^A11': 'PV1-44' }),
    t('ADT-21', '入院予定', { 'ADT^A14': 'PV2-8', 'ADT^A27': 'PV2-8' }),
    t('ADT-22', '入院実施', { 'ADT^A01': 'PV1-44', 'ADT^A11': 'PV1-44' }),
    t('ADT-31', '外出泊実施', { 'ADT^A21': 'EVN-6', 'ADT^A52': 'EVN-6' }),
    t('ADT-32', '外出泊帰院実施', { 'ADT^A22': 'EVN-6', 'ADT^A53': 'PV2-47' }),
    t('ADT-41', '転科・転棟（予定）', { 'ADT^A15': 'PV2-8', 'ADT^A26': 'PV2-8' }),
    t('ADT-42', '転科・転棟（実施）', { 'ADT^A02': 'EVN-6', 'ADT^A12': 'EVN-6' }),
    t('ADT-51', '退院予定', { 'ADT^A16': 'EVN-6', 'ADT^A25': 'PV2-9' }),
    t('ADT-52', '退院実施', { 'ADT^A03': 'PV1-45', 'ADT^A13': 'PV1-45' }),
    t('ADT-61', 'アレルギー情報の登録／更新', { 'ADT^A60': '' }),
    t('PPR-01', '病名（歴）情報の登録／更新', { 'PPR^ZD1': '' }),
    t('OMD', '食事オーダ', { 'OMD^O03': 'ORC-9' }),
    t('OMP-01', '処方オーダ', { 'RDE^O11': 'ORC-9' }),
    t('OMP-02', '注射オーダ', { 'RDE^O11': 'ORC-9' }),
    t('OMP-11', '処方実施通知', { 'RAS^O17': 'RXA-3' }),
    t('OMP-12', '注射実施通知', { 'RAS^O17': 'RXA-3' }),
    t('OML-01', '検体検査オーダ', { 'OML^O33': 'ORC-9' }),
    t('OML-11', '検体検査結果通知', { 'OUL^R22': 'SPM-17' }),
    t('OMG-01', '放射線検査オーダ', { 'OMG^O19': 'ORC-9' }),
    t('OMG-02', '内視鏡検査オーダ', { 'OMG^O19': 'ORC-9' }),
    t('OMG-03', '生理検査オーダ', { 'OMG^O19': 'ORC-9' }),
    t('OMG-11', '放射線検査の実施通知', { 'OMI^Z23': 'OBR-7' }),
    t('OMG-12', '内視鏡検査の実施通知', { 'OMI^Z23': 'OBR-7' }),
    t('OMG-13', '生理検査結果通知', { 'ORU^R01': 'OBR-7' }),
  ].map((type) => [type.code, type]),
);

export function isImportedDataType(code: string): code is ImportedDataType {
  return (IMPORTED_DATA_TYPES as readonly string[]).includes(code);
}
