// The hospital data (病院データ) the scripted server sends in the overview, as the SS-MIX2 import
// would leave it: 山田 太郎 was in 宮崎中央病院 for worsening heart failure about ten weeks ago and
// is followed there as an outpatient (a prescription two weeks ago, still in its period; HbA1c,
// eGFR and the like over most of a year). 髙橋 花子 was discharged from the same hospital forty days
// ago; her discharge medication has ended, so the server sends it as the most recent one. Days are
// counted from today, so the periods hold whenever the tests run.
import type { HospitalDataView, HospitalLabResultView, HospitalPrescriptionView, HospitalSourceView } from '../../src/shared/hospital-data-views';
import { dayFromToday } from './scripted-chart';

export const SCRIPTED_HOSPITAL = { id: 'f-miyazaki-central', name: '宮崎中央病院' };

/** Yesterday 06:00 in Japan: the regional office's nightly import. */
function lastImport(): string {
  return new Date(`${dayFromToday(-1)}T06:00:00+09:00`).toISOString();
}

function source(hospitalPatientId: string, dataType: string, createdAt: string): HospitalSourceView {
  return {
    hospitalId: SCRIPTED_HOSPITAL.id,
    hospitalName: SCRIPTED_HOSPITAL.name,
    hospitalPatientId,
    dataType,
    orderNumber: dataType === 'ADT-61' || dataType === 'PPR-01' ? '999999999999999' : '000000004711',
    messageControlId: `${dataType}-${createdAt.replace(/\D/g, '')}`,
    createdAt,
    importedAt: lastImport(),
  };
}

function drug(
  hospitalPatientId: string,
  text: string,
  hot: string,
  dose: string,
  dailyDose: string,
  usage: string,
  days: number,
  startOffset: number,
  prescriptionNumber: string,
): HospitalPrescriptionView {
  return {
    drug: { code: hot, text, system: 'HOT9' },
    dose,
    dailyDose,
    usage: { code: '', text: usage, system: 'JAMISDP01' },
    days,
    start: dayFromToday(startOffset),
    end: dayFromToday(startOffset + days - 1),
    route: '経口',
    prescriptionNumber,
    source: source(hospitalPatientId, 'OMP-01', `${dayFromToday(startOffset)}T10:42:10`),
  };
}

/** One test's values, newest first, each [days ago, value, flags]. */
function lab(
  test: { code: string; text: string },
  unit: string,
  referenceRange: string,
  values: [number, string, string[]][],
  group = '生化学',
  specimen = '血清',
): HospitalLabResultView[] {
  return values.map(([offset, value, flags]) => ({
    test: { ...test, system: 'JC10' },
    value,
    numeric: /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : null,
    unit,
    referenceRange,
    abnormalFlags: flags,
    status: 'F',
    observedAt: `${dayFromToday(offset)}T09:15`,
    specimen,
    testGroup: group,
    source: source('00123456', 'OML-11', `${dayFromToday(offset)}T13:05:00`),
  }));
}

