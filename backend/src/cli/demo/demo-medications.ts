// The demo's medications and vital signs: the current drug list (entered by the attending doctor,
// one entry prepared 一包化 by the pharmacist, one drug stopped and kept in the history) and three
// weeks of vital signs taken at the nurse's visits, so 概要 shows the list and the trend charts.
// Written through the domain functions in each author's scope on the patient, as through the API.
import { openUserScope } from '../../access/call-scope';
import type { Store } from '../../db/database';
import type { DeviceRow, UserRow } from '../../db/schema';
import { addMedication, changeMedication } from '../../medications/medications';
import { recordVitalSigns } from '../../vital-signs/vital-signs';

const DAY = 86_400_000;

type Author = { user: UserRow; device: DeviceRow };

const DRUGS = [
  { drugName: 'オキシコドン徐放錠5mg', dose: '1回1錠', usage: '1日2回 8時・20時', handling: [] },
  { drugName: 'マグネシウム酸化物錠330mg', dose: '1回1錠', usage: '1日3回 毎食後', handling: ['MEDICATION_HANDLING_ONE_DOSE_PACKAGE' as const] },
  { drugName: 'ランソプラゾールOD錠15mg', dose: '1回1錠', usage: '1日1回 朝食後', handling: ['MEDICATION_HANDLING_SIMPLE_SUSPENSION' as const] },
  { drugName: 'プロクロルペラジン錠5mg', dose: '1回1錠', usage: '嘔気時 頓用', handling: [] },
];

/** Medications and vital signs of one demo patient; `seed` varies the values between patients. */
export async function seedDemoMedicationsAndVitals(
  store: Store,
  patientId: string,
  authors: { doctor: Author; nurse: Author; pharmacist?: Author },
  seed: number,
  now: Date,
): Promise<void> {
  const asDoctor = await openUserScope(store, authors.doctor, now).openPatient(patientId, 'medication.add');
  const prescriber = `${authors.doctor.user.family_name}`;
  const started = (days: number) => new Date(now.getTime() - days * DAY).toISOString().slice(0, 10);
  for (const [i, drug] of DRUGS.entries()) {
    const added = await addMedication(asDoctor, { details: { ...drug, handling: [], prescriber: `主治医 ${prescriber}`, startedOn: started(40 - i * 5) } });
    if (drug.handling.length > 0 && authors.pharmacist) {
      const asPharmacist = await openUserScope(store, authors.pharmacist, now).openPatient(patientId, 'medication.change');
      await changeMedication(asPharmacist, {
        medicationId: added.medicationId!,
        baseVersion: 1,
        details: { ...drug, prescriber: `主治医 ${prescriber}`, startedOn: started(40 - i * 5), note: '服薬カレンダーにセット' },
        reason: '嚥下機能低下のため調剤方法を変更（主治医了承済み）',
      });
    }
  }
  // A drug stopped last week: off the list, kept in the history.
  const stopped = await addMedication(asDoctor, {
    details: { drugName: 'ロキソプロフェン錠60mg', dose: '1回1錠', usage: '疼痛時 頓用', prescriber: `主治医 ${prescriber}`, startedOn: started(40) },
  });
  await changeMedication(asDoctor, {
    medicationId: stopped.medicationId!,
    baseVersion: 1,
    details: {
      drugName: 'ロキソプロフェン錠60mg',
      dose: '1回1錠',
      usage: '疼痛時 頓用',
      prescriber: `主治医 ${prescriber}`,
      startedOn: started(40),
      stoppedOn: started(7),
    },
    reason: 'オピオイド導入のため中止',
  });

  // Every third day for three weeks, at the nurse's afternoon visit.
  const asNurse = await openUserScope(store, authors.nurse, now).openPatient(patientId, 'vitals.record');
  for (let visit = 7; visit >= 0; visit--) {
    const at = new Date(now.getTime() - (visit * 3 + 1) * DAY);
    at.setUTCHours(14 - 9, (seed * 11 + visit * 7) % 60, 0, 0);
    const wave = Math.sin(visit + seed);
    await recordVitalSigns(asNurse, {
      observedAt: at.toISOString(),
      values: {
        systolicMmhg: Math.round(124 + 8 * wave + (seed % 5)),
        diastolicMmhg: Math.round(72 + 5 * wave),
        pulsePerMin: Math.round(76 + 6 * Math.cos(visit)),
        temperatureCelsius: Math.round((36.4 + 0.3 * Math.cos(visit * 2 + seed)) * 10) / 10,
        spo2Percent: Math.round(96 + wave),
        respirationPerMin: 16 + (visit % 3),
        weightKg: Math.round((52 - visit * 0.2 + (seed % 3)) * 10) / 10,
      },
    });
  }
}
