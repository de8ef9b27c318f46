// The demo's emergency information (緊急時情報) and the offices' 24-hour on-call numbers: the model
// patient's (DNAR, home death wished, his wife and son to call) recorded by the attending doctor and
// corrected once by the visiting nurse, so the history has two versions; a few other patients with
// an infection flag or a DNAR, so the list of flags shows on more than one chart.
import { openUserScope } from '../../access/call-scope';
import type { Store } from '../../db/database';
import type { DeviceRow, UserRow } from '../../db/schema';
import { recordEmergencyInfo } from '../../emergency/emergency-info';

/** 24時間連絡先 of the offices that keep one (the clinics and the station on call; the pharmacy's night line). */
export const DEMO_ON_CALL_PHONES: Readonly<Record<string, string>> = {
  clinic: '090-8761-2401',
  nursing: '090-8761-3302',
  oyodo: '090-8761-3410',
  pharmacy: '080-4410-2209',
};

export interface DemoWriter {
  user: UserRow;
  device: DeviceRow;
}

async function write(store: Store, writer: DemoWriter, patientId: string, at: Date, input: Parameters<typeof recordEmergencyInfo>[1]) {
  const scope = await openUserScope(store, writer, at).openPatient(patientId, 'demo');
  return recordEmergencyInfo(scope, input);
}

/** The model patient's record: written by the attending doctor a week ago, a key person's number corrected by the nurse. */
export async function seedModelPatientEmergencyInfo(store: Store, doctor: DemoWriter, nurse: DemoWriter, patientId: string, now: Date): Promise<void> {
  const first = {
    baseVersion: 0,
    resuscitation: 'RESUSCITATION_DNAR' as const,
    resuscitationNote: '退院前カンファレンスで本人・妻と確認。',
    acp: '本人は「痛みなく家で過ごしたい」。妻・長男も同意。延命のための点滴・経管栄養は希望しない。',
    emergencyPlan: '急変時は救急要請せず、まず訪問看護（24時間連絡先）へ。看護師が主治医に連絡し往診。',
    endOfLifeWish: '自宅での看取りを希望（本人・妻）。',
    infections: [],
    keyPersons: [
      { name: '宮崎 幸子', relation: '妻', phone: '090-3261-4408', note: '同居。日中も在宅。' },
      { name: '宮崎 大輔', relation: '長男', phone: '090-5512-7730', note: '福岡在住。平日夜に連絡可。' },
    ],
  };
  await write(store, doctor, patientId, new Date(now.getTime() - 7 * 86_400_000), first);
  await write(store, nurse, patientId, new Date(now.getTime() - 2 * 86_400_000), {
    ...first,
    baseVersion: 1,
    keyPersons: [first.keyPersons[0]!, { ...first.keyPersons[1]!, phone: '090-5512-7731', note: '福岡在住。番号変更（本人より）。' }],
  });
}

/** A DNAR and an infection flag on a few of the region's patients (every fifth and seventh). */
export async function seedRegionEmergencyInfo(
  store: Store,
  doctor: (patientIndex: number) => DemoWriter,
  patientIds: readonly string[],
  now: Date,
): Promise<void> {
  for (const [index, patientId] of patientIds.entries()) {
    const dnar = index % 5 === 1;
    const infection = index % 7 === 2;
    if (!dnar && !infection) continue;
    await write(store, doctor(index), patientId, new Date(now.getTime() - (10 + index) * 86_400_000), {
      baseVersion: 0,
      resuscitation: dnar ? 'RESUSCITATION_DNAR' : 'RESUSCITATION_UNSPECIFIED',
      resuscitationNote: dnar ? '本人・家族と確認済み。' : '',
      infections: infection ? [{ kind: index % 2 ? 'INFECTION_KIND_MRSA' : 'INFECTION_KIND_SCABIES', note: '' }] : [],
      emergencyPlan: dnar ? '急変時は主治医へ連絡。救急要請はしない。' : '',
    });
  }
}