/** What a doctor of 山田 太郎's team reads: every part. */
export function yamadaHospitalData(): HospitalDataView {
  const pid = '00123456';
  return {
    links: [{ hospitalId: SCRIPTED_HOSPITAL.id, hospitalName: SCRIPTED_HOSPITAL.name, hospitalPatientId: pid, lastImportedAt: lastImport() }],
    allergies: [
      {
        allergen: { code: '6132005', text: 'セファクロル', system: '99HOSP' },
        allergenType: '薬剤',
        severity: '中等症',
        reactions: ['全身性の発疹'],
        onset: '2019-07',
        source: source(pid, 'ADT-61', `${dayFromToday(-72)}T15:20:00`),
      },
    ],
    diagnoses: [
      {
        diagnosis: { code: '', text: '2型糖尿病', system: 'MDCDX2' },
        icd10Code: 'E11.9',
        start: '2008',
        end: '',
        outcome: '',
        main: false,
        source: source(pid, 'PPR-01', `${dayFromToday(-72)}T15:22:00`),
      },
      {
        diagnosis: { code: '', text: '誤嚥性肺炎', system: 'MDCDX2' },
        icd10Code: 'J69.0',
        start: dayFromToday(-72),
        end: dayFromToday(-58),
        outcome: '治癒',
        main: false,
        source: source(pid, 'PPR-01', `${dayFromToday(-58)}T11:00:00`),
      },
      {
        diagnosis: { code: '', text: '慢性心不全の急性増悪', system: 'MDCDX2' },
        icd10Code: 'I50.0',
        start: dayFromToday(-72),
        end: '',
        outcome: '',
        main: true,
        source: source(pid, 'PPR-01', `${dayFromToday(-72)}T15:22:00`),
      },
    ],
    prescriptions: [
      drug(pid, 'フロセミド錠20mg', '100795402', '1錠', '1錠', '1日1回 朝食後', 28, -14, '1'),
      drug(pid, 'スピロノラクトン錠25mg', '105402402', '1錠', '1錠', '1日1回 朝食後', 28, -14, '1'),
      drug(pid, 'カルベジロール錠2.5mg', '111244002', '1錠', '2錠', '1日2回 朝夕食後', 28, -14, '2'),
      drug(pid, 'メトホルミン塩酸塩錠250mg', '103832101', '1錠', '3錠', '1日3回 毎食後', 28, -14, '3'),
    ],
    labResults: [
      ...lab(
        { code: '3D046000001906202', text: 'HbA1c（NGSP）' },
        '%',
        '4.6-6.2',
        [
          [-14, '7.4', ['H']],
          [-72, '7.9', ['H']],
          [-130, '8.3', ['H']],
          [-200, '8.1', ['H']],
          [-270, '8.6', ['H']],
        ],
        '生化学',
        '全血',
      ),
      ...lab({ code: '8A065000002391901', text: 'eGFR' }, 'mL/min/1.73m²', '60以上', [
        [-14, '41.2', ['L']],
        [-72, '36.5', ['L']],
        [-130, '45.0', ['L']],
        [-200, '47.8', ['L']],
      ]),
      ...lab({ code: '3C015000002327101', text: 'クレアチニン' }, 'mg/dL', '0.65-1.07', [
        [-14, '1.28', ['H']],
        [-72, '1.45', ['H']],
        [-130, '1.18', ['H']],
      ]),
      ...lab(
        { code: '4Q020000002226101', text: 'BNP' },
        'pg/mL',
        '18.4以下',
        [
          [-14, '186.3', ['H']],
          [-72, '612.0', ['H']],
        ],
        '内分泌',
        '血漿',
      ),
      ...lab({ code: '3H015000002327101', text: 'カリウム' }, 'mmol/L', '3.6-4.8', [[-14, '4.5', []]]),
      ...lab({ code: '1A010000000190111', text: '尿蛋白（定性）' }, '', '(-)', [[-14, '(1+)', ['A']]], '一般', '尿'),
    ],
  };
}

/**
 * What a care worker of the same team reads: the chart policy lets every member read the
 * hospital's allergies and diagnoses, but not its prescriptions (MEDICATIONS) or lab results.
 */
export function careWorkerView(data: HospitalDataView): HospitalDataView {
  return { ...data, prescriptions: [], labResults: [] };
}

/** 髙橋 花子: discharged forty days ago; her discharge medication (the most recent) has ended. */
export function takahashiHospitalData(): HospitalDataView {
  const pid = '00098765';
  return {
    links: [{ hospitalId: SCRIPTED_HOSPITAL.id, hospitalName: SCRIPTED_HOSPITAL.name, hospitalPatientId: pid, lastImportedAt: lastImport() }],
    allergies: [],
    diagnoses: [
      {
        diagnosis: { code: '', text: '大腿骨頸部骨折（右）', system: 'MDCDX2' },
        icd10Code: 'S72.0',
        start: dayFromToday(-75),
        end: '',
        outcome: '',
        main: true,
        source: source(pid, 'PPR-01', `${dayFromToday(-75)}T20:10:00`),
      },
    ],
    prescriptions: [
      drug(pid, 'アセトアミノフェン錠200mg', '107708101', '2錠', '6錠', '1日3回 毎食後', 14, -40, '1'),
      drug(pid, 'レバミピド錠100mg', '112010201', '1錠', '3錠', '1日3回 毎食後', 14, -40, '1'),
    ],
    labResults: [],
  };
}

/** The hospital data of each scripted patient linked to a hospital; the others have none. */
export function scriptedHospitalData(): Map<string, HospitalDataView> {
  return new Map([
    ['p-yamada', yamadaHospitalData()],
    ['p-takahashi', takahashiHospitalData()],
  ]);
}
