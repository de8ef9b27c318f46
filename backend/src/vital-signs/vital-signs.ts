// Vital signs (バイタル): structured observations (blood pressure, pulse, temperature, SpO2,
// respiration, weight, blood glucose) with when they were observed and who recorded them, from
// which office and device (record kind VITAL_SIGNS: nurses and doctors record them).
//
// Every value is checked against the physiological ranges both ends share
// (proto/src/chart-rules/vital-signs.ts): a typo is refused at the boundary with the range and
// what to check, never stored. An observation may carry the progress note it was written with
// (the SOAP editor's vitals entry puts their text into O): the note and the values are stored in
// one transaction, both or neither, so a chart never shows values in O that the trend lacks.
//
// A plausible wrong value (158 typed for 128, another patient's weight) is withdrawn the way a
// progress note is: marked entered in error (入力誤り) by the one who recorded it, with the reason,
// never deleted. It leaves the overview (and so every PC's trend at its next sync) and stays
// readable, struck, in the list that asks for it. The note written with it is not changed: its
// writer marks it too, by the notes' own rule.
import { randomUUID } from 'node:crypto';
import { RenkeiError } from '@renkei/proto';
import { vitalSignProblems, type VitalSignKey, type VitalSignValues as RuleValues } from '@renkei/proto/chart-rules';
import type { ListVitalSignsResponse } from '@renkei/proto/generated/renkei/v1/ListVitalSignsResponse';
import type { ProgressNote } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import type { RecordVitalSignsResponse } from '@renkei/proto/generated/renkei/v1/RecordVitalSignsResponse';
import type { VitalSigns } from '@renkei/proto/generated/renkei/v1/VitalSigns';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { authorOf, loadAuthors, type AuthorRef } from '../chart/record-author';
import { isUniqueViolation, transaction, type Store } from '../db/database';
import type { VitalSignRecordTable } from '../db/schema';
import { MAX_REASON_LENGTH, newNoteRow, observedAt, soapText, toNotes } from '../progress-notes/progress-notes';
import { recordPatientsChanged } from '../sync/change-feed';
import { toTimestamp } from '../time';
import { fieldViolation, invalidRequest, parseInput, uuid } from '../validation';

type VitalRow = Selectable<VitalSignRecordTable>;

/** How far back the overview (and a list without `since`) reaches: the trend a visit needs, readable offline. */
export const OVERVIEW_VITAL_DAYS = 30;
const DEFAULT_LIST_DAYS = 90;
/** At most this many observations in the overview, however often a patient is measured. */
export const OVERVIEW_VITAL_LIMIT = 200;

type ValueColumn =
  'systolic_mmhg' | 'diastolic_mmhg' | 'pulse_per_min' | 'temperature_celsius' | 'spo2_percent' | 'respiration_per_min' | 'weight_kg' | 'blood_glucose_mg_dl';
const COLUMNS: Readonly<Record<VitalSignKey, ValueColumn>> = {
  systolicMmhg: 'systolic_mmhg',
  diastolicMmhg: 'diastolic_mmhg',
  pulsePerMin: 'pulse_per_min',
  temperatureCelsius: 'temperature_celsius',
  spo2Percent: 'spo2_percent',
  respirationPerMin: 'respiration_per_min',
  weightKg: 'weight_kg',
  bloodGlucoseMgDl: 'blood_glucose_mg_dl',
};
const KEYS = Object.keys(COLUMNS) as VitalSignKey[];

const reading = z.number().min(0).default(0);
const values = z
  .object(Object.fromEntries(KEYS.map((key) => [key, reading])) as Record<VitalSignKey, typeof reading>)
  .nullish()
  .transform((v) => v ?? (Object.fromEntries(KEYS.map((key) => [key, 0])) as Record<VitalSignKey, number>));

