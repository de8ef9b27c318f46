// Reading an SS-MIX2 standardized storage (issue 15, the pure layer): the public sample tree from
// nhoHQ/SSMIX2DataTestingTool (fixtures/ssmix2, Apache-2.0), real ISO-2022-JP files, and copies of
// them changed the way real storages break. No database: the importer is the next step.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHl7DateTime } from '../src/interop/ssmix2/hl7-datetime';
import { component, parseHl7, repetitions, segmentsOf, value } from '../src/interop/ssmix2/hl7-message';
import { readSsmix2Storage, type ImportedFacts, type StorageReading } from '../src/interop/ssmix2/read-storage';

const FIXTURE = new URL('./fixtures/ssmix2/sampleData', import.meta.url).pathname;
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function emptyTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-ssmix2-'));
  temporary.push(dir);
  return dir;
}

function fixtureCopy(): string {
  const dir = emptyTree();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function put(root: string, relativePath: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(join(root, relativePath)), { recursive: true });
  writeFileSync(join(root, relativePath), bytes);
}

const fixtureBytes = (relativePath: string) => readFileSync(join(FIXTURE, relativePath));

const ADT00 = '999/901/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111220224447339_-_1';
const ADT61 = '999/901/9999013/-/ADT-61/9999013_-_ADT-61_999999999999999_20111014232213000_-_1';
const PPR01 = '999/901/9999013/-/PPR-01/9999013_-_PPR-01_999999999999999_20111209163030000_01_1';
const OMP01 = '999/901/9999013/20110701/OMP-01/9999013_20110701_OMP-01_000000011000185_20110701224603984_01_1';
const OML11 = '999/901/9999013/20111220/OML-11/9999013_20111220_OML-11_000000011000354_20111220103059000_01_1';

const refusalCodes = (reading: StorageReading) => Object.fromEntries(reading.refusals.map((refusal) => [refusal.path, refusal.reason.code]));
const factsOf = <T extends ImportedFacts['dataType']>(reading: StorageReading, dataType: T) =>
  reading.current.filter((message) => message.facts?.dataType === dataType).map((message) => message.facts as Extract<ImportedFacts, { dataType: T }>);

