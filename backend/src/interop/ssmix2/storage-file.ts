// One file of the standardized storage, as its name and folder describe it (標準化ストレージ仕様書
// Ver.1.2c): <root>/<id 1-3>/<id 4-6>/<patient id>/<診療日 or ->/<data type>/
// 患者ID_診療日_データ種別_オーダNo_発生日時_診療科_コンディションフラグ.
// The folder is where SS-MIX2 readers look a file up, so a file whose folder contradicts its name
// is refused: it may well be filed under the wrong patient.

import { SS_MIX2_DATA_TYPES } from './data-types';
import { parseHl7DateTime, parseStorageTimestamp, type JapanTime } from './hl7-datetime';
import { refuse } from './refusal';

export interface StorageFile {
  /** Path relative to the storage root, '/'-separated: what refusals and sources name. */
  path: string;
  patientId: string;
  /** 診療日 as written (YYYYMMDD), or null for '-' (types without a care date). */
  careDate: string | null;
  dataType: string;
  orderNumber: string;
  /** 発生日時: when the hospital system wrote the message; orders the versions of one order. */
  createdAt: JapanTime;
  createdAtDigits: string;
  department: string | null;
  /** コンディションフラグ: 1 = valid, 0 = deleted (the order is withdrawn). */
  valid: boolean;
}

/** Reads a file's name and checks it against its folders; throws a refusal when either is wrong. */
export function describeStorageFile(relativePath: string): StorageFile {
  const parts = relativePath.split('/');
  const name = parts.at(-1)!;
  const fields = name.split('_');
  if (fields.length !== 7) {
    throw refuse.badFileName({ ja: `「_」で区切られた項目が 7 つではなく ${fields.length} つです`, en: `${fields.length} "_"-separated parts instead of 7` });
  }
  const [patientId, careDate, dataType, orderNumber, createdAtDigits, department, flag] = fields as [string, string, string, string, string, string, string];
  if (patientId === '' || orderNumber === '' || department === '') {
    throw refuse.badFileName({ ja: '患者ID・オーダNo・診療科のいずれかが空です', en: 'the patient ID, order number or department is empty' });
  }
  if (careDate !== '-' && !(/^\d{8}$/.test(careDate) && parseHl7DateTime(careDate))) {
    throw refuse.badDate('ファイル名の診療日 / care date in the file name', careDate);
  }
  const createdAt = parseStorageTimestamp(createdAtDigits);
  if (!createdAt) throw refuse.badDate('ファイル名の発生日時 / creation time in the file name', createdAtDigits);
  if (flag !== '0' && flag !== '1') {
    throw refuse.badFileName({
      ja: `コンディションフラグ「${flag}」は 1（有効）か 0（削除）のはずです`,
      en: `condition flag "${flag}" must be 1 (valid) or 0 (deleted)`,
    });
  }
  if (!SS_MIX2_DATA_TYPES.has(dataType)) throw refuse.unknownDataType(dataType);

  const expected = [patientId.slice(0, 3), patientId.slice(3, 6), patientId, careDate, dataType];
  const folders = parts.slice(0, -1);
  const labels = [
    { ja: '患者IDの先頭 3 文字のフォルダ', en: 'folder of the first 3 characters of the patient ID' },
    { ja: '患者IDの 4〜6 文字目のフォルダ', en: 'folder of characters 4-6 of the patient ID' },
    { ja: '患者IDのフォルダ', en: 'patient ID folder' },
    { ja: '診療日のフォルダ', en: 'care date folder' },
    { ja: 'データ種別のフォルダ', en: 'data type folder' },
  ];
  if (folders.length !== expected.length) {
    throw refuse.wrongFolder([
      {
        ja: `ルートから ${expected.length} 階層下（${expected.join('/')}）にあるはずが ${folders.length} 階層下です`,
        en: `expected ${expected.length} folders below the root (${expected.join('/')}), found ${folders.length}`,
      },
    ]);
  }
  const mismatches = expected.flatMap((want, i) =>
    folders[i] === want
      ? []
      : [{ ja: `${labels[i]!.ja}が「${folders[i]}」（ファイル名からは「${want}」）`, en: `${labels[i]!.en} is "${folders[i]}", the name says "${want}"` }],
  );
  if (mismatches.length > 0) throw refuse.wrongFolder(mismatches);

  return {
    path: relativePath,
    patientId,
    careDate: careDate === '-' ? null : careDate,
    dataType,
    orderNumber,
    createdAt,
    createdAtDigits,
    department: department === '-' ? null : department,
    valid: flag === '1',
  };
}
