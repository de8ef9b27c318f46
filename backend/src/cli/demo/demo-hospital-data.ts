// The demo's hospital data (病院データ): the demo hospital (宮崎中央病院) hands over an SS-MIX2
// storage, the public guideline sample of patient 9999013 (ssmix2-sample/, Apache-2.0, see its
// ATTRIBUTION.md); one demo patient is linked to 9999013 and the storage imported as the regional
// office would (`renkei-admin hospital link` + `import ssmix2`), so the app shows what came from
// the hospital with its source.
import type { Store } from '../../db/database';
import { linkHospitalPatient } from '../../hospital-data/hospital-links';
import { importSsmix2, type ImportResult } from '../../hospital-data/ssmix2-import';

/** The sample storage, found beside this module (the demo runs from the sources). */
export const DEMO_SSMIX2_STORAGE = new URL('./ssmix2-sample/storage', import.meta.url).pathname;
export const DEMO_HOSPITAL_PATIENT_ID = '9999013';

export async function seedDemoHospitalData(tx: Store, hospitalId: string, patientId: string, actor: string, now: Date): Promise<ImportResult> {
  await linkHospitalPatient(tx, { hospital: hospitalId, hospitalPatientId: DEMO_HOSPITAL_PATIENT_ID, patientId }, actor, now);
  return importSsmix2(tx, { storageRoot: DEMO_SSMIX2_STORAGE, hospital: hospitalId, patientId: DEMO_HOSPITAL_PATIENT_ID }, actor, now);
}