describe('the sample storage, walked whole', () => {
  it('refuses each broken file for its own reason and reads the rest', async () => {
    const reading = await readSsmix2Storage(FIXTURE);
    expect(refusalCodes(reading)).toEqual({
      // Filed under patient 0000001, 2000-04-01, ADT-31; its name says patient 9999013, 2011-06-30, OMP-11.
      '000/000/0000001/20000401/ADT-31/9999013_20110630_OMP-11_123456789012345_20110701113813225_01_1': 'wrong_folder',
      // Both end in bare segment ids (AL1, CTI, …, a second MSH): segments cut off after their name.
      '000/000/0000001/20000401/OMP-11/0000001_20000401_OMP-11_123456789012345_20110701113813225_01_1': 'malformed_hl7',
      '000/000/0000001/20000401/OMP-11/0000001_20000401_OMP-11_123456789012346_20110701113813226_01_0': 'malformed_hl7',
      // Guideline samples whose PID-3 names another patient than the folder they lie in.
      [ADT61]: 'patient_mismatch',
      [PPR01]: 'patient_mismatch',
      [OML11]: 'patient_mismatch',
      '999/901/9999013/20111013/OMD/9999013_20111013_OMD_123456789012345_20111014232213000_01_1': 'patient_mismatch',
      '999/901/9999013/20111220/OMG-01/9999013_20111220_OMG-01_000201101200100_20111220224447339_-_1': 'patient_mismatch',
      '999/901/9999013/20111220/OMG-02/9999013_20111220_OMG-02_201212201252100_20111220224447339_01_1': 'patient_mismatch',
      '999/901/9999013/20111220/OMG-03/9999013_20111220_OMG-03_201112200089100_20111220224447339_01_1': 'patient_mismatch',
      '999/901/9999013/20111220/OMG-11/9999013_20111220_OMG-11_2011122000300_20111220224447339_24_1': 'patient_mismatch',
      '999/901/9999013/20111220/OMG-12/9999013_20111220_OMG-12_201112201656100_20111220224447339_01_1': 'patient_mismatch',
      '999/901/9999013/20111220/OMG-13/9999013_20111220_OMG-13_999999999999999_20111220224447339_01_1': 'patient_mismatch',
      // Filed under 診療日 2011-06-30, but RXA-3 says it was given on 2011-07-01.
      '999/901/9999013/20110630/OMP-11/9999013_20110630_OMP-11_123456789012345_20110701113813225_01_1': 'care_date_mismatch',
    });
    const byPath = new Map(reading.refusals.map((refusal) => [refusal.path, refusal.reason]));
    const wrongFolder = byPath.get('000/000/0000001/20000401/ADT-31/9999013_20110630_OMP-11_123456789012345_20110701113813225_01_1')!;
    expect(wrongFolder.ja).toContain('患者IDのフォルダが「0000001」（ファイル名からは「9999013」）');
    expect(wrongFolder.ja).toContain('診療日のフォルダが「20000401」（ファイル名からは「20110630」）');
    expect(wrongFolder.ja).toContain('データ種別のフォルダが「ADT-31」（ファイル名からは「OMP-11」）');
    expect(wrongFolder.en).toContain('patient ID folder is "0000001", the name says "9999013"');
    expect(byPath.get('000/000/0000001/20000401/OMP-11/0000001_20000401_OMP-11_123456789012345_20110701113813225_01_1')!.en).toContain(
      'segment 10 AL1): the segment has its id but no fields (truncated)',
    );
    expect(byPath.get(ADT61)!.ja).toContain('電文の患者ID（PID-3「12345678」）がファイル名の患者ID「9999013」と違います');
    expect(byPath.get('999/901/9999013/20110630/OMP-11/9999013_20110630_OMP-11_123456789012345_20110701113813225_01_1')!.ja).toContain(
      '電文の診療日（RXA-3「201107010830」）がファイル名・フォルダの診療日「20110630」と違います',
    );
    for (const refusal of reading.refusals) expect(refusal.reason.ja).toContain('出し直すよう依頼してください');

    // Types Renkei does not import are checked and counted, not refused for their type.
    expect(reading.counts['ADT-22']).toMatchObject({ notImported: 1, refused: 0 });
    expect(reading.counts['OML-01']).toMatchObject({ notImported: 1, refused: 0 });
    expect(reading.counts['OMP-02']).toMatchObject({ notImported: 1, refused: 0 });
    expect(reading.counts['OMP-11']).toMatchObject({ notImported: 0, refused: 4 });
    expect(reading.counts['ADT-00']).toMatchObject({ read: 1, refused: 0 });
    expect(reading.counts['OMP-01']).toMatchObject({ read: 1, refused: 0 });
    expect(reading.current.map((message) => message.source.path)).toEqual([ADT00, OMP01]);
  });

  it('reads ADT-00 demographics: kanji and kana names from PID-5 by representation code, birth date, sex, address, phones', async () => {
    const [adt00] = factsOf(await readSsmix2Storage(FIXTURE), 'ADT-00');
    expect(adt00!.patient).toEqual({
      source: {
        path: ADT00,
        dataType: 'ADT-00',
        orderNumber: '999999999999999',
        createdAt: { iso: '2011-12-20T22:44:47.339+09:00', precision: 'second' },
        messageControlId: '20111220000001',
        // MSH-7 is 20111220224447.3399: four fraction digits, kept to the millisecond.
        messageTime: { iso: '2011-12-20T22:44:47.339+09:00', precision: 'second' },
        messageType: 'ADT^A08',
        sendingFacility: 'SEND',
      },
      hospitalPatientId: '9999013',
      kanjiName: { family: '患者', given: '太郎' },
      kanaName: { family: 'カンジャ', given: 'タロウ' },
      birthDate: { iso: '1948-04-05', precision: 'day' },
      sex: 'male',
      // JIS X 0208 0x215D (the dash of "１−３−５") decodes to U+FF0D, as Windows and the WHATWG decoder map it.
      addresses: [{ postalCode: '422-8033', text: '静岡県静岡市登呂１－３－５', type: 'H' }],
      phones: [
        { number: '054-000-0000', use: 'PRN' },
        { number: '03-5999-9999', use: 'EMR' },
        { number: '03-3599-9993', use: 'WPN' },
      ],
    });
  });

  it('reads OMP-01 prescriptions: HOT codes, dose and unit, daily dose, usage, days, start, route', async () => {
    const [omp01] = factsOf(await readSsmix2Storage(FIXTURE), 'OMP-01');
    const rows = omp01!.prescriptions.map((p) => ({
      rp: p.rpNumber,
      drug: p.drug,
      dose: `${p.dosePerAdministration.value} ${p.dosePerAdministration.unit?.name}`,
      daily: `${p.dailyDose?.value} ${p.dailyDose?.unit?.code}`,
      dispensed: p.dispenseAmount?.value,
      usage: p.usage,
      days: p.days,
      start: p.start,
      route: p.route?.code,
      orderedAt: p.orderedAt?.iso,
    }));
    const usage3 = { code: '1013044400000000', name: '内服・経口・１日３回朝昼夕食後', system: 'JAMISDP01' };
    const start = { iso: '2011-07-01T00:00+09:00', precision: 'hour' };
    expect(rows).toEqual([
      {
        rp: '1',
        drug: { code: '108665201', name: 'ダーゼン錠（５mg)', system: 'HOT9' },
        dose: '1 錠',
        daily: '3 TAB',
        dispensed: 15,
        usage: usage3,
        days: 5,
        start,
        route: 'PO',
        orderedAt: '2011-07-01T10:30:45+09:00',
      },
      {
        rp: '1',
        drug: { code: '110626901', name: 'パンスポリンＴ錠（１００mg)', system: 'HOT9' },
        dose: '2 錠',
        daily: '6 TAB',
        dispensed: 30,
        usage: usage3,
        days: 5,
        start,
        route: 'PO',
        orderedAt: '2011-07-01T10:30:45+09:00',
      },
      {
        rp: '2',
        drug: { code: '100607002', name: 'アレピアチン１０倍散', system: 'HOT9' },
        dose: '50 ミリグラム',
        daily: '100 MG',
        dispensed: 1400,
        usage: { code: '1012040400000000', name: '内服・経口・１日２回朝夕食後', system: 'JAMISDP01' },
        days: 14,
        start,
        route: 'PO',
        orderedAt: '2011-07-01T10:30:45+09:00',
      },
    ]);
    expect(omp01!.prescriptions.every((p) => p.source.messageControlId === '20110701000001' && p.source.orderNumber === '000000011000185')).toBe(true);
  });
});