export function recordVitalSignsInput(now: Date) {
  return z.object({
    observedAt: observedAt(now, now),
    values,
    clientRequestId: z
      .union([z.literal(''), uuid])
      .default('')
      .transform((id) => (id === '' ? null : id)),
    // A note is written only when one of S, O, A, P has text (then by the progress notes' rules).
    note: z
      .object({ subjective: z.string(), objective: z.string(), assessment: z.string(), plan: z.string() })
      .partial()
      .nullish()
      .transform((note) => (note && Object.values(note).some((text) => (text ?? '').trim() !== '') ? note : null)),
  });
}

export const listVitalSignsInput = z.object({
  since: z.union([z.literal(''), z.iso.datetime({ offset: true, error: 'NOT_A_TIME' })]).default(''),
  includeEnteredInError: z.boolean().default(false),
});

/** Why an observation is marked entered in error: required and brief, as for a note. */
export const markVitalSignsEnteredInErrorInput = z.object({ vitalSignsId: uuid, reason: z.string().trim().min(1).max(MAX_REASON_LENGTH) });

/** The shared rules' refusals as field violations of `values.<sign>`. */
function checkRanges(measured: RuleValues): void {
  const problems = vitalSignProblems(measured);
  if (problems.length === 0) return;
  throw invalidRequest(
    problems.map((problem) => {
      const field = problem.key === null ? 'values' : `values.${problem.key}`;
      switch (problem.reason) {
        case 'VITAL_OUT_OF_RANGE':
          return fieldViolation(field, problem.reason, { min: String(problem.min), max: String(problem.max), unit: problem.unit });
        case 'VITAL_TOO_PRECISE':
          return fieldViolation(field, problem.reason, { decimals: String(problem.decimals) });
        default:
          return fieldViolation(field, problem.reason);
      }
    }),
  );
}

function authorRefOf(row: VitalRow): AuthorRef {
  return { userId: row.author_user_id, profession: row.author_profession, facilityId: row.author_facility_id, deviceId: row.author_device_id };
}

/** Who marked the observation entered in error; null while it is in force. */
function markerRefOf(row: VitalRow): AuthorRef | null {
  if (row.entered_in_error_at === null || row.entered_in_error_user_id === null) return null;
  return {
    userId: row.entered_in_error_user_id,
    profession: row.entered_in_error_profession ?? '',
    facilityId: row.entered_in_error_facility_id ?? '',
    deviceId: row.entered_in_error_device_id ?? '',
  };
}

function vitalSignsOf(row: VitalRow, authorOf: (ref: AuthorRef) => RecordAuthor): VitalSigns {
  const marker = markerRefOf(row);
  return {
    id: row.id,
    patientId: row.patient_id,
    observedAt: row.observed_at,
    values: Object.fromEntries(KEYS.map((key) => [key, Number(row[COLUMNS[key]] ?? 0)])),
    recordedBy: authorOf(authorRefOf(row)),
    recordedAt: toTimestamp(row.recorded_at),
    noteId: row.note_id ?? '',
    enteredInError: marker !== null,
    enteredInErrorReason: row.entered_in_error_reason ?? '',
    enteredInErrorBy: marker === null ? null : authorOf(marker),
    enteredInErrorAt: row.entered_in_error_at === null ? null : toTimestamp(row.entered_in_error_at),
  };
}

async function toVitalSigns(store: Store, rows: readonly VitalRow[]): Promise<VitalSigns[]> {
  const authorOf = await loadAuthors(store, [...rows.map(authorRefOf), ...rows.flatMap((row) => markerRefOf(row) ?? [])]);
  return rows.map((row) => vitalSignsOf(row, authorOf));
}

/**
 * Records one observation, and with a note that note too, in one transaction. A retry with the
 * same client_request_id returns what was recorded (and its note) without recording twice.
 */
