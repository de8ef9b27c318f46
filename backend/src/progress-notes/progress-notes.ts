// Progress notes (経過記録): SOAP entries on a patient's shared chart, append-only. A correction or
// an "entered in error" is a new version row; the replaced row only loses is_current, so every
// version stays readable with who wrote it, from which office and device, and when (真正性).
//
// Two corrections of the same version at once: each clears is_current on the row it read, guarded
// by is_current = 1, and inserts version n+1 under the (note_id, version) uniqueness constraint.
// Only one can do both; the other is told NOTE_VERSION_SUPERSEDED with the version that won.
//
// Every function works in the caller's scope on the patient (access/call-scope.ts), and asks it
// first whether the chart policy lets the user's role read or write PROGRESS_NOTES; only a note's
// author may correct it or mark it entered in error. Every write lands in the change feed (the
// overview carries the latest notes) and every read and write in the audit log.
import { randomUUID } from 'node:crypto';
import { RenkeiError } from '@renkei/proto';
import { instantFromJapanDateTime } from '@renkei/proto/calendar';
import type { ListNotesResponse } from '@renkei/proto/generated/renkei/v1/ListNotesResponse';
import type { NoteHistory } from '@renkei/proto/generated/renkei/v1/NoteHistory';
import type { ProgressNote } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { authorOf, loadAuthors, type AuthorRef } from '../chart/record-author';
import { appendVersion } from '../chart/versioned-record';
import { isUniqueViolation, transaction, type Store } from '../db/database';
import type { ProgressNoteVersionTable } from '../db/schema';
import { recordPatientsChanged } from '../sync/change-feed';
import { toTimestamp } from '../time';
import { fieldViolation, invalidRequest, parseInput, uuid } from '../validation';

type NoteRow = Selectable<ProgressNoteVersionTable>;

export const MAX_SOAP_LENGTH = 10_000;
export const MAX_REASON_LENGTH = 500;
/** Clocks of clinic PCs drift; a note "observed" a few minutes ahead of the server is not an error. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const EARLIEST_OBSERVATION_YEAR = 1990;
const EARLIEST_OBSERVATION = instantFromJapanDateTime(`${EARLIEST_OBSERVATION_YEAR}-01-01T00:00`)!.getTime();
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** How many notes the patient overview carries. */
export const OVERVIEW_NOTES = 5;

const soapPart = z
  .string()
  .max(MAX_SOAP_LENGTH)
  .default('')
  .transform((text) => text.trim());

export const soapText = z
  .object({ subjective: soapPart, objective: soapPart, assessment: soapPart, plan: soapPart })
  .nullish()
  .transform((soap) => soap ?? { subjective: '', objective: '', assessment: '', plan: '' })
  .refine((soap) => soap.subjective !== '' || soap.objective !== '' || soap.assessment !== '' || soap.plan !== '', 'SOAP_EMPTY');

/** Why a note is corrected or marked entered in error: required, and said briefly. */
const reason = z.string().trim().min(1).max(MAX_REASON_LENGTH);

/** An observed time: not in the future, not before 1990. Empty means `empty` (now, or keep it: undefined). */
export function observedAt<Empty extends Date | undefined>(now: Date, empty: Empty) {
  return z
    .union([z.literal(''), z.iso.datetime({ offset: true, error: 'NOT_A_TIME' })])
    .default('')
    .transform((text) => (text === '' ? empty : new Date(text)))
    .refine((at) => at === undefined || at.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS, 'TIME_IN_FUTURE')
    .refine((at) => at === undefined || at.getTime() >= EARLIEST_OBSERVATION, { message: 'TIME_TOO_EARLY', params: { year: EARLIEST_OBSERVATION_YEAR } })
    .transform((at) => at?.toISOString() as Empty extends Date ? string : string | undefined);
}

/** The patient is the scope's: requests name it (rpc/services/progress-note-service.ts), these inputs do not. */
export function writeNoteInput(now: Date) {
  return z.object({
    soap: soapText,
    observedAt: observedAt(now, now),
    clientRequestId: z
      .union([z.literal(''), uuid])
      .default('')
      .transform((id) => (id === '' ? null : id)),
  });
}

const noteRef = { noteId: uuid, baseVersion: z.number().int().min(1) };

/** A correction's fields but its observed time, which is checked against the call's clock. */
export const correctNoteFields = { ...noteRef, soap: soapText, reason };

/** A correction may also move the note's observed time (a note dated wrongly); empty keeps it. */
export function correctNoteInput(now: Date) {
  return z.object({ ...correctNoteFields, observedAt: observedAt(now, undefined) });
}
export const markEnteredInErrorInput = z.object({ ...noteRef, reason });