describe('messages filed under the patient their PID-3 names', () => {
  // The guideline's ADT-61, PPR-01 and OML-11 samples name other patients than 9999013; filed
  // under their own patient (and, for OML-11, under the 診療日 of its SPM-17) they are valid.
  const tree = emptyTree();
  put(tree, '123/456/12345678/-/ADT-61/12345678_-_ADT-61_999999999999999_20111014232213000_-_1', fixtureBytes(ADT61));
  put(tree, '123/456/1234567890/-/PPR-01/1234567890_-_PPR-01_999999999999999_20111209163030000_01_1', fixtureBytes(PPR01));
  put(tree, '000/100/0001000052/20111219/OML-11/0001000052_20111219_OML-11_000000011000354_20111220103059000_01_1', fixtureBytes(OML11));

  it('reads ADT-61 allergies from IAM: type, allergen code, severity, reaction, onset at its own precision', async () => {
    const reading = await readSsmix2Storage(tree);
    expect(reading.refusals).toEqual([]);
    const [adt61] = factsOf(reading, 'ADT-61');
    expect(adt61!.allergies.map(({ source: _source, ...allergy }) => allergy)).toEqual([
      {
        allergenType: { code: 'LA', name: '花粉アレルギー', system: 'HL70127' },
        allergen: { code: '5A1002216023023', name: 'スギ', system: 'JC10' },
        severity: { code: 'MI', name: '軽度', system: 'HL70128' },
        reactions: ['目のかゆみ'],
        action: 'A',
        onset: { iso: '1996-01', precision: 'month' },
        onsetText: null,
      },
      {
        allergenType: { code: 'FA', name: '食物アレルギー', system: 'HL70127' },
        allergen: { code: '5A1002411023006', name: 'ソバ', system: 'JC10' },
        severity: { code: 'MO', name: '中等度', system: 'HL70128' },
        reactions: ['湿疹'],
        action: 'A',
        onset: null,
        onsetText: '小学校低学年の頃',
      },
      {
        allergenType: { code: 'EA', name: '環境アレルギー', system: 'HL70127' },
        allergen: { code: '5A1102700023023', name: 'ハウスダスト', system: 'JC10' },
        severity: { code: 'MI', name: '軽度', system: 'HL70128' },
        reactions: ['くしゃみ'],
        action: 'A',
        onset: { iso: '2003-02', precision: 'month' },
        onsetText: null,
      },
      {
        allergenType: { code: 'DA', name: '薬剤アレルギー', system: 'HL70127' },
        allergen: { code: '106824501', name: 'アリナミン', system: 'HOT9' },
        severity: { code: 'MO', name: '中等度', system: 'HL70128' },
        reactions: ['のどの渇きが止まらない'],
        action: 'A',
        onset: { iso: '2007-07-10', precision: 'day' },
        onsetText: null,
      },
    ]);
    expect(adt61!.allergies[0]!.source).toMatchObject({ messageControlId: '20111014232213', messageType: 'ADT^A60', dataType: 'ADT-61' });
  });

  it('reads PPR-01 diagnoses from PRB: MEDIS code, ICD-10, start, end, main diagnosis, outcome', async () => {
    const [ppr01] = factsOf(await readSsmix2Storage(tree), 'PPR-01');
    const { source, ...diagnosis } = ppr01!.diagnoses[0]!;
    expect(ppr01!.diagnoses).toHaveLength(1);
    expect(diagnosis).toEqual({
      action: 'AD',
      diagnosis: { code: '20054174', name: '胃炎', system: 'MDCDX2' },
      problemInstanceId: '123456789012345',
      icd10: 'K297',
      start: { iso: '2011-08-31', precision: 'day' },
      end: { iso: '2011-09-15', precision: 'day' },
      outcome: { code: 'N', name: '回復せず', system: 'HL70241' },
      main: true,
      onsetText: '胃炎',
    });
    expect(source).toMatchObject({ messageControlId: '201112091630305', messageTime: { iso: '2011-12-09T16:30:30+09:00', precision: 'second' } });
  });

  it('reads OML-11 lab results from OBX: JLAC10 code, numeric value, unit, reference range, status, time', async () => {
    const [oml11] = factsOf(await readSsmix2Storage(tree), 'OML-11');
    expect(oml11!.labResults.map(({ source: _source, ...result }) => result)).toEqual(
      [
        ['3A016000002327102', 'A/G比', '1.7', 1.7, null, '1.2-2.0'],
        ['3A010000002327101', '総蛋白', '7.2', 7.2, { code: 'g/dl', name: 'g/dl', system: '99XYZ' }, '6.70-8.3'],
        ['3A015000002327101', 'アルブミン', '4.9', 4.9, { code: 'g/dl', name: 'g/dl', system: '99XYZ' }, '3.7-5.5'],
      ].map(([code, name, value, numeric, unit, referenceRange]) => ({
        orderNumber: '000000011000354',
        testGroup: { code: 'E001', name: '血液学的検査', system: '99O03' },
        specimen: { code: '023', name: '血清', system: 'JC10' },
        test: { code, name, system: 'JC10' },
        valueType: 'NM',
        value,
        numeric,
        unit,
        referenceRange,
        abnormalFlags: [],
        resultStatus: 'F',
        observedAt: { iso: '2011-12-19T15:00+09:00', precision: 'minute' },
      })),
    );
  });
});

