// The demo region's insurance and certification (保険・認定) and 訪問看護指示書, so the overview's
// cards and the patient list's marks show every state: an instruction in force, one ending within
// 14 days, one that has ended; a 要介護認定 ending within 60 days and others running. Written by the
// attending doctor in their scope on the patient, from the clinic's PC, as through the API (the
// chart policy and the card-number checks apply). Not from the region's rand(): the rest of the
// demo stays as it was.
import { checkDigitOf } from '@renkei/proto/chart-rules';
import { dayText, japanDayOf } from '@renkei/proto/calendar';
import type { CareLevelName } from '@renkei/proto';
import { openUserScope } from '../../access/call-scope';
import { recordCoverage } from '../../coverage/coverage-records';
import type { Store } from '../../db/database';
import type { DeviceRow, UserRow } from '../../db/schema';
import { createForm, finaliseForm } from '../../templates/form-store';

interface DemoStanding {
  /** The instruction's period in days from today, or none. */
  instruction?: [from: number, to: number];
  /** The certification's period in days from today. */
  certification: [from: number, to: number];
  careLevel: CareLevelName;
  /** 後期高齢者医療 (8 digits) or 国民健康保険 (6 digits). */
  insurer: 'late-elderly' | 'national';
  copayTenths: number;
  publicExpense?: boolean;
}

/** By patient index: in force with a certification ending in 45 days, ending in 9, ended 5 days ago… */
const STANDINGS: readonly DemoStanding[] = [
  { instruction: [-50, 120], certification: [-320, 45], careLevel: 'CARE_LEVEL_CARE_3', insurer: 'late-elderly', copayTenths: 1 },
  { instruction: [-150, 9], certification: [-200, 530], careLevel: 'CARE_LEVEL_CARE_2', insurer: 'late-elderly', copayTenths: 2 },
  { instruction: [-160, -5], certification: [-100, 630], careLevel: 'CARE_LEVEL_CARE_4', insurer: 'national', copayTenths: 3, publicExpense: true },
  { instruction: [-20, 150], certification: [-400, 330], careLevel: 'CARE_LEVEL_CARE_1', insurer: 'late-elderly', copayTenths: 1 },
  { instruction: [-175, 3], certification: [-700, 20], careLevel: 'CARE_LEVEL_CARE_5', insurer: 'late-elderly', copayTenths: 1 },
  { certification: [-30, 335], careLevel: 'CARE_LEVEL_SUPPORT_2', insurer: 'late-elderly', copayTenths: 1 },
];

/** The model patient's: an instruction in force for months, a certification to renew in 50 days. */
export const MODEL_PATIENT_STANDING: DemoStanding = {
  instruction: [-30, 150],
  certification: [-315, 50],
  careLevel: 'CARE_LEVEL_CARE_3',
  insurer: 'late-elderly',
  copayTenths: 1,
  publicExpense: true,
};

export function demoStanding(index: number): DemoStanding | undefined {
  return STANDINGS[index];
}

const withCheckDigit = (digits: string) => `${digits}${checkDigitOf(digits)}`;

/** Records the patient's insurance and certification and, if any, a finalised instruction form. */
export async function seedDemoStanding(
  store: Store,
  patient: { id: string; primaryDiagnosis: string },
  doctor: { user: UserRow; device: DeviceRow },
  standing: DemoStanding,
  seed: number,
  now: Date,
): Promise<void> {
  const day = (days: number) => dayText(japanDayOf(now).add({ days }));
  const scope = await openUserScope(store, doctor, now).openPatient(patient.id, 'coverage.record');
  await recordCoverage(scope, {
    medical: {
      // 宮崎県後期高齢者医療広域連合 (法別39, 宮崎45) or 宮崎市国民健康保険.
      insurerNumber: standing.insurer === 'late-elderly' ? withCheckDigit('3945001') : withCheckDigit('45001'),
      symbol: standing.insurer === 'national' ? '宮崎' : '',
      number: String(10_000_000 + seed * 7_919).slice(0, 8),
      branch: standing.insurer === 'national' ? '01' : '',
      copayTenths: standing.copayTenths,
      publicExpenses: standing.publicExpense
        ? [{ payerNumber: withCheckDigit('5445000'), recipientNumber: withCheckDigit(String(300_000 + seed)), name: '指定難病' }]
        : [],
    },
    longTermCare: { insurerNumber: '452017', insuredNumber: String(4_500_000_000 + seed * 1_013).padStart(10, '0'), copayTenths: standing.copayTenths },
    certification: { careLevel: standing.careLevel, validFrom: day(standing.certification[0]), validUntil: day(standing.certification[1]) },
    disabilityIndependence: (['DISABILITY_INDEPENDENCE_A2', 'DISABILITY_INDEPENDENCE_B1', 'DISABILITY_INDEPENDENCE_B2', 'DISABILITY_INDEPENDENCE_C1'] as const)[
      seed % 4
    ],
    dementiaIndependence: (['DEMENTIA_INDEPENDENCE_I', 'DEMENTIA_INDEPENDENCE_IIA', 'DEMENTIA_INDEPENDENCE_IIB', 'DEMENTIA_INDEPENDENCE_IIIA'] as const)[
      seed % 4
    ],
    changeReason: '',
  });
  if (!standing.instruction) return;
  const [from, to] = standing.instruction;
  const values = {
    instructionKind: 'NORMAL',
    instructionPeriod: { from: day(from), to: day(to) },
    issuedOn: day(from),
    mainDiagnosis: patient.primaryDiagnosis,
    conditionSummary: '状態は安定。内服治療を継続中。',
    careNotes: '週2回訪問し、バイタルサイン・服薬状況・皮膚の状態を確認する。',
    emergencyContact: '主治医携帯 090-0000-0000（夜間・休日は代診医へ）',
    facilityName: 'みやざき在宅クリニック',
    doctorName: `${doctor.user.family_name} ${doctor.user.given_name}`,
    addresseeStation: '訪問看護ステーション',
  };
  const form = await createForm(scope, { kind: 'VISITING_NURSING_INSTRUCTION', title: '訪問看護指示書', valuesJson: JSON.stringify(values) });
  await finaliseForm(scope, { formId: form.formId!, version: form.version! });
}
