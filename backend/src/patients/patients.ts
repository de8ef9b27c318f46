// Patients (利用者・患者) and what the shared profile records about them.
import { randomUUID } from 'node:crypto';
import { ALLERGY_SEVERITIES, CARE_LEVELS, searchKeysOf } from '@renkei/proto';
import { z } from 'zod';
import { transaction, type Store } from '../db/database';
import type { PatientRow } from '../db/schema';
import { isUniqueViolation } from '../db/database';
import { recordPatientsChanged } from '../sync/change-feed';
import { fieldViolation, invalidRequest, isoDate, kanaReading, parseInput, pastIsoDate, personName, phone, postalCode, uuid } from '../validation';

const allergyInput = z.object({
  substance: z.string().trim().min(1).max(100),
  reaction: z.string().trim().max(200).default(''),
  severity: z.enum(ALLERGY_SEVERITIES).or(z.literal('ALLERGY_SEVERITY_UNSPECIFIED')).default('ALLERGY_SEVERITY_UNSPECIFIED'),
  notedOn: isoDate.nullable().default(null),
});

const diagnosisInput = z.object({
  name: z.string().trim().min(1).max(100),
  icd10Code: z
    .string()
    .trim()
    .regex(/^([A-Z]\d{2}(\.\d{1,2})?)?$/, 'NOT_AN_ICD10_CODE')
    .default(''),
  onsetDate: isoDate.nullable().default(null),
  primary: z.boolean().default(false),
  note: z.string().trim().max(500).default(''),
});

export const patientInput = z.object({
  familyName: personName,
  givenName: personName,
  familyNameKana: kanaReading,
  givenNameKana: kanaReading,
  birthDate: pastIsoDate,
  sex: z.enum(['SEX_MALE', 'SEX_FEMALE', 'SEX_UNSPECIFIED']),
  postalCode: postalCode.default(''),
  address: z.string().trim().max(200).default(''),
  phone: phone.default(''),
  careLevel: z.enum(CARE_LEVELS).or(z.literal('CARE_LEVEL_UNSPECIFIED')).default('CARE_LEVEL_UNSPECIFIED'),
  keyPerson: z.string().trim().max(200).default(''),
  registeredByFacilityId: uuid,
  allergies: z.array(allergyInput).default([]),
  diagnoses: z.array(diagnosisInput).default([]),
});

export type PatientInput = z.input<typeof patientInput>;

export async function registerPatient(store: Store, input: PatientInput, now: Date): Promise<PatientRow> {
  const valid = parseInput(patientInput, input);
  const keys = searchKeysOf({
    family: valid.familyName,
    given: valid.givenName,
    familyKana: valid.familyNameKana,
    givenKana: valid.givenNameKana,
  });
  const at = now.toISOString();
  const row: Omit<PatientRow, 'regional_number'> = {
    id: randomUUID(),
    family_name: valid.familyName,
    given_name: valid.givenName,
    family_name_kana: valid.familyNameKana,
    given_name_kana: valid.givenNameKana,
    search_written: keys.written,
    search_reading: keys.reading,
    birth_date: valid.birthDate,
    sex: valid.sex,
    postal_code: valid.postalCode,
    address: valid.address,
    phone: valid.phone,
    care_level: valid.careLevel,
    key_person: valid.keyPerson,
    registered_by_facility_id: valid.registeredByFacilityId,
    created_at: at,
    updated_at: at,
    archived_at: null,
    archived_by: null,
    archive_reason: null,
  };
  // The next regional number, taken inside the registration: two registrations at once on
  // PostgreSQL may both read the same highest number, and the unique index lets only one keep it;
  // the other registers again with the next.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction(store, async (tx) => {
        const numbered: PatientRow = { ...row, regional_number: await nextRegionalNumber(tx) };
        await tx.db.insertInto('patients').values(numbered).execute();
        for (const allergy of valid.allergies) await insertAllergy(tx, row.id, allergy, at);
        for (const diagnosis of valid.diagnoses) await insertDiagnosis(tx, row.id, diagnosis, at);
        await recordPatientsChanged(tx, [row.id], now);
        return numbered;
      });
    } catch (error) {
      if (attempt >= REGISTRATION_ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
}

const REGISTRATION_ATTEMPTS = 5;

/** One more than the highest regional number given: numbers are never reused, so none is ever read as another patient's. */
async function nextRegionalNumber(tx: Store): Promise<number> {
  const row = await tx.db
    .selectFrom('patients')
    .select((eb) => eb.fn.max('regional_number').as('highest'))
    .executeTakeFirst();
  return Number(row?.highest ?? 0) + 1;
}

async function insertAllergy(tx: Store, patientId: string, allergy: z.output<typeof allergyInput>, at: string) {
  await tx.db
    .insertInto('allergies')
    .values({
      id: randomUUID(),
      patient_id: patientId,
      substance: allergy.substance,
      reaction: allergy.reaction,
      severity: allergy.severity,
      noted_on: allergy.notedOn,
      created_at: at,
    })
    .execute();
}

async function insertDiagnosis(tx: Store, patientId: string, diagnosis: z.output<typeof diagnosisInput>, at: string) {
  await tx.db
    .insertInto('diagnoses')
    .values({
      id: randomUUID(),
      patient_id: patientId,
      name: diagnosis.name,
      icd10_code: diagnosis.icd10Code,
      onset_date: diagnosis.onsetDate,
      is_primary: diagnosis.primary ? 1 : 0,
      note: diagnosis.note,
      created_at: at,
    })
    .execute();
}

export async function requirePatient(store: Store, patientId: string): Promise<PatientRow> {
  const row = await store.db.selectFrom('patients').selectAll().where('id', '=', parseInput(uuid, patientId)).executeTakeFirst();
  if (!row) {
    throw invalidRequest([fieldViolation('patient', 'UNKNOWN_PATIENT', { patientId })]);
  }
  return row;
}

export const patientUpdate = patientInput.pick({ address: true, phone: true, postalCode: true, careLevel: true, keyPerson: true }).partial();

/** Changes profile fields that change in the course of care (address, 要介護度, key person...). */
export async function updatePatient(store: Store, patientId: string, input: z.input<typeof patientUpdate>, now: Date): Promise<void> {
  const valid = parseInput(patientUpdate, input);
  await transaction(store, async (tx) => {
    await requirePatient(tx, patientId);
    await tx.db
      .updateTable('patients')
      .set({
        ...(valid.address !== undefined && { address: valid.address }),
        ...(valid.phone !== undefined && { phone: valid.phone }),
        ...(valid.postalCode !== undefined && { postal_code: valid.postalCode }),
        ...(valid.careLevel !== undefined && { care_level: valid.careLevel }),
        ...(valid.keyPerson !== undefined && { key_person: valid.keyPerson }),
      })
      .where('id', '=', patientId)
      .execute();
    await touchPatient(tx, patientId, now);
  });
}

async function touchPatient(tx: Store, patientId: string, now: Date): Promise<void> {
  await tx.db.updateTable('patients').set({ updated_at: now.toISOString() }).where('id', '=', patientId).execute();
  await recordPatientsChanged(tx, [patientId], now);
}

export function listAllPatients(store: Store): Promise<PatientRow[]> {
  return store.db.selectFrom('patients').selectAll().orderBy('family_name_kana').orderBy('given_name_kana').execute();
}