describe('broken copies of the sample', () => {
  it('refuses a truncated copy and still reads the rest of the tree', async () => {
    const tree = fixtureCopy();
    // Cut the OMP-01 file in the middle of its second RXE segment, as a half-written copy would be.
    const cutAt = fixtureBytes(OMP01).indexOf('RXE||110626901') + 20;
    truncateSync(join(tree, OMP01), cutAt);
    const reading = await readSsmix2Storage(tree);
    const refusal = reading.refusals.find((r) => r.path === OMP01)!;
    expect(refusal.reason.code).toBe('malformed_hl7');
    expect(refusal.reason.en).toContain('the last segment does not end with CR (the file is truncated)');
    expect(reading.counts['OMP-01']).toMatchObject({ read: 0, refused: 1 });
    expect(reading.current.map((message) => message.source.path)).toEqual([ADT00]);
    expect(reading.refusals).toHaveLength(15);
  });

  it('refuses a Shift_JIS file and a UTF-8 file as wrong encoding, naming the first 8-bit byte', async () => {
    const tree = emptyTree();
    const header = 'MSH|^~\\&|HIS|SEND|GW|RCV|20240401090000||ADT^A08^ADT_A01|1|P|2.5\rPID|0001||7000001^^^^PI||';
    // 患者 in Shift_JIS is 8A B3 8E D2.
    const shiftJis = Buffer.concat([Buffer.from(header, 'latin1'), Buffer.from([0x8a, 0xb3, 0x8e, 0xd2]), Buffer.from('^^^^^^L^I||19500101|F\r', 'latin1')]);
    put(tree, '700/000/7000001/-/ADT-00/7000001_-_ADT-00_999999999999999_20240401090000000_-_1', shiftJis);
    put(
      tree,
      '700/000/7000002/-/ADT-00/7000002_-_ADT-00_999999999999999_20240401090000000_-_1',
      `${header.replace('7000001', '7000002')}患者^^^^^^L^I||19500101|F\r`,
    );
    const reading = await readSsmix2Storage(tree);
    expect(reading.refusals.map((r) => [r.path.slice(0, 15), r.reason.code])).toEqual([
      ['700/000/7000001', 'wrong_encoding'],
      ['700/000/7000002', 'wrong_encoding'],
    ]);
    expect(reading.refusals[0]!.reason.ja).toContain(`${header.length} バイト目に 0x8A があります`);
    expect(reading.refusals[1]!.reason.en).toContain(`byte ${header.length} is 0xE6`);
    expect(reading.current).toEqual([]);
  });

  it('refuses half-width katakana, a bad date in the content, and an invalid JIS X 0208 code', async () => {
    const tree = emptyTree();
    const adt00 = fixtureBytes(ADT00);
    const withBadBirthDate = Buffer.from(adt00.toString('latin1').replace('|19480405|', '|19480231|'), 'latin1');
    put(tree, ADT00, withBadBirthDate);
    const header = 'MSH|^~\\&|HIS|SEND|GW|RCV|20240401090000||ADT^A08^ADT_A01|1|P|2.5\rPID|0001||7000001^^^^PI||';
    const halfWidth = Buffer.concat([Buffer.from(header), Buffer.from([0x1b, 0x28, 0x49, 0x36, 0x1b, 0x28, 0x42]), Buffer.from('^^^^^^L^P\r')]);
    put(tree, '700/000/7000001/-/ADT-00/7000001_-_ADT-00_999999999999999_20240401090000000_-_1', halfWidth);
    // ESC $ B then 0x7F: not a JIS X 0208 byte.
    const badJis = Buffer.concat([
      Buffer.from(header.replace('7000001', '7000003')),
      Buffer.from([0x1b, 0x24, 0x42, 0x7f, 0x21, 0x1b, 0x28, 0x42]),
      Buffer.from('\r'),
    ]);
    put(tree, '700/000/7000003/-/ADT-00/7000003_-_ADT-00_999999999999999_20240401090000000_-_1', badJis);
    const reading = await readSsmix2Storage(tree);
    expect(refusalCodes(reading)).toEqual({
      '700/000/7000001/-/ADT-00/7000001_-_ADT-00_999999999999999_20240401090000000_-_1': 'wrong_encoding',
      '700/000/7000003/-/ADT-00/7000003_-_ADT-00_999999999999999_20240401090000000_-_1': 'wrong_encoding',
      [ADT00]: 'bad_date',
    });
    const byPath = new Map(reading.refusals.map((refusal) => [refusal.path, refusal.reason]));
    expect(byPath.get(ADT00)!.ja).toContain('PID-7 の日時「19480231」が正しい日時ではありません');
    expect(byPath.get('700/000/7000001/-/ADT-00/7000001_-_ADT-00_999999999999999_20240401090000000_-_1')!.en).toContain('half-width katakana');
  });

  it('refuses unknown data types, bad file names and bad dates in names, one by one', async () => {
    const tree = emptyTree();
    const body = fixtureBytes(ADT00);
    put(tree, '999/901/9999013/-/XYZ-99/9999013_-_XYZ-99_999999999999999_20111220224447339_-_1', body);
    put(tree, '999/901/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111320224447339_-_1', body);
    put(tree, '999/901/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111220224447339_-_2', body);
    put(tree, '999/901/9999013/-/ADT-00/notes.txt', 'hello');
    put(tree, '999/901/9999013/20111231/OMP-01/9999013_20111231_OMP-01_000000011000185_20110701224603984_01_1', fixtureBytes(OMP01));
    put(tree, '999/901/9999013/20110231/OMP-01/9999013_20110231_OMP-01_000000011000185_20110701224603984_01_1', fixtureBytes(OMP01));
    put(tree, '999/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111220224447339_-_1', body);
    symlinkSync(join(FIXTURE, ADT00), join(tree, '999/901/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111220224447340_-_1'));
    const reading = await readSsmix2Storage(tree);
    expect(refusalCodes(reading)).toEqual({
      '999/901/9999013/-/XYZ-99/9999013_-_XYZ-99_999999999999999_20111220224447339_-_1': 'unknown_data_type',
      '999/901/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111320224447339_-_1': 'bad_date',
      '999/901/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111220224447339_-_2': 'bad_file_name',
      '999/901/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111220224447340_-_1': 'not_a_file',
      '999/901/9999013/-/ADT-00/notes.txt': 'bad_file_name',
      '999/901/9999013/20111231/OMP-01/9999013_20111231_OMP-01_000000011000185_20110701224603984_01_1': 'care_date_mismatch',
      '999/901/9999013/20110231/OMP-01/9999013_20110231_OMP-01_000000011000185_20110701224603984_01_1': 'bad_date',
      '999/9999013/-/ADT-00/9999013_-_ADT-00_999999999999999_20111220224447339_-_1': 'wrong_folder',
    });
    expect(reading.counts.unknown).toMatchObject({ refused: 2 });
    expect(reading.refusals.find((r) => r.reason.code === 'unknown_data_type')!.reason.ja).toContain(
      'データ種別「XYZ-99」は SS-MIX2 標準化ストレージにありません',
    );
  });
});

