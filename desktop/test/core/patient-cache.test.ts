import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredOverview } from '../../src/core/cache/overview-mapping';
import { CacheKeyError, PatientCache } from '../../src/core/cache/patient-cache';
import { seal } from '../../src/core/cache/sealed-rows';
import type { ChartView } from '../../src/shared/desktop-api';

const author = {
  userId: 'u1',
  name: { family: '黒木', given: '一郎', familyKana: 'クロキ', givenKana: 'イチロウ' },
  profession: 'PROFESSION_DOCTOR',
  facilityName: 'くろき在宅クリニック',
};

/** What the overview carries of the chart: a note, a filed instruction, a form, its alert and consent. */
function chart(): ChartView {
  return {
    latestNotes: [
      {
        noteId: 'n1',
        version: 1,
        soap: { subjective: '息苦しさが続く', objective: 'SpO2 93%', assessment: '心不全増悪の疑い', plan: '利尿薬を増量' },
        observedAt: '2026-11-24T01:00:00.000Z',
        status: 'current',
        correctionReason: '',
        author,
        recordedAt: '2026-11-24T01:05:00.000Z',
        superseded: false,
      },
    ],
    documents: [
      {
        documentId: 'd1',
        version: 1,
        documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
        title: '訪問看護指示書（宮崎ハル様）',
        fileName: 'shijisho.pdf',
        mediaType: 'application/pdf',
        size: 1234,
        sha256: 'a'.repeat(64),
        pageCount: 1,
        issuedOn: '2026-11-01',
        issuer: 'くろき在宅クリニック',
        validFrom: '2026-11-01',
        validUntil: '2026-12-01',
        note: '',
        uploadedBy: author,
        uploadedAt: '2026-11-01T00:00:00.000Z',
        superseded: false,
      },
    ],
    forms: [
      {
        formId: 'f1',
        version: 2,
        currentVersion: 2,
        documentType: 'DOCUMENT_TYPE_VISITING_NURSING_PLAN',
        title: '訪問看護計画書',
        values: { nursingGoal: '在宅での生活を継続する' },
        savedBy: author,
        savedAt: '2026-11-02T00:00:00.000Z',
        basedOnVersion: 1,
        finalised: false,
        finalisedBy: null,
        finalisedAt: null,
      },
    ],
    instructionAlerts: [{ documentId: 'd1', formId: '', title: '訪問看護指示書（宮崎ハル様）', validUntil: '2026-12-01', expired: false, daysLeft: 7 }],
    consent: null,
    myAccess: [{ recordKind: 'PROGRESS_NOTES', canRead: true, canWrite: true }],
  };
}