export const listNotesInput = z.object({
  pageSize: z
    .number()
    .int()
    .min(0)
    .max(MAX_PAGE_SIZE)
    .default(0)
    .transform((n) => (n === 0 ? DEFAULT_PAGE_SIZE : n)),
  pageToken: z.string().max(500, 'PAGE_TOKEN').default(''),
  includeEnteredInError: z.boolean().default(false),
});

export const noteHistoryInput = z.object({ noteId: uuid });

function superseded(currentVersion: number): RenkeiError {
  return new RenkeiError({ reason: 'NOTE_VERSION_SUPERSEDED', metadata: { currentVersion: String(currentVersion) } });
}

export async function toNotes(store: Store, rows: readonly NoteRow[]): Promise<ProgressNote[]> {
  const authorOf = await loadAuthors(store, rows.map(authorRefOf));
  return rows.map((row) => noteOf(row, authorOf));
}

function authorRefOf(row: NoteRow): AuthorRef {
  return { userId: row.author_user_id, profession: row.author_profession, facilityId: row.author_facility_id, deviceId: row.author_device_id };
}

function noteOf(row: NoteRow, authorOf: (ref: AuthorRef) => RecordAuthor): ProgressNote {
  return {
    noteId: row.note_id,
    version: Number(row.version),
    patientId: row.patient_id,
    soap: { subjective: row.subjective, objective: row.objective, assessment: row.assessment, plan: row.plan },
    observedAt: row.observed_at,
    status: row.status,
    correctionReason: row.correction_reason,
    author: authorOf(authorRefOf(row)),
    recordedAt: toTimestamp(row.recorded_at),
    superseded: Number(row.is_current) === 0,
  };
}

/**
 * Version 1 of a new note by the scope's user, not yet stored: writeNote stores it, and so does a
 * recording of vital signs that writes its note in the same transaction (vital-signs/).
 */
export function newNoteRow(scope: PatientScope, soap: z.output<typeof soapText>, observedAt: string, clientRequestId: string | null): NoteRow {
  const author = authorOf(scope);
  return {
    id: randomUUID(),
    note_id: randomUUID(),
    version: 1,
    patient_id: scope.patientId,
    ...soap,
    observed_at: observedAt,
    status: 'NOTE_STATUS_CURRENT',
    correction_reason: '',
    author_user_id: author.userId,
    author_profession: author.profession,
    author_facility_id: author.facilityId,
    author_device_id: author.deviceId,
    recorded_at: scope.now.toISOString(),
    client_request_id: clientRequestId,
    is_current: 1,
  };
}