describe('versions of one order', () => {
  const omp01 = fixtureBytes(OMP01);
  const folder = '999/901/9999013/20110701/OMP-01';
  const named = (createdAt: string, flag: string) => `${folder}/9999013_20110701_OMP-01_000000011000185_${createdAt}_01_${flag}`;

  it('the newest message supersedes, re-reading changes nothing, and a condition flag 0 withdraws the order', async () => {
    const tree = emptyTree();
    put(tree, named('20110701224603984', '1'), omp01);
    put(tree, named('20110702090000000', '1'), omp01);
    let reading = await readSsmix2Storage(tree);
    expect(reading.current.map((m) => m.source.path)).toEqual([named('20110702090000000', '1')]);
    expect(reading.counts['OMP-01']).toMatchObject({ read: 2, superseded: 1, withdrawn: 0 });
    expect(await readSsmix2Storage(tree)).toEqual(reading);

    put(tree, named('20110703090000000', '0'), omp01);
    reading = await readSsmix2Storage(tree);
    expect(reading.current).toEqual([]);
    expect(reading.withdrawn.map((m) => [m.source.path, m.facts])).toEqual([[named('20110703090000000', '0'), null]]);
    expect(reading.counts['OMP-01']).toMatchObject({ read: 3, superseded: 2, withdrawn: 1 });
  });

  it('holds an order back when its newest version is refused, rather than importing a replaced one', async () => {
    const tree = emptyTree();
    put(tree, named('20110701224603984', '1'), omp01);
    put(tree, named('20110702090000000', '1'), omp01.subarray(0, 100));
    const reading = await readSsmix2Storage(tree);
    expect(reading.current).toEqual([]);
    expect(reading.heldBack).toEqual([{ patientId: '9999013', dataType: 'OMP-01', orderNumber: '000000011000185' }]);
    expect(reading.counts['OMP-01']).toMatchObject({ read: 1, refused: 1, heldBack: 1 });
  });
});

