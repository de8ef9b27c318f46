// Which Renkei patient a hospital's patient is (病院の患者IDの紐づけ): the regional office links a
// hospital patient ID (PID-3 of its SS-MIX2 messages) to a Renkei patient by hand
// (`renkei-admin hospital link`). A patient is never matched by name or birth date: two people
// share both often enough, and one wrong match would show one patient's prescriptions on another.
// A hospital patient ID is one Renkei patient per hospital; a Renkei patient may be linked at
// several hospitals. Unlinking removes what was imported through the link (a copy of the
// hospital's record: a new link and import bring it back).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { transaction, isUniqueViolation, type Store } from '../db/database';
import type { FacilityRow } from '../db/schema';
import { findFacility } from '../facilities/facilities';
import { requirePatient } from '../patients/patients';
import { recordPatientsChanged } from '../sync/change-feed';
import { fieldViolation, invalidRequest } from '../validation';

export interface HospitalLink {
  id: string;
  facilityId: string;
  facilityName: string;
  hospitalPatientId: string;
  patientId: string;
  linkedAt: string;
  linkedBy: string;
}

/** The hospital by id or exact name: it must be an office of kind HOSPITAL. */
export async function requireHospital(store: Store, idOrName: string): Promise<FacilityRow> {
  const facility = await findFacility(store, idOrName);
  if (facility.kind !== 'FACILITY_KIND_HOSPITAL') throw invalidRequest([fieldViolation('facility', 'NOT_A_HOSPITAL', { name: facility.name })]);
  return facility;
}

// A hospital patient ID names the storage folders <id 1-3>/<id 4-6>/<id> and the file names'
// first "_"-separated part: no separators, no whitespace or control characters.
const hospitalPatientIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s_/\\\p{Cc}]+$/u)
  .refine((value) => value !== '.' && value !== '..');

/** A hospital patient ID as the administrator gave it, or INVALID_REQUEST saying why not. */
export function checkHospitalPatientId(value: string): string {
  if (!hospitalPatientIdSchema.safeParse(value).success) throw invalidRequest([fieldViolation('hospitalPatientId', 'NOT_A_HOSPITAL_PATIENT_ID', { value })]);
  return value;
}

/** Links `hospitalPatientId` of the hospital to the Renkei patient; the overview then shows the link. */
export async function linkHospitalPatient(
  store: Store,
  input: { hospital: string; hospitalPatientId: string; patientId: string },
  actorLabel: string,
  now: Date,
): Promise<HospitalLink> {
  const hospitalPatientId = checkHospitalPatientId(input.hospitalPatientId);
  const hospital = await requireHospital(store, input.hospital);
  try {
    return await transaction(store, async (tx) => {
      const patient = await requirePatient(tx, input.patientId);
      const existing = await tx.db
        .selectFrom('hospital_patient_links')
        .select('patient_id')
        .where('facility_id', '=', hospital.id)
        .where('hospital_patient_id', '=', hospitalPatientId)
        .executeTakeFirst();
      if (existing) throw alreadyLinked(hospital, hospitalPatientId, existing.patient_id);
      const row = {
        id: randomUUID(),
        facility_id: hospital.id,
        hospital_patient_id: hospitalPatientId,
        patient_id: patient.id,
        linked_at: now.toISOString(),
        linked_by: actorLabel,
      };
      await tx.db.insertInto('hospital_patient_links').values(row).execute();
      await recordPatientsChanged(tx, [patient.id], now);
      await recordAudit(
        tx,
        { action: 'hospital.link', outcome: 'ok', actorLabel, patientId: patient.id, detail: { facilityId: hospital.id, hospitalPatientId } },
        now,
      );
      return linkOf(row, hospital.name);
    });
  } catch (error) {
    // Linked by another command between the check and the insert.
    if (!isUniqueViolation(error)) throw error;
    const winner = await store.db
      .selectFrom('hospital_patient_links')
      .select('patient_id')
      .where('facility_id', '=', hospital.id)
      .where('hospital_patient_id', '=', hospitalPatientId)
      .executeTakeFirstOrThrow();
    throw alreadyLinked(hospital, hospitalPatientId, winner.patient_id);
  }
}

