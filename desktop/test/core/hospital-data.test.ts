// Hospital data (病院データ) on a clinic PC: the overview's message, as it arrives over the wire
// (serialized and read back by the same gRPC definitions the core uses), becomes the view the
// screens show, every fact with its source; sealed in the offline cache it reads the same with the
// server gone, and a row sealed before hospital data existed reads with none.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadApi } from '@renkei/proto';
import type { PatientOverview, PatientOverview__Output } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { HospitalSource } from '@renkei/proto/generated/renkei/v1/HospitalSource';
import type { MethodDefinition, ServiceDefinition } from '@grpc/proto-loader';
import { afterAll, describe, expect, it } from 'vitest';
import { overviewFromMessage } from '../../src/core/cache/overview-mapping';
import { PatientCache } from '../../src/core/cache/patient-cache';
import { seal } from '../../src/core/cache/sealed-rows';

/** 2026-11-24 14:00 in Tokyo. */
const NOW = new Date('2026-11-24T05:00:00Z');
/** 2026-11-20 09:30 in Tokyo: when the regional office imported the messages. */
const IMPORTED = { seconds: Date.parse('2026-11-20T00:30:00Z') / 1000, nanos: 0 };

const hospital = { id: 'f-central', name: '宮崎中央病院', kind: 'FACILITY_KIND_HOSPITAL' as const };

function source(dataType: string, createdAt: string, orderNumber = '000000000000123'): HospitalSource {
  return {
    hospital,
    hospitalPatientId: 'H0012345',
    dataType,
    orderNumber,
    messageControlId: `MSG-${dataType}-${createdAt}`,
    createdAt,
    importedAt: IMPORTED,
  };
}

/** What the server sends for a doctor of a patient linked to one hospital. */
function overviewMessage(withHospitalData: boolean): PatientOverview {
  return {
    patient: {
      id: 'p1',
      name: { family: '宮崎', given: 'ハル', familyKana: 'ミヤザキ', givenKana: 'ハル' },
      birthDate: '1938-04-02',
      sex: 'SEX_FEMALE',
      careLevel: 'CARE_LEVEL_CARE_3',
    },
    careTeam: [],
    allergies: [{ substance: 'ペニシリン系抗菌薬', reaction: '蕁麻疹', severity: 'ALLERGY_SEVERITY_MODERATE', notedOn: '' }],
    diagnoses: [{ name: '慢性心不全', icd10Code: 'I50.0', onsetDate: '', primary: true, note: '' }],
    hospitalData: withHospitalData
      ? {
          links: [{ hospital, hospitalPatientId: 'H0012345', lastImportedAt: IMPORTED }],
          allergies: [
            {
              allergen: { code: '1149019', text: 'セファクロル', system: '99XYZ' },
              allergenType: '薬剤',
              severity: '重症',
              reactions: ['発疹', '呼吸困難'],
              onset: '2019-07-12',
              source: source('ADT-61', '2024-04-01T10:20:30', '999999999999999'),
            },
          ],
          diagnoses: [
            {
              diagnosis: { code: 'ZK4J', text: '2型糖尿病', system: 'MDCDX2' },
              icd10Code: 'E11.9',
              start: '2010-05',
              main: true,
              source: source('PPR-01', '2024-04-01T10:30:00', '999999999999999'),
            },
            {
              diagnosis: { code: 'P0YB', text: '肺炎', system: 'MDCDX2' },
              icd10Code: 'J18.9',
              start: '2024-03-20',
              end: '2024-04-05',
              outcome: '治癒',
              source: source('PPR-01', '2024-04-05T09:00:00', '999999999999999'),
            },
          ],
          prescriptions: [
            {
              drug: { code: '103832101', text: 'メトホルミン塩酸塩錠250mg', system: 'HOT9' },
              dose: '1 錠',
              dailyDose: '3 錠',
              usage: { code: '1013044400000000', text: '1日3回毎食後', system: 'JAMISDP01' },
              days: 28,
              start: '2026-11-01',
              end: '2026-11-28',
              route: '経口',
              prescriptionNumber: '1',
              source: source('OMP-01', '2026-11-01T10:00:00'),
            },
          ],
          labResults: [
            {
              test: { code: '3D046000002227101', text: 'HbA1c', system: 'JC10' },
              value: '7.9',
              numeric: 7.9,
              hasNumeric: true,
              unit: '%',
              referenceRange: '4.6-6.2',
              abnormalFlags: ['H'],
              status: 'F',
              observedAt: '2026-11-01T09:10',
              specimen: '全血',
              testGroup: '生化学',
              source: source('OML-11', '2026-11-01T12:00:00'),
            },
            {
              // Not a number: read as the hospital wrote it, no number invented for it.
              test: { code: '1A010000000191111', text: '尿蛋白', system: 'JC10' },
              value: '陰性',
              numeric: 0,
              hasNumeric: false,
              unit: '',
              referenceRange: '陰性',
              status: 'F',
              observedAt: '2026-11-01T09:10',
              source: source('OML-11', '2026-11-01T12:00:00'),
            },
            {
              // A numeric zero is a value.
              test: { code: '9A999', text: 'CRP', system: 'JC10' },
              value: '0',
              numeric: 0,
              hasNumeric: true,
              unit: 'mg/dL',
              referenceRange: '0.00-0.14',
              status: 'F',
              observedAt: '2026-11-01T09:10',
              source: source('OML-11', '2026-11-01T12:00:00'),
            },
          ],
        }
      : undefined,
  };
}

