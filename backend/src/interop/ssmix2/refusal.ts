// Why one SS-MIX2 file was refused, in Japanese for the clinic's administrator and in English for
// the hospital's IT vendor. One file's refusal never stops the rest of the storage from being read:
// the reader catches Ssmix2Refusal per file and moves on.

export type RefusalCode =
  | 'not_a_file'
  | 'bad_file_name'
  | 'unknown_data_type'
  | 'wrong_folder'
  | 'wrong_encoding'
  | 'malformed_hl7'
  | 'missing_field'
  | 'wrong_message_type'
  | 'patient_mismatch'
  | 'care_date_mismatch'
  | 'bad_date'
  | 'bad_number';

export interface RefusalReason {
  code: RefusalCode;
  ja: string;
  en: string;
}

export class Ssmix2Refusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason.en);
    this.name = 'Ssmix2Refusal';
  }
}

const ASK_HOSPITAL_JA = '病院の SS-MIX2 出力の担当者に、このファイルを出し直すよう依頼してください。';
const ASK_HOSPITAL_EN = "Ask the hospital's SS-MIX2 export team to write this file again.";

function reason(code: RefusalCode, ja: string, en: string): Ssmix2Refusal {
  return new Ssmix2Refusal({ code, ja: `${ja}${ASK_HOSPITAL_JA}`, en: `${en} ${ASK_HOSPITAL_EN}` });
}

export const refuse = {
  notAFile: () =>
    reason(
      'not_a_file',
      '通常のファイルではありません（シンボリックリンクなど）。読み込みません。',
      'Not a regular file (a symbolic link or similar); not read.',
    ),
  badFileName: (why: { ja: string; en: string }) =>
    reason(
      'bad_file_name',
      `ファイル名が SS-MIX2 の形式（患者ID_診療日_データ種別_オーダNo_発生日時_診療科_コンディションフラグ）ではありません：${why.ja}。`,
      `The file name is not an SS-MIX2 name (patientID_careDate_dataType_orderNo_createdAt_department_conditionFlag): ${why.en}.`,
    ),
  unknownDataType: (dataType: string) =>
    reason(
      'unknown_data_type',
      `データ種別「${dataType}」は SS-MIX2 標準化ストレージにありません。`,
      `"${dataType}" is not an SS-MIX2 standardized-storage data type.`,
    ),
  wrongFolder: (mismatches: { ja: string; en: string }[]) =>
    reason(
      'wrong_folder',
      `ファイルの置き場所がファイル名と合いません（${mismatches.map((m) => m.ja).join('、')}）。`,
      `The file's folder does not match its name (${mismatches.map((m) => m.en).join('; ')}).`,
    ),
  wrongEncoding: (why: { ja: string; en: string }) =>
    reason('wrong_encoding', `文字コードが ISO-2022-JP（JIS）ではありません：${why.ja}。`, `The file is not ISO-2022-JP (JIS) text: ${why.en}.`),
  malformed: (where: string, why: { ja: string; en: string }) =>
    reason('malformed_hl7', `HL7 電文の形が正しくありません（${where}）：${why.ja}。`, `Malformed HL7 message (${where}): ${why.en}.`),
  missingField: (field: string, label: { ja: string; en: string }) =>
    reason('missing_field', `必須の項目 ${field}（${label.ja}）が空です。`, `Required field ${field} (${label.en}) is empty.`),
  wrongMessageType: (dataType: string, expected: string[], actual: string) =>
    reason(
      'wrong_message_type',
      `データ種別 ${dataType} の電文は ${expected.join(' / ')} のはずですが、MSH-9 は「${actual}」です。`,
      `A ${dataType} file must hold ${expected.join(' / ')}, but MSH-9 is "${actual}".`,
    ),
  patientMismatch: (inMessage: string, inName: string) =>
    reason(
      'patient_mismatch',
      `電文の患者ID（PID-3「${inMessage}」）がファイル名の患者ID「${inName}」と違います。別の患者の記録を取り込まないよう、読み込みません。`,
      `The message's patient ID (PID-3 "${inMessage}") differs from the file name's patient ID "${inName}"; not read, so no record lands on the wrong patient.`,
    ),
  careDateMismatch: (field: string, inMessage: string, inName: string) =>
    reason(
      'care_date_mismatch',
      `電文の診療日（${field}「${inMessage}」）がファイル名・フォルダの診療日「${inName}」と違います。`,
      `The message's care date (${field} "${inMessage}") differs from the care date "${inName}" of the file name and folder.`,
    ),
  badDate: (field: string, value: string) =>
    reason('bad_date', `${field} の日時「${value}」が正しい日時ではありません。`, `${field} "${value}" is not a valid date/time.`),
  badNumber: (field: string, value: string) => reason('bad_number', `${field} の値「${value}」が数値ではありません。`, `${field} "${value}" is not a number.`),
};