/** Writes a new note (version 1). A retry with the same client_request_id returns the note already written. */
export async function writeNote(scope: PatientScope, input: z.input<ReturnType<typeof writeNoteInput>>): Promise<ProgressNote> {
  const { store, now, patientId } = scope;
  const valid = parseInput(writeNoteInput(now), input);
  await scope.require('PROGRESS_NOTES', 'write', { action: 'note.write' });
  const author = authorOf(scope);

  const replay = async (): Promise<ProgressNote | undefined> => {
    if (!valid.clientRequestId) return undefined;
    const existing = await store.db.selectFrom('progress_note_versions').selectAll().where('client_request_id', '=', valid.clientRequestId).executeTakeFirst();
    if (!existing) return undefined;
    if (existing.patient_id !== patientId || existing.author_user_id !== author.userId) {
      throw invalidRequest([fieldViolation('clientRequestId', 'REQUEST_ID_REUSED')]);
    }
    await scope.audit({ action: 'note.write', outcome: 'ok', detail: { noteId: existing.note_id, retried: true } });
    return (await toNotes(store, [existing]))[0]!;
  };

  const earlier = await replay();
  if (earlier) return earlier;
  const row = newNoteRow(scope, valid.soap, valid.observedAt, valid.clientRequestId);
  try {
    await transaction(store, async (tx) => {
      await tx.db.insertInto('progress_note_versions').values(row).execute();
      await recordPatientsChanged(tx, [patientId], now);
      await scope.audit({ action: 'note.write', outcome: 'ok', detail: { noteId: row.note_id, version: 1 } }, tx);
    });
  } catch (error) {
    // The same request arriving twice at once: the first one's row won the client_request_id.
    if (isUniqueViolation(error)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
  return (await toNotes(store, [row]))[0]!;
}

interface Amendment {
  noteId: string;
  baseVersion: number;
  reason: string;
  /** The corrected text; undefined keeps the text (entered in error). */
  soap?: { subjective: string; objective: string; assessment: string; plan: string };
  /** The corrected observed time (ISO instant); undefined keeps it. */
  observedAt?: string;
  status: NoteRow['status'];
}

async function currentVersionOf(store: Store, patientId: string, noteId: string): Promise<NoteRow | undefined> {
  return store.db
    .selectFrom('progress_note_versions')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('note_id', '=', noteId)
    .where('is_current', '=', 1)
    .executeTakeFirst();
}

/** Adds version base+1 of a note, if the author asks and base is still the current version. */
async function amendNote(scope: PatientScope, change: Amendment, auditAction: string): Promise<ProgressNote> {
  const { store, now, patientId } = scope;
  await scope.require('PROGRESS_NOTES', 'write', { action: auditAction });
  const author = authorOf(scope);
  // A note of another patient is answered like a missing one: ids cannot be probed across charts.
  const current = await currentVersionOf(store, patientId, change.noteId);
  if (!current) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  if (current.author_user_id !== author.userId) {
    await scope.audit({ action: auditAction, outcome: 'denied', detail: { noteId: change.noteId, reason: 'NOTE_NOT_AUTHOR' } });
    throw new RenkeiError({ reason: 'NOTE_NOT_AUTHOR' });
  }
  if (Number(current.version) !== change.baseVersion) throw superseded(Number(current.version));
  if (current.status === 'NOTE_STATUS_ENTERED_IN_ERROR') {
    throw invalidRequest([fieldViolation('noteId', 'NOTE_ENTERED_IN_ERROR')]);
  }

  const row: NoteRow = {
    ...current,
    ...(change.soap ?? {}),
    observed_at: change.observedAt ?? current.observed_at,
    id: randomUUID(),
    version: Number(current.version) + 1,
    status: change.status,
    correction_reason: change.reason,
    author_user_id: author.userId,
    author_profession: author.profession,
    author_facility_id: author.facilityId,
    author_device_id: author.deviceId,
    recorded_at: now.toISOString(),
    client_request_id: null,
    is_current: 1,
  };
  await appendVersion(store, now, {
    table: 'progress_note_versions',
    patientId,
    replaces: { id: current.id, version: Number(current.version) },
    row,
    currentVersion: async (db) => (await currentVersionOf(db, patientId, change.noteId))?.version,
    superseded,
    alongside: (tx) =>
      scope.audit(
        {
          action: auditAction,
          outcome: 'ok',
          detail: { noteId: change.noteId, version: row.version, replaces: current.version, observedAtChanged: row.observed_at !== current.observed_at },
        },
        tx,
      ),
  });
  return (await toNotes(store, [row]))[0]!;
}

export async function correctNote(scope: PatientScope, input: z.input<ReturnType<typeof correctNoteInput>>): Promise<ProgressNote> {
  const valid = parseInput(correctNoteInput(scope.now), input);
  return amendNote(scope, { ...valid, status: 'NOTE_STATUS_CURRENT' }, 'note.correct');
}

export async function markNoteEnteredInError(scope: PatientScope, input: z.input<typeof markEnteredInErrorInput>): Promise<ProgressNote> {
  const valid = parseInput(markEnteredInErrorInput, input);
  return amendNote(scope, { ...valid, status: 'NOTE_STATUS_ENTERED_IN_ERROR' }, 'note.entered-in-error');
}

/** Where a page of ListNotes ended: the sort key of its last note. Opaque to the client. */
interface PagePosition {
  o: string;
  r: string;
  i: string;
}

function encodePageToken(row: NoteRow): string {
  const position: PagePosition = { o: row.observed_at, r: row.recorded_at, i: row.id };
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodePageToken(token: string): PagePosition | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PagePosition>;
    const instant = (text: unknown) => typeof text === 'string' && !Number.isNaN(Date.parse(text));
    if (!instant(value.o) || !instant(value.r) || !uuid.safeParse(value.i).success) return undefined;
    return { o: new Date(value.o!).toISOString(), r: new Date(value.r!).toISOString(), i: value.i! };
  } catch {
    return undefined;
  }
}

/** Current versions, newest observation first (then newest recorded), a page at a time. */
export async function listNotes(scope: PatientScope, input: z.input<typeof listNotesInput>): Promise<ListNotesResponse> {
  const { store } = scope;
  const valid = parseInput(listNotesInput, input);
  const after = valid.pageToken === '' ? undefined : decodePageToken(valid.pageToken);
  if (valid.pageToken !== '' && !after) throw invalidRequest([fieldViolation('pageToken', 'PAGE_TOKEN')]);
  await scope.require('PROGRESS_NOTES', 'read', { action: 'note.list' });

  let query = store.db.selectFrom('progress_note_versions').selectAll().where('patient_id', '=', scope.patientId).where('is_current', '=', 1);
  if (!valid.includeEnteredInError) query = query.where('status', '=', 'NOTE_STATUS_CURRENT');
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('observed_at', '<', after.o),
        eb.and([eb('observed_at', '=', after.o), eb('recorded_at', '<', after.r)]),
        eb.and([eb('observed_at', '=', after.o), eb('recorded_at', '=', after.r), eb('id', '<', after.i)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('observed_at', 'desc')
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(valid.pageSize + 1)
    .execute();
  const page = rows.slice(0, valid.pageSize);
  const hasMore = rows.length > valid.pageSize;
  await scope.audit({ action: 'note.list', outcome: 'ok', detail: { notes: page.map((r) => r.note_id), includeEnteredInError: valid.includeEnteredInError } });
  return { notes: await toNotes(store, page), nextPageToken: hasMore ? encodePageToken(page.at(-1)!) : '' };
}

/** Every version of one note, oldest first. */
export async function noteHistory(scope: PatientScope, input: z.input<typeof noteHistoryInput>): Promise<NoteHistory> {
  const { store } = scope;
  const valid = parseInput(noteHistoryInput, input);
  await scope.require('PROGRESS_NOTES', 'read', { action: 'note.history' });
  const rows = await store.db
    .selectFrom('progress_note_versions')
    .selectAll()
    .where('patient_id', '=', scope.patientId)
    .where('note_id', '=', valid.noteId)
    .orderBy('version')
    .execute();
  if (rows.length === 0) throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
  await scope.audit({ action: 'note.history', outcome: 'ok', detail: { noteId: valid.noteId, versions: rows.length } });
  return { versions: await toNotes(store, rows) };
}

/**
 * The latest current notes (not entered in error) of each patient, newest first, for the
 * overview: one query for any number of patients. Callers decide who may read them.
 */
export async function loadLatestNotes(store: Store, patientIds: readonly string[], perPatient = OVERVIEW_NOTES): Promise<Map<string, ProgressNote[]>> {
  const result = new Map<string, ProgressNote[]>();
  if (patientIds.length === 0) return result;
  const ids = [...new Set(patientIds)];
  const rows = store.engine === 'postgres' ? await latestNoteRowsByIndex(store, ids, perPatient) : await latestNoteRowsByRank(store, ids, perPatient);
  const notes = await toNotes(store, rows);
  for (const note of notes) {
    const list = result.get(note.patientId!) ?? [];
    list.push(note);
    result.set(note.patientId!, list);
  }
  return result;
}

/**
 * PostgreSQL: each patient's first `perPatient` entries of progress_notes_latest (migration 0021),
 * whose order is the overview's, so a patient with years of notes costs as much as one with five.
 */
async function latestNoteRowsByIndex(store: Store, ids: string[], perPatient: number): Promise<NoteRow[]> {
  const { rows } = await sql<NoteRow>`
    select n.* from unnest(${ids}::uuid[]) as p(patient_id)
    cross join lateral (
      select * from progress_note_versions v
      where v.patient_id = p.patient_id and v.is_current = 1 and v.status = 'NOTE_STATUS_CURRENT'
      order by v.observed_at desc, v.recorded_at desc, v.id desc
      limit ${perPatient}
    ) n
    order by n.patient_id, n.observed_at desc, n.recorded_at desc, n.id desc`.execute(store.db);
  return rows;
}

/**
 * SQLite, which has no LATERAL: every current note of the patients ranked, the first `perPatient`
 * kept. It reads all their notes (in the index's order, without a sort), not only the latest.
 */
async function latestNoteRowsByRank(store: Store, ids: string[], perPatient: number): Promise<NoteRow[]> {
  const ranked = store.db
    .selectFrom('progress_note_versions')
    .selectAll()
    .select((eb) =>
      eb.fn
        .agg<number>('row_number', [])
        .over((ob) => ob.partitionBy('patient_id').orderBy('observed_at', 'desc').orderBy('recorded_at', 'desc').orderBy('id', 'desc'))
        .as('note_rank'),
    )
    .where('patient_id', 'in', ids)
    .where('is_current', '=', 1)
    .where('status', '=', 'NOTE_STATUS_CURRENT');
  return store.db.selectFrom(ranked.as('n')).selectAll().where('n.note_rank', '<=', perPatient).orderBy('n.patient_id').orderBy('n.note_rank').execute();
}