/** The message as the core receives it: serialized as the server does, read back as the client does. */
function overMessageWire(message: PatientOverview): PatientOverview__Output {
  const service = loadApi().packageDefinition['renkei.v1.PatientService'] as ServiceDefinition;
  const method = service['GetPatientOverview'] as MethodDefinition<unknown, PatientOverview__Output>;
  return method.responseDeserialize(method.responseSerialize(message as never));
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('hospital data on a clinic PC', () => {
  it('maps every fact of the message with its source', () => {
    const overview = overviewFromMessage(overMessageWire(overviewMessage(true)), 'u1', NOW);
    const data = overview.hospitalData!;
    expect(data.links).toEqual([
      { hospitalId: 'f-central', hospitalName: '宮崎中央病院', hospitalPatientId: 'H0012345', lastImportedAt: '2026-11-20T00:30:00.000Z' },
    ]);
    expect(data.allergies).toEqual([
      {
        allergen: { code: '1149019', text: 'セファクロル', system: '99XYZ' },
        allergenType: '薬剤',
        severity: '重症',
        reactions: ['発疹', '呼吸困難'],
        onset: '2019-07-12',
        source: {
          hospitalId: 'f-central',
          hospitalName: '宮崎中央病院',
          hospitalPatientId: 'H0012345',
          dataType: 'ADT-61',
          orderNumber: '999999999999999',
          messageControlId: 'MSG-ADT-61-2024-04-01T10:20:30',
          createdAt: '2024-04-01T10:20:30',
          importedAt: '2026-11-20T00:30:00.000Z',
        },
      },
    ]);
    expect(data.diagnoses.map((d) => [d.diagnosis.text, d.icd10Code, d.start, d.end, d.outcome, d.main, d.source.dataType])).toEqual([
      ['2型糖尿病', 'E11.9', '2010-05', '', '', true, 'PPR-01'],
      ['肺炎', 'J18.9', '2024-03-20', '2024-04-05', '治癒', false, 'PPR-01'],
    ]);
    expect(data.prescriptions).toEqual([
      expect.objectContaining({
        drug: { code: '103832101', text: 'メトホルミン塩酸塩錠250mg', system: 'HOT9' },
        dose: '1 錠',
        dailyDose: '3 錠',
        usage: { code: '1013044400000000', text: '1日3回毎食後', system: 'JAMISDP01' },
        days: 28,
        start: '2026-11-01',
        end: '2026-11-28',
        route: '経口',
        prescriptionNumber: '1',
      }),
    ]);
    expect(data.prescriptions[0]!.source).toMatchObject({ hospitalName: '宮崎中央病院', dataType: 'OMP-01', createdAt: '2026-11-01T10:00:00' });
    expect(data.labResults.map((r) => [r.test.text, r.value, r.numeric, r.unit, r.referenceRange, r.abnormalFlags, r.observedAt])).toEqual([
      ['HbA1c', '7.9', 7.9, '%', '4.6-6.2', ['H'], '2026-11-01T09:10'],
      ['尿蛋白', '陰性', null, '', '陰性', [], '2026-11-01T09:10'],
      ['CRP', '0', 0, 'mg/dL', '0.00-0.14', [], '2026-11-01T09:10'],
    ]);
    expect(data.labResults[0]).toMatchObject({ status: 'F', specimen: '全血', testGroup: '生化学', source: { dataType: 'OML-11' } });
    // The team's own entries are untouched by the hospital's.
    expect(overview.allergies.map((a) => a.substance)).toEqual(['ペニシリン系抗菌薬']);
    expect(overview.diagnoses.map((d) => d.name)).toEqual(['慢性心不全']);
    expect(overview.medications).toEqual([]);
  });

  it('has none when the patient is linked to no hospital', () => {
    expect(overviewFromMessage(overMessageWire(overviewMessage(false)), 'u1', NOW).hospitalData).toBeNull();
  });

  it('keeps hospital data sealed in the cache for offline reading; a row sealed before it reads with none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'renkei-hospital-cache-'));
    made.push(dir);
    const path = join(dir, 'user.sqlite');
    const key = randomBytes(32);
    const stored = overviewFromMessage(overMessageWire(overviewMessage(true)), 'u1', NOW);
    const cache = PatientCache.open(path, key);
    cache.applyPage([{ patientId: 'p1', overview: stored }], { nextCursor: 'c1', complete: true, reset: false, at: NOW });
    cache.close();
    // Nothing the hospital said is readable on disk.
    for (const file of readdirSync(dir)) {
      for (const secret of ['宮崎中央病院', 'セファクロル', 'メトホルミン', 'HbA1c', 'H0012345']) {
        expect(readFileSync(join(dir, file)).includes(Buffer.from(secret)), `${file} contains ${secret}`).toBe(false);
      }
    }

    // The server is gone: the PC reads the sealed row alone.
    const reopened = PatientCache.open(path, key);
    expect(reopened.overview('p1')?.hospitalData).toEqual(stored.hospitalData);
    expect(reopened.overview('p1')?.hospitalData?.labResults[0]?.source.hospitalName).toBe('宮崎中央病院');
    reopened.close();

    const { hospitalData: _h, ...before } = overviewFromMessage(overMessageWire(overviewMessage(true)), 'u1', NOW);
    const raw = new Database(path);
    raw
      .prepare('insert into patients (id, sealed) values (?, ?)')
      .run('p2', seal(key, 'p2', JSON.stringify({ ...before, patient: { ...before.patient, id: 'p2' } })));
    raw.close();
    const again = PatientCache.open(path, key);
    expect(again.overview('p2')?.hospitalData).toBeNull();
    expect(again.overview('p2')?.diagnoses[0]?.name).toBe('慢性心不全');
    again.close();
  });
});
