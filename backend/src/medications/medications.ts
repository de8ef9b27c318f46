// Medications (服薬): a patient's current drug list on the shared chart, entered by doctors and
// pharmacists (record kind MEDICATIONS). Versioned like progress notes: a change of dose or usage,
// a stop, a corrected note is a new version row of the entry with the reason; the replaced row only
// loses is_current. A stopped drug keeps its entry (stopped_on set), so the list can show what was
// stopped and when, and the history shows every version with who changed it from where.
//
// Unlike a note, an entry may be changed by anyone allowed to write MEDICATIONS, not only its
// author: the pharmacist adjusts what the doctor prescribed (一包化 added, a drug stopped on the
// doctor's phone instruction), and each version names who did it.
import { randomUUID } from 'node:crypto';
import { MEDICATION_HANDLINGS, RenkeiError, type MedicationHandlingName } from '@renkei/proto';
import { japanToday } from '@renkei/proto/calendar';
import type { ListMedicationsResponse } from '@renkei/proto/generated/renkei/v1/ListMedicationsResponse';
import type { Medication } from '@renkei/proto/generated/renkei/v1/Medication';
import type { MedicationHistory } from '@renkei/proto/generated/renkei/v1/MedicationHistory';
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { authorOf, loadAuthors, type AuthorRef } from '../chart/record-author';
import { appendVersion } from '../chart/versioned-record';
import { isUniqueViolation, transaction, type Store } from '../db/database';
import type { MedicationVersionTable } from '../db/schema';
import { recordPatientsChanged } from '../sync/change-feed';
import { toTimestamp } from '../time';
import { fieldViolation, invalidRequest, isoDate, parseInput, singleLine, uuid } from '../validation';

type MedicationRow = Selectable<MedicationVersionTable>;

const MAX_NOTE_LENGTH = 2000;
const MAX_REASON_LENGTH = 500;

const optionalDay = z
  .union([z.literal(''), isoDate])
  .default('')
  .transform((day) => (day === '' ? null : day));

const handling = z
  .array(z.enum(MEDICATION_HANDLINGS as [MedicationHandlingName, ...MedicationHandlingName[]]))
  .max(MEDICATION_HANDLINGS.length)
  .default([])
  .transform((list) => [...new Set(list)]);

export const medicationDetails = z
  .object({
    drugName: singleLine(200).refine((name) => name !== '', 'DRUG_NAME_REQUIRED'),
    dose: singleLine(100).default(''),
    usage: singleLine(200).default(''),
    prescriber: singleLine(100).default(''),
    startedOn: optionalDay,
    stoppedOn: optionalDay,
    handling,
    note: z.string().trim().max(MAX_NOTE_LENGTH).default(''),
  })
  .superRefine((details, context) => {
    if (details.startedOn && details.stoppedOn && details.stoppedOn < details.startedOn) {
      context.addIssue({ code: 'custom', path: ['stoppedOn'], message: 'STOP_BEFORE_START' });
    }
  });

// A request without details is refused as "drug name required", the one field that must be there.
const details = z
  .unknown()
  .transform((value) => value ?? {})
  .pipe(medicationDetails);

export const addMedicationInput = z.object({
  details,
  clientRequestId: z
    .union([z.literal(''), uuid])
    .default('')
    .transform((id) => (id === '' ? null : id)),
});

export const changeMedicationInput = z.object({
  medicationId: uuid,
  baseVersion: z.number().int().min(1),
  details,
  reason: z.string().trim().min(1).max(MAX_REASON_LENGTH),
});

export const listMedicationsInput = z.object({ includeStopped: z.boolean().default(false) });
export const medicationHistoryInput = z.object({ medicationId: uuid });

function superseded(currentVersion: number): RenkeiError {
  return new RenkeiError({ reason: 'MEDICATION_VERSION_SUPERSEDED', metadata: { currentVersion: String(currentVersion) } });
}

function authorRefOf(row: MedicationRow): AuthorRef {
  return { userId: row.author_user_id, profession: row.author_profession, facilityId: row.author_facility_id, deviceId: row.author_device_id };
}