describe('filters', () => {
  it('--patient reads only that patient folder; --since only messages created on or after the day', async () => {
    const patient = await readSsmix2Storage(FIXTURE, { patientId: '0000001' });
    expect(patient.refusals.map((r) => r.path.slice(0, 15))).toEqual(['000/000/0000001', '000/000/0000001', '000/000/0000001']);
    expect(patient.current).toEqual([]);
    expect(await readSsmix2Storage(FIXTURE, { patientId: '1234567' })).toMatchObject({ current: [], refusals: [] });

    const since = await readSsmix2Storage(FIXTURE, { since: '2011-12-01' });
    expect(since.current.map((m) => m.source.path)).toEqual([ADT00]);
    // Nine files were created before 2011-12-01, the misfiled one under ADT-31 among them.
    expect(since.beforeSince).toBe(9);
    expect(since.refusals.every((r) => r.path.split('_')[4]! >= '20111201')).toBe(true);
  });

  it('refuses filter values that are not a patient ID or a date', async () => {
    await expect(readSsmix2Storage(FIXTURE, { patientId: '../etc' })).rejects.toThrow('患者ID「../etc」は SS-MIX2 の患者IDとして使えません');
    await expect(readSsmix2Storage(FIXTURE, { since: '2011-02-30' })).rejects.toThrow('YYYY-MM-DD の形');
    await expect(readSsmix2Storage(join(FIXTURE, 'no-such-folder'))).rejects.toThrow('が見つかりません。標準化ストレージのルート');
  });
});