function alreadyLinked(hospital: FacilityRow, hospitalPatientId: string, patientId: string) {
  return invalidRequest([fieldViolation('hospitalPatientId', 'HOSPITAL_PATIENT_ALREADY_LINKED', { hospital: hospital.name, hospitalPatientId, patientId })]);
}

export interface UnlinkResult {
  link: HospitalLink;
  /** Imported facts removed with the link. */
  removedFacts: number;
}

/** Removes the link and what was imported through it. */
export async function unlinkHospitalPatient(
  store: Store,
  input: { hospital: string; hospitalPatientId: string },
  actorLabel: string,
  now: Date,
): Promise<UnlinkResult> {
  const hospitalPatientId = checkHospitalPatientId(input.hospitalPatientId);
  const hospital = await requireHospital(store, input.hospital);
  return transaction(store, async (tx) => {
    const row = await tx.db
      .selectFrom('hospital_patient_links')
      .selectAll()
      .where('facility_id', '=', hospital.id)
      .where('hospital_patient_id', '=', hospitalPatientId)
      .executeTakeFirst();
    if (!row) throw invalidRequest([fieldViolation('hospitalPatientId', 'HOSPITAL_LINK_NOT_FOUND', { hospital: hospital.name, hospitalPatientId })]);
    const messages = await tx.db
      .selectFrom('hospital_messages')
      .select('id')
      .where('facility_id', '=', hospital.id)
      .where('hospital_patient_id', '=', hospitalPatientId)
      .execute();
    const removedFacts = await deleteMessages(
      tx,
      messages.map((m) => m.id),
    );
    await tx.db.deleteFrom('hospital_patient_links').where('id', '=', row.id).execute();
    await recordPatientsChanged(tx, [row.patient_id], now);
    await recordAudit(
      tx,
      {
        action: 'hospital.unlink',
        outcome: 'ok',
        actorLabel,
        patientId: row.patient_id,
        detail: {
          facilityId: hospital.id,
          hospitalPatientId,
          linkedAt: row.linked_at,
          linkedBy: row.linked_by,
          removedMessages: messages.length,
          removedFacts,
        },
      },
      now,
    );
    return { link: linkOf(row, hospital.name), removedFacts };
  });
}

/** Every link, or one hospital's; newest first. */
export async function listHospitalLinks(store: Store, hospital?: string): Promise<HospitalLink[]> {
  const facility = hospital === undefined ? undefined : await requireHospital(store, hospital);
  let query = store.db
    .selectFrom('hospital_patient_links as l')
    .innerJoin('facilities as f', 'f.id', 'l.facility_id')
    .selectAll('l')
    .select('f.name as facility_name')
    .orderBy('f.name_kana')
    .orderBy('l.hospital_patient_id');
  if (facility) query = query.where('l.facility_id', '=', facility.id);
  return (await query.execute()).map((row) => linkOf(row, row.facility_name));
}

/** The links of a hospital, keyed by hospital patient ID. */
export async function linksOfHospital(store: Store, facilityId: string): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('hospital_patient_links')
    .select(['hospital_patient_id', 'patient_id'])
    .where('facility_id', '=', facilityId)
    .execute();
  return new Map(rows.map((row) => [row.hospital_patient_id, row.patient_id]));
}

/** Deletes imported messages and their facts; returns how many facts went. */
export async function deleteMessages(tx: Store, messageIds: readonly string[]): Promise<number> {
  if (messageIds.length === 0) return 0;
  let facts = 0;
  for (const table of ['hospital_allergies', 'hospital_diagnoses', 'hospital_prescriptions', 'hospital_lab_results'] as const) {
    const result = await tx.db.deleteFrom(table).where('message_id', 'in', messageIds).executeTakeFirst();
    facts += Number(result.numDeletedRows);
  }
  await tx.db.deleteFrom('hospital_messages').where('id', 'in', messageIds).execute();
  return facts;
}

function linkOf(
  row: { id: string; facility_id: string; hospital_patient_id: string; patient_id: string; linked_at: string; linked_by: string },
  facilityName: string,
): HospitalLink {
  return {
    id: row.id,
    facilityId: row.facility_id,
    facilityName,
    hospitalPatientId: row.hospital_patient_id,
    patientId: row.patient_id,
    linkedAt: row.linked_at,
    linkedBy: row.linked_by,
  };
}