/** Stopped: a stop date on or before today in Japan (a stop planned for next week is still in use). */
function isStopped(row: MedicationRow, now: Date): boolean {
  return row.stopped_on !== null && row.stopped_on <= japanToday(now);
}

function medicationOf(row: MedicationRow, authorOf: (ref: AuthorRef) => RecordAuthor, now: Date): Medication {
  return {
    medicationId: row.medication_id,
    version: Number(row.version),
    patientId: row.patient_id,
    details: {
      drugName: row.drug_name,
      dose: row.dose,
      usage: row.usage,
      prescriber: row.prescriber,
      startedOn: row.started_on ?? '',
      stoppedOn: row.stopped_on ?? '',
      handling: row.handling === '' ? [] : (row.handling.split(',') as MedicationHandlingName[]),
      note: row.note,
    },
    changeReason: row.change_reason,
    recordedBy: authorOf(authorRefOf(row)),
    recordedAt: toTimestamp(row.recorded_at),
    superseded: Number(row.is_current) === 0,
    stopped: isStopped(row, now),
  };
}

async function toMedications(store: Store, rows: readonly MedicationRow[], now: Date): Promise<Medication[]> {
  const authorOf = await loadAuthors(store, rows.map(authorRefOf));
  return rows.map((row) => medicationOf(row, authorOf, now));
}

type ValidDetails = z.output<typeof medicationDetails>;

function detailColumns(valid: ValidDetails) {
  return {
    drug_name: valid.drugName,
    dose: valid.dose,
    usage: valid.usage,
    prescriber: valid.prescriber,
    started_on: valid.startedOn,
    stopped_on: valid.stoppedOn,
    handling: valid.handling.join(','),
    note: valid.note,
  };
}