describe('HL7 v2.5 parsing', () => {
  it('splits repetitions, components and subcomponents with the MSH-2 characters and decodes escapes in one pass', () => {
    const message = parseHl7(
      'MSH|^~\\&|HIS|SEND|GW|RCV|20240401090000||ADT^A08^ADT_A01|1|P|2.5\r' +
        'PID|0001||7000001^^^^PI||山田^花子^^^^^L^I~ヤマダ^ハナコ^^^^^L^P\r' +
        'NTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f|\\E\\F\\E\\|x\\.br\\y|\\X41\\|\\Z1\\|1&2&3^4\r',
    );
    const pid = segmentsOf(message, 'PID')[0]!;
    expect(repetitions(pid, 5).map((name) => [component(name, 1), component(name, 2), component(name, 8)])).toEqual([
      ['山田', '花子', 'I'],
      ['ヤマダ', 'ハナコ', 'P'],
    ]);
    const nte = segmentsOf(message, 'NTE')[0]!;
    expect(value(nte, 3)).toBe('a|b^c&d~e\\f');
    expect(value(nte, 4)).toBe('\\F\\');
    expect(value(nte, 5)).toBe('x\ny');
    expect(value(nte, 6)).toBe('A');
    expect(value(nte, 7)).toBe('\\Z1\\');
    expect([value(nte, 8, 1, 1), value(nte, 8, 1, 2), value(nte, 8, 1, 3), value(nte, 8, 2)]).toEqual(['1', '2', '3', '4']);
    expect(value(message.segments[0]!, 2)).toBe('^~\\&');
  });

  it('uses the encoding characters the message declares', () => {
    const message = parseHl7('MSH#$*!%#HIS#SEND#GW#RCV#20240401##ADT$A08#1#P#2.5\rPID#1##A$B*C$D%E#!S!\r');
    const pid = segmentsOf(message, 'PID')[0]!;
    expect(repetitions(pid, 3).map((rep) => [component(rep, 1), component(rep, 2, 1), component(rep, 2, 2)])).toEqual([
      ['A', 'B', ''],
      ['C', 'D', 'E'],
    ]);
    expect(value(pid, 4)).toBe('$');
  });

  it.each([
    ['', 'the file is empty'],
    ['PID|1\r', 'does not start with an MSH segment'],
    ['MSH|^~\\|HIS\r', 'MSH-2 (four encoding characters) are invalid'],
    ['MSH|^~\\&|HIS\rpid|1\r', 'invalid segment id "pid|1"'],
    ['MSH|^~\\&|HIS\rPID|1\r\rPV1|1\r', 'empty segment'],
    ['MSH|^~\\&|HIS\rPID|1\rMSH|^~\\&|X\r', 'an MSH segment in the middle of the message'],
    ['MSH|^~\\&|HIS\rPID|1|a\\F\r', 'unterminated escape sequence'],
    ['MSH|^~\\&|HIS\rPID|1', 'the last segment does not end with CR'],
  ])('refuses %j', (text, reason) => {
    expect(() => parseHl7(text)).toThrow(reason);
  });
});

describe('HL7 dates in Japan time', () => {
  it.each([
    ['20110701', { iso: '2011-07-01', precision: 'day' }],
    ['199601', { iso: '1996-01', precision: 'month' }],
    ['2011070100', { iso: '2011-07-01T00:00+09:00', precision: 'hour' }],
    ['201112191500', { iso: '2011-12-19T15:00+09:00', precision: 'minute' }],
    ['20111220224447.3399', { iso: '2011-12-20T22:44:47.339+09:00', precision: 'second' }],
    ['20111231200000+0000', { iso: '2012-01-01T05:00:00+09:00', precision: 'second' }],
    ['20240229', { iso: '2024-02-29', precision: 'day' }],
  ])('%s', (raw, expected) => {
    expect(parseHl7DateTime(raw)).toEqual(expected);
  });

  it.each(['20230229', '20111301', '20111232', '2011122024', '201112201260', '2011122012.5', '2011-12-20', '2011070', '20111220+0900', ''])(
    'refuses %j',
    (raw) => {
      expect(parseHl7DateTime(raw)).toBeNull();
    },
  );
});