function overview(id: string, family: string, familyKana: string, given = 'ハル', givenKana = 'ハル'): StoredOverview {
  return {
    patient: {
      id,
      name: { family, given, familyKana, givenKana },
      birthDate: '1938-04-02',
      sex: 'SEX_FEMALE',
      careLevel: 'CARE_LEVEL_CARE_3',
      myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
      postalCode: '880-0805',
      address: '宮崎市橘通東3丁目',
      phone: '0985-20-1001',
      keyPerson: '長女 宮崎花子',
      regionalNumber: 0,
      archivedAt: null,
      marks: { instruction: null, certification: null },
    },
    careTeam: [],
    allergies: [{ substance: 'ペニシリン系抗菌薬', reaction: '蕁麻疹', severity: 'ALLERGY_SEVERITY_MODERATE', notedOn: '' }],
    diagnoses: [{ name: '慢性心不全', icd10Code: 'I50.0', onsetDate: '', primary: true, note: '' }],
    updatedAt: null,
    chart: chart(),
    emergencyInfo: null,
    coverage: null,
    instructionInForce: null,
    medications: [
      {
        medicationId: 'm1',
        version: 2,
        drugName: 'フロセミド錠20mg',
        dose: '1錠',
        usage: '1日1回 朝食後',
        prescriber: 'みやざき在宅クリニック 黒木',
        startedOn: '2026-10-01',
        stoppedOn: '',
        handling: ['MEDICATION_HANDLING_ONE_DOSE_PACKAGE'],
        note: '',
        changeReason: '増量',
        recordedBy: {
          userId: 'u1',
          name: { family: '黒木', given: '健一', familyKana: 'クロキ', givenKana: 'ケンイチ' },
          profession: 'PROFESSION_DOCTOR',
          facilityName: 'みやざき在宅クリニック',
        },
        recordedAt: '2026-11-20T01:00:00.000Z',
        stopped: false,
      },
    ],
    recentVitalSigns: [
      {
        id: 'v1',
        observedAt: '2026-11-23T01:00:00.000Z',
        values: {
          systolicMmhg: 128,
          diastolicMmhg: 76,
          pulsePerMin: 72,
          temperatureCelsius: 36.5,
          spo2Percent: 97,
          respirationPerMin: 0,
          weightKg: 52.4,
          bloodGlucoseMgDl: 0,
        },
        recordedBy: {
          userId: 'u2',
          name: { family: '甲斐', given: '由美', familyKana: 'カイ', givenKana: 'ユミ' },
          profession: 'PROFESSION_NURSE',
          facilityName: '訪問看護ステーションひなた',
        },
        recordedAt: '2026-11-23T01:05:00.000Z',
        noteId: '',
      },
    ],
    hospitalData: null,
  };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function freshCache() {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-cache-'));
  made.push(dir);
  const path = join(dir, 'user.sqlite');
  const key = randomBytes(32);
  return { dir, path, key, cache: PatientCache.open(path, key) };
}

/** 2026-11-24 14:00 in Tokyo. */
const NOW = new Date('2026-11-24T05:00:00Z');
const DAY = 86_400_000;

const page = (nextCursor: string, complete = true, reset = false) => ({ nextCursor, complete, reset, at: new Date('2026-11-24T05:00:00Z') });

describe('patient cache', () => {
  it('keeps nothing readable about patients on disk', () => {
    const { dir, path, cache } = freshCache();
    cache.applyPage([{ patientId: 'p1', overview: overview('p1', '宮崎', 'ミヤザキ') }], page('c1'));
    cache.close();
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      for (const secret of [
        '宮崎',
        'ミヤザキ',
        'ペニシリン',
        '慢性心不全',
        '橘通東',
        '息苦しさ',
        '利尿薬',
        '訪問看護指示書',
        '在宅での生活',
        'フロセミド',
        '朝食後',
      ])
        expect(bytes.includes(Buffer.from(secret)), `${file} contains ${secret}`).toBe(false);
    }
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });

  it('opens only with its key, and a sealed row moved to another id does not open', () => {
    const { path, key, cache } = freshCache();
    cache.applyPage(
      [
        { patientId: 'p1', overview: overview('p1', '宮崎', 'ミヤザキ') },
        { patientId: 'p2', overview: overview('p2', '甲斐', 'カイ') },
      ],
      page('c1'),
    );
    cache.close();
    expect(() => PatientCache.open(path, randomBytes(32))).toThrow(CacheKeyError);

    const raw = new Database(path);
    const p1 = raw.prepare("select sealed from patients where id = 'p1'").get() as { sealed: Buffer };
    raw.prepare("update patients set sealed = ? where id = 'p2'").run(p1.sealed);
    raw.close();
    expect(() => PatientCache.open(path, key)).toThrow(CacheKeyError);
  });

  it('keeps the chart summary with the overview, and reads a row sealed before the chart existed with an empty chart', () => {
    const { path, key, cache } = freshCache();
    cache.applyPage([{ patientId: 'p1', overview: overview('p1', '宮崎', 'ミヤザキ') }], page('c1'));
    expect(cache.overview('p1')?.chart).toEqual(chart());
    cache.close();

    const { chart: _dropped, ...before } = overview('p2', '甲斐', 'カイ');
    const raw = new Database(path);
    raw.prepare('insert into patients (id, sealed) values (?, ?)').run('p2', seal(key, 'p2', JSON.stringify(before)));
    raw.close();
    const reopened = PatientCache.open(path, key);
    expect(reopened.overview('p2')?.chart).toEqual({ latestNotes: [], documents: [], forms: [], instructionAlerts: [], consent: null, myAccess: [] });
    expect(reopened.overview('p2')?.patient.name.family).toBe('甲斐');
  });

  it('keeps medications and vital signs with the overview for offline reading; a row sealed before them reads with none', () => {
    const { path, key, cache } = freshCache();
    const stored = overview('p1', '宮崎', 'ミヤザキ');
    cache.applyPage([{ patientId: 'p1', overview: stored }], page('c1'));
    cache.close();
    const reopened = PatientCache.open(path, key);
    expect(reopened.overview('p1')?.medications).toEqual(stored.medications);
    expect(reopened.overview('p1')?.recentVitalSigns).toEqual(stored.recentVitalSigns);
    reopened.close();

    const { medications: _m, recentVitalSigns: _v, ...before } = overview('p2', '甲斐', 'カイ');
    const raw = new Database(path);
    raw.prepare('insert into patients (id, sealed) values (?, ?)').run('p2', seal(key, 'p2', JSON.stringify(before)));
    raw.close();
    const again = PatientCache.open(path, key);
    expect(again.overview('p2')).toMatchObject({ medications: [], recentVitalSigns: [] });
  });

  it('applies upserts, removals and resets, and knows when it last matched the server', () => {
    const { path, key, cache } = freshCache();
    cache.applyPage(
      [
        { patientId: 'p1', overview: overview('p1', '宮崎', 'ミヤザキ') },
        { patientId: 'p2', overview: overview('p2', '甲斐', 'カイ') },
      ],
      page('c1', false),
    );
    expect(cache.lastSyncedAt).toBeNull();
    cache.applyPage([{ patientId: 'p1', overview: null }], page('c2'));
    expect(cache.lastSyncedAt).toBe('2026-11-24T05:00:00.000Z');
    expect(cache.search('', NOW).map((p) => p.id)).toEqual(['p2']);
    expect(cache.overview('p1')).toBeUndefined();
    cache.applyPage([{ patientId: 'p3', overview: overview('p3', '黒木', 'クロキ') }], page('c3', true, true));
    expect(cache.search('', NOW).map((p) => p.id)).toEqual(['p3']);
    cache.close();
    const reopened = PatientCache.open(path, key);
    expect(reopened.cursor).toBe('c3');
    expect(reopened.search('', NOW).map((p) => p.id)).toEqual(['p3']);
    expect(reopened.overview('p3')?.allergies[0]?.substance).toBe('ペニシリン系抗菌薬');
  });

  it('searches by kanji or kana, ignoring width and hiragana/katakana, names starting with the query first', () => {
    const { cache } = freshCache();
    cache.applyPage(
      [
        { patientId: 'a', overview: overview('a', '髙橋', 'タカハシ', 'ヨシ子', 'ヨシコ') },
        { patientId: 'b', overview: overview('b', '甲斐', 'カイ') },
        { patientId: 'c', overview: overview('c', '長曽我部', 'チョウソカベ', '千代子', 'チヨコ') },
      ],
      page('c1'),
    );
    const ids = (query: string) => cache.search(query, NOW).map((p) => p.id);
    expect(ids('高橋')).toEqual(['a']);
    expect(ids('たかはし')).toEqual(['a']);
    expect(ids('ﾀｶﾊｼ')).toEqual(['a']);
    expect(ids('か')).toEqual(['b', 'a', 'c']);
    expect(ids('')).toEqual(['b', 'a', 'c']);
    expect(ids('やまだ')).toEqual([]);
  });

  it('marks the list by the day it is shown: an instruction and a certification read from the cache count their days again', () => {
    const { path, key, cache } = freshCache();
    const covered: StoredOverview = {
      ...overview('p1', '宮崎', 'ミヤザキ'),
      instructionInForce: {
        documentId: 'd1',
        formId: '',
        title: '訪問看護指示書',
        validFrom: '2026-06-20',
        validUntil: '2026-12-19',
        state: 'INSTRUCTION_STATE_IN_FORCE',
        daysLeft: 25,
      },
      coverage: {
        version: 1,
        medical: null,
        longTermCare: { insurerNumber: '452017', insuredNumber: '0000123456', copayTenths: 1 },
        certification: { careLevel: 'CARE_LEVEL_CARE_3', validFrom: '2025-02-01', validUntil: '2027-01-31' },
        disabilityIndependence: 'DISABILITY_INDEPENDENCE_B1',
        dementiaIndependence: 'DEMENTIA_INDEPENDENCE_UNSPECIFIED',
        changeReason: '',
        recordedBy: author,
        recordedAt: '2026-11-01T00:00:00.000Z',
      },
    };
    cache.applyPage([{ patientId: 'p1', overview: covered }], page('c1'));
    // Today the instruction runs 25 more days and the certification 68: no marks.
    expect(cache.search('', NOW)[0]?.marks).toEqual({ instruction: null, certification: null });
    cache.close();

    // Eleven days later, offline, from the sealed file alone.
    const reopened = PatientCache.open(path, key);
    const later = reopened.search('', new Date(NOW.getTime() + 11 * DAY))[0]!.marks;
    expect(later.instruction).toMatchObject({ documentId: 'd1', state: 'INSTRUCTION_STATE_ENDING', daysLeft: 14 });
    expect(later.certification).toEqual({ validUntil: '2027-01-31', expired: false, daysLeft: 57 });
    const ended = reopened.search('', new Date(NOW.getTime() + 26 * DAY))[0]!.marks;
    expect(ended.instruction).toMatchObject({ state: 'INSTRUCTION_STATE_ENDED', daysLeft: -1 });
    expect(reopened.overview('p1')?.coverage?.longTermCare?.insuredNumber).toBe('0000123456');
  });

  it('reads a row sealed before insurance was in the overview, without marks or coverage', () => {
    const { path, key, cache } = freshCache();
    cache.close();
    const { coverage: _c, instructionInForce: _i, ...old } = overview('p9', '日向', 'ヒュウガ');
    const { marks: _m, ...oldPatient } = old.patient;
    const db = new Database(path);
    db.prepare('insert into patients (id, sealed) values (?, ?)').run('p9', seal(key, 'p9', JSON.stringify({ ...old, patient: oldPatient })));
    db.close();
    const reopened = PatientCache.open(path, key);
    expect(reopened.search('', NOW)[0]?.marks).toEqual({ instruction: null, certification: null });
    expect(reopened.overview('p9')).toMatchObject({ coverage: null, instructionInForce: null });
  });

  it('searches with the same folding of voicing, small kana and long vowels as the server', () => {
    const { cache } = freshCache();
    cache.applyPage(
      [
        { patientId: 'k', overview: overview('k', '黒木', 'クロキ', '浩一', 'コウイチ') },
        { patientId: 'z', overview: overview('z', '寿司田', 'スシダ') },
        { patientId: 'o', overview: overview('o', '興梠', 'コウロギ') },
      ],
      page('c1'),
    );
    const ids = (query: string) => cache.search(query, NOW).map((p) => p.id);
    expect(ids('くろぎ')).toEqual(['k']);
    expect(ids('コーイチ')).toEqual(['k']);
    expect(ids('ズシ')).toEqual(['z']);
    expect(ids('こおろぎ')).toEqual(['o']);
    expect(ids('くらき')).toEqual([]);
  });
});