/** Adds a drug to the patient's list (version 1); a retry with the same client_request_id returns it. */
export async function addMedication(scope: PatientScope, input: z.input<typeof addMedicationInput>): Promise<Medication> {
  const { store, now, patientId } = scope;
  const valid = parseInput(addMedicationInput, input);
  await scope.require('MEDICATIONS', 'write', { action: 'medication.add' });
  const author = authorOf(scope);

  const replay = async (): Promise<Medication | undefined> => {
    if (!valid.clientRequestId) return undefined;
    const existing = await store.db.selectFrom('medication_versions').selectAll().where('client_request_id', '=', valid.clientRequestId).executeTakeFirst();
    if (!existing) return undefined;
    if (existing.patient_id !== patientId || existing.author_user_id !== author.userId) {
      throw invalidRequest([fieldViolation('clientRequestId', 'REQUEST_ID_REUSED')]);
    }
    return (await toMedications(store, [existing], now))[0]!;
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const row: MedicationRow = {
    id: randomUUID(),
    medication_id: randomUUID(),
    version: 1,
    patient_id: patientId,
    ...detailColumns(valid.details),
    change_reason: '',
    author_user_id: author.userId,
    author_profession: author.profession,
    author_facility_id: author.facilityId,
    author_device_id: author.deviceId,
    recorded_at: now.toISOString(),
    client_request_id: valid.clientRequestId,
    is_current: 1,
  };
  try {
    await transaction(store, async (tx) => {
      await tx.db.insertInto('medication_versions').values(row).execute();
      await recordPatientsChanged(tx, [patientId], now);
      await scope.audit({ action: 'medication.add', outcome: 'ok', detail: { medicationId: row.medication_id, version: 1 } }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
  return (await toMedications(store, [row], now))[0]!;
}

async function currentVersionOf(store: Store, patientId: string, medicationId: string): Promise<MedicationRow | undefined> {
  return store.db
    .selectFrom('medication_versions')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('medication_id', '=', medicationId)
    .where('is_current', '=', 1)
    .executeTakeFirst();
}

/** A new version of an entry (changed, stopped, restarted), if base is still the current version. */
export async function changeMedication(scope: PatientScope, input: z.input<typeof changeMedicationInput>): Promise<Medication> {
  const { store, now, patientId } = scope;
  const valid = parseInput(changeMedicationInput, input);
  await scope.require('MEDICATIONS', 'write', { action: 'medication.change' });
  const author = authorOf(scope);
  // An entry of another patient is answered like a missing one.
  const current = await currentVersionOf(store, patientId, valid.medicationId);
  if (!current) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  if (Number(current.version) !== valid.baseVersion) throw superseded(Number(current.version));

  const row: MedicationRow = {
    ...current,
    ...detailColumns(valid.details),
    id: randomUUID(),
    version: Number(current.version) + 1,
    change_reason: valid.reason,
    author_user_id: author.userId,
    author_profession: author.profession,
    author_facility_id: author.facilityId,
    author_device_id: author.deviceId,
    recorded_at: now.toISOString(),
    client_request_id: null,
    is_current: 1,
  };
  await appendVersion(store, now, {
    table: 'medication_versions',
    patientId,
    replaces: { id: current.id, version: Number(current.version) },
    row,
    currentVersion: async (db) => (await currentVersionOf(db, patientId, valid.medicationId))?.version,
    superseded,
    alongside: (tx) =>
      scope.audit(
        {
          action: 'medication.change',
          outcome: 'ok',
          detail: { medicationId: valid.medicationId, version: row.version, replaces: current.version, stopped: row.stopped_on !== null },
        },
        tx,
      ),
  });
  return (await toMedications(store, [row], now))[0]!;
}

/** In use first, by start date (undated last), then by name; stopped ones after, most recently stopped first. */
function listOrder(a: Medication, b: Medication): number {
  if (a.stopped !== b.stopped) return a.stopped ? 1 : -1;
  const [x, y] = [a.details!, b.details!];
  if (a.stopped) return (y.stoppedOn ?? '').localeCompare(x.stoppedOn ?? '');
  const start = (x.startedOn || '9999').localeCompare(y.startedOn || '9999');
  return start !== 0 ? start : (x.drugName ?? '').localeCompare(y.drugName ?? '', 'ja');
}

/**
 * The current version of each entry of each patient, by patient, in list order; stopped ones only
 * when asked. One query for any number of patients (the overview's sync pages). Callers decide
 * who may read them.
 */
export async function loadMedications(store: Store, patientIds: readonly string[], now: Date, includeStopped = false): Promise<Map<string, Medication[]>> {
  const result = new Map<string, Medication[]>();
  if (patientIds.length === 0) return result;
  const rows = await store.db
    .selectFrom('medication_versions')
    .selectAll()
    .where('patient_id', 'in', [...new Set(patientIds)])
    .where('is_current', '=', 1)
    .execute();
  for (const medication of await toMedications(store, rows, now)) {
    if (medication.stopped && !includeStopped) continue;
    const list = result.get(medication.patientId!) ?? [];
    list.push(medication);
    result.set(medication.patientId!, list);
  }
  for (const list of result.values()) list.sort(listOrder);
  return result;
}

export async function listMedications(scope: PatientScope, input: z.input<typeof listMedicationsInput>): Promise<ListMedicationsResponse> {
  const valid = parseInput(listMedicationsInput, input);
  await scope.require('MEDICATIONS', 'read', { action: 'medication.list' });
  const medications = (await loadMedications(scope.store, [scope.patientId], scope.now, valid.includeStopped)).get(scope.patientId) ?? [];
  await scope.audit({ action: 'medication.list', outcome: 'ok', detail: { medications: medications.length, includeStopped: valid.includeStopped } });
  return { medications };
}

/** Every version of one entry, oldest first. */
export async function medicationHistory(scope: PatientScope, input: z.input<typeof medicationHistoryInput>): Promise<MedicationHistory> {
  const valid = parseInput(medicationHistoryInput, input);
  await scope.require('MEDICATIONS', 'read', { action: 'medication.history' });
  const rows = await scope.store.db
    .selectFrom('medication_versions')
    .selectAll()
    .where('patient_id', '=', scope.patientId)
    .where('medication_id', '=', valid.medicationId)
    .orderBy('version')
    .execute();
  if (rows.length === 0) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  await scope.audit({ action: 'medication.history', outcome: 'ok', detail: { medicationId: valid.medicationId, versions: rows.length } });
  return { versions: await toMedications(scope.store, rows, scope.now) };
}