export async function recordVitalSigns(scope: PatientScope, input: z.input<ReturnType<typeof recordVitalSignsInput>>): Promise<RecordVitalSignsResponse> {
  const { store, now, patientId } = scope;
  const valid = parseInput(recordVitalSignsInput(now), input);
  checkRanges(valid.values);
  const note = valid.note ? parseInput(z.object({ note: soapText }), { note: valid.note }).note : null;
  await scope.require('VITAL_SIGNS', 'write', { action: 'vitals.record' });
  // Writing the note is writing PROGRESS_NOTES: a role that may record vitals but not notes is told so.
  if (note) await scope.require('PROGRESS_NOTES', 'write', { action: 'vitals.record', detail: { withNote: true } });
  const author = authorOf(scope);

  const answer = async (row: VitalRow): Promise<RecordVitalSignsResponse> => {
    const [vitalSigns] = await toVitalSigns(store, [row]);
    let note: ProgressNote | null = null;
    if (row.note_id) {
      const noteRow = await store.db
        .selectFrom('progress_note_versions')
        .selectAll()
        .where('note_id', '=', row.note_id)
        .where('version', '=', 1)
        .executeTakeFirst();
      if (noteRow) note = (await toNotes(store, [noteRow]))[0]!;
    }
    return { vitalSigns: vitalSigns!, note };
  };
  const replay = async (): Promise<RecordVitalSignsResponse | undefined> => {
    if (!valid.clientRequestId) return undefined;
    const existing = await store.db.selectFrom('vital_sign_records').selectAll().where('client_request_id', '=', valid.clientRequestId).executeTakeFirst();
    if (!existing) return undefined;
    if (existing.patient_id !== patientId || existing.author_user_id !== author.userId) {
      throw invalidRequest([fieldViolation('clientRequestId', 'REQUEST_ID_REUSED')]);
    }
    return answer(existing);
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const measured = (key: VitalSignKey) => (valid.values[key] === 0 ? null : valid.values[key]);
  const noteRow = note ? newNoteRow(scope, note, valid.observedAt, null) : null;
  const row: VitalRow = {
    id: randomUUID(),
    patient_id: patientId,
    observed_at: valid.observedAt,
    systolic_mmhg: measured('systolicMmhg'),
    diastolic_mmhg: measured('diastolicMmhg'),
    pulse_per_min: measured('pulsePerMin'),
    temperature_celsius: measured('temperatureCelsius'),
    spo2_percent: measured('spo2Percent'),
    respiration_per_min: measured('respirationPerMin'),
    weight_kg: measured('weightKg'),
    blood_glucose_mg_dl: measured('bloodGlucoseMgDl'),
    note_id: noteRow?.note_id ?? null,
    author_user_id: author.userId,
    author_profession: author.profession,
    author_facility_id: author.facilityId,
    author_device_id: author.deviceId,
    recorded_at: now.toISOString(),
    client_request_id: valid.clientRequestId,
    entered_in_error_at: null,
    entered_in_error_reason: null,
    entered_in_error_user_id: null,
    entered_in_error_profession: null,
    entered_in_error_facility_id: null,
    entered_in_error_device_id: null,
  };
  try {
    await transaction(store, async (tx) => {
      if (noteRow) await tx.db.insertInto('progress_note_versions').values(noteRow).execute();
      await tx.db.insertInto('vital_sign_records').values(row).execute();
      await recordPatientsChanged(tx, [patientId], now);
      await scope.audit({ action: 'vitals.record', outcome: 'ok', detail: { vitalSignsId: row.id, noteId: row.note_id } }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
  return answer(row);
}

/**
 * Marks one observation entered in error, with the reason. Only its recorder may, while the chart
 * policy lets their role write VITAL_SIGNS (the notes' rule); once only. The overview drops it.
 */
export async function markVitalSignsEnteredInError(scope: PatientScope, input: z.input<typeof markVitalSignsEnteredInErrorInput>): Promise<VitalSigns> {
  const { store, now, patientId } = scope;
  const valid = parseInput(markVitalSignsEnteredInErrorInput, input);
  const action = 'vitals.entered-in-error';
  await scope.require('VITAL_SIGNS', 'write', { action });
  const marker = authorOf(scope);
  const find = (db: Store) =>
    db.db.selectFrom('vital_sign_records').selectAll().where('patient_id', '=', patientId).where('id', '=', valid.vitalSignsId).executeTakeFirst();
  // An observation of another patient is answered like a missing one: ids cannot be probed across charts.
  const current = await find(store);
  if (!current) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  if (current.author_user_id !== marker.userId) {
    await scope.audit({ action, outcome: 'denied', detail: { vitalSignsId: current.id, reason: 'VITAL_SIGNS_NOT_RECORDER' } });
    throw new RenkeiError({ reason: 'VITAL_SIGNS_NOT_RECORDER' });
  }
  const already = () => invalidRequest([fieldViolation('vitalSignsId', 'VITAL_SIGNS_ENTERED_IN_ERROR')]);
  if (current.entered_in_error_at !== null) throw already();

  await transaction(store, async (tx) => {
    // Guarded: of two marks at once, the second finds the observation already marked.
    const marked = await tx.db
      .updateTable('vital_sign_records')
      .set({
        entered_in_error_at: now.toISOString(),
        entered_in_error_reason: valid.reason,
        entered_in_error_user_id: marker.userId,
        entered_in_error_profession: marker.profession,
        entered_in_error_facility_id: marker.facilityId,
        entered_in_error_device_id: marker.deviceId,
      })
      .where('id', '=', current.id)
      .where('entered_in_error_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) throw already();
    await recordPatientsChanged(tx, [patientId], now);
    await scope.audit({ action, outcome: 'ok', detail: { vitalSignsId: current.id, noteId: current.note_id } }, tx);
  });
  const [vitalSigns] = await toVitalSigns(store, [(await find(store))!]);
  return vitalSigns!;
}

/** Observations since `since` (default: the last 90 days), newest first; those entered in error when asked. */
export async function listVitalSigns(scope: PatientScope, input: z.input<typeof listVitalSignsInput>): Promise<ListVitalSignsResponse> {
  const valid = parseInput(listVitalSignsInput, input);
  await scope.require('VITAL_SIGNS', 'read', { action: 'vitals.list' });
  const since = valid.since === '' ? new Date(scope.now.getTime() - DEFAULT_LIST_DAYS * 86_400_000) : new Date(valid.since);
  const rows = await scope.store.db
    .selectFrom('vital_sign_records')
    .selectAll()
    .where('patient_id', '=', scope.patientId)
    .where('observed_at', '>=', since.toISOString())
    .$if(!valid.includeEnteredInError, (query) => query.where('entered_in_error_at', 'is', null))
    .orderBy('observed_at', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
  await scope.audit({
    action: 'vitals.list',
    outcome: 'ok',
    detail: { since: since.toISOString(), observations: rows.length, includeEnteredInError: valid.includeEnteredInError },
  });
  return { vitalSigns: await toVitalSigns(scope.store, rows) };
}

/**
 * The last 30 days of observations in force of each patient (at most 200 each), newest first, for
 * the overview the PC caches (and its trend): one query for any number of patients. Those entered
 * in error are left out. Callers decide who may read them.
 */
export async function loadRecentVitalSigns(store: Store, patientIds: readonly string[], now: Date): Promise<Map<string, VitalSigns[]>> {
  const result = new Map<string, VitalSigns[]>();
  if (patientIds.length === 0) return result;
  const since = new Date(now.getTime() - OVERVIEW_VITAL_DAYS * 86_400_000).toISOString();
  const rows = await store.db
    .selectFrom('vital_sign_records')
    .selectAll()
    .where('patient_id', 'in', [...new Set(patientIds)])
    .where('observed_at', '>=', since)
    .where('entered_in_error_at', 'is', null)
    .orderBy('patient_id')
    .orderBy('observed_at', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
  for (const vitals of await toVitalSigns(store, rows)) {
    const list = result.get(vitals.patientId!) ?? [];
    if (list.length < OVERVIEW_VITAL_LIMIT) list.push(vitals);
    result.set(vitals.patientId!, list);
  }
  return result;
}
