// 緊急時情報: what the care team must know when the patient's condition suddenly changes — the
// wish about resuscitation (DNAR), ACP, the plan for a sudden change, the wish about where to die,
// infections to protect against, and whom to call. One record per patient, versioned like the
// progress notes: a change is a new row and the replaced one only loses is_current, so every
// version stays readable with who recorded it, from which office and device, and when (真正性).
//
// Each part also says who last recorded *it* and when: a nurse adding a key person's new phone
// must not make the DNAR look decided by her today. A part is carried over, with its recorder,
// when the new version leaves it as it was.
//
// Two writers of the same version: each clears is_current on the row it read, guarded by
// is_current = 1, under the one-current-row index; the second is told EMERGENCY_INFO_SUPERSEDED.
// Every function works in the caller's scope on the patient and asks the chart policy
// (EMERGENCY_INFO) first; writes land in the change feed (the overview carries the record, cached
// on PCs for reading offline) and every read and write in the audit log.
import { randomUUID } from 'node:crypto';
import { INFECTION_KINDS, RESUSCITATIONS, RenkeiError, type InfectionKindName, type ResuscitationName } from '@renkei/proto';
import type { EmergencyInfo } from '@renkei/proto/generated/renkei/v1/EmergencyInfo';
import type { EmergencyInfoHistory } from '@renkei/proto/generated/renkei/v1/EmergencyInfoHistory';
import type { PartRecorded } from '@renkei/proto/generated/renkei/v1/PartRecorded';
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { authorOf, loadAuthors, type AuthorRef } from '../chart/record-author';
import { appendVersion } from '../chart/versioned-record';
import type { Store } from '../db/database';
import type { EmergencyInfoVersionTable } from '../db/schema';
import { toTimestamp } from '../time';
import { parseInput, phone, singleLine } from '../validation';

type VersionRow = Selectable<EmergencyInfoVersionTable>;

const MAX_TEXT = 2000;
const MAX_KEY_PERSONS = 10;

const text = z.string().trim().max(MAX_TEXT).default('');

const keyPersonInput = z.object({
  name: singleLine(60, 1),
  relation: singleLine(30).default(''),
  phone: phone.refine((value) => value !== '', 'KEY_PERSON_PHONE_REQUIRED'),
  note: singleLine(200).default(''),
});

const infectionInput = z
  .object({
    kind: z.enum(INFECTION_KINDS as [InfectionKindName, ...InfectionKindName[]]),
    note: singleLine(100).default(''),
  })
  .refine((infection) => infection.kind !== 'INFECTION_KIND_OTHER' || infection.note !== '', { message: 'INFECTION_NOTE_REQUIRED', path: ['note'] });

/** What a writer sends (the patient is the scope's). */
export const recordEmergencyInfoInput = z.object({
  baseVersion: z.number().int().min(0),
  resuscitation: z.enum(['RESUSCITATION_UNSPECIFIED', ...RESUSCITATIONS] as [ResuscitationName, ...ResuscitationName[]]).default('RESUSCITATION_UNSPECIFIED'),
  resuscitationNote: text,
  acp: text,
  emergencyPlan: text,
  endOfLifeWish: text,
  infections: z
    .array(infectionInput)
    .max(INFECTION_KINDS.length * 2)
    .default([])
    .refine(
      (list) =>
        new Set(list.filter((i) => i.kind !== 'INFECTION_KIND_OTHER').map((i) => i.kind)).size === list.filter((i) => i.kind !== 'INFECTION_KIND_OTHER').length,
      'INFECTION_REPEATED',
    ),
  keyPersons: z.array(keyPersonInput).max(MAX_KEY_PERSONS).default([]),
});

type RecordInput = z.output<typeof recordEmergencyInfoInput>;

/** Who last recorded a part: the version's author then, and when. */
interface PartRef extends AuthorRef {
  at: string;
}

/** The record as stored (content_json). */
interface EmergencyContent {
  resuscitation: ResuscitationName;
  resuscitationNote: string;
  acp: string;
  emergencyPlan: string;
  endOfLifeWish: string;
  infections: { kind: InfectionKindName; note: string }[];
  keyPersons: { name: string; relation: string; phone: string; note: string }[];
  recorded: Partial<Record<Part, PartRef>>;
}

const PARTS = ['resuscitation', 'acp', 'emergencyPlan', 'endOfLifeWish', 'infections', 'keyPersons'] as const;
type Part = (typeof PARTS)[number];

/** What each part compares by: the DNAR and its note are one decision. */
function partValue(content: Omit<EmergencyContent, 'recorded'>, part: Part): string {
  if (part === 'resuscitation') return JSON.stringify([content.resuscitation, content.resuscitationNote]);
  return JSON.stringify(content[part]);
}

function isEmptyPart(content: Omit<EmergencyContent, 'recorded'>, part: Part): boolean {
  return partValue(content, part) === partValue(EMPTY_CONTENT, part);
}

const EMPTY_CONTENT: EmergencyContent = {
  resuscitation: 'RESUSCITATION_UNSPECIFIED',
  resuscitationNote: '',
  acp: '',
  emergencyPlan: '',
  endOfLifeWish: '',
  infections: [],
  keyPersons: [],
  recorded: {},
};

function contentOf(row: VersionRow | undefined): EmergencyContent {
  if (!row) return EMPTY_CONTENT;
  return { ...EMPTY_CONTENT, ...(JSON.parse(row.content_json) as Partial<EmergencyContent>) };
}

function versionAuthor(row: VersionRow): AuthorRef {
  return { userId: row.author_user_id, profession: row.author_profession, facilityId: row.author_facility_id, deviceId: row.author_device_id };
}

function refsOf(rows: readonly VersionRow[]): AuthorRef[] {
  return rows.flatMap((row) => [versionAuthor(row), ...Object.values(contentOf(row).recorded)]);
}

function emergencyInfoOf(patientId: string, row: VersionRow | undefined, authorName: (ref: AuthorRef) => RecordAuthor): EmergencyInfo {
  const content = contentOf(row);
  const recorded = (part: Part): PartRecorded | null => {
    const ref = content.recorded[part];
    return ref ? { recordedBy: authorName(ref), recordedAt: toTimestamp(ref.at) } : null;
  };
  return {
    patientId,
    version: row ? Number(row.version) : 0,
    resuscitation: content.resuscitation,
    resuscitationNote: content.resuscitationNote,
    resuscitationRecorded: recorded('resuscitation'),
    acp: content.acp,
    acpRecorded: recorded('acp'),
    emergencyPlan: content.emergencyPlan,
    emergencyPlanRecorded: recorded('emergencyPlan'),
    endOfLifeWish: content.endOfLifeWish,
    endOfLifeWishRecorded: recorded('endOfLifeWish'),
    infections: content.infections,
    infectionsRecorded: recorded('infections'),
    keyPersons: content.keyPersons,
    keyPersonsRecorded: recorded('keyPersons'),
    author: row ? authorName(versionAuthor(row)) : null,
    recordedAt: row ? toTimestamp(row.recorded_at) : null,
    superseded: row ? Number(row.is_current) === 0 : false,
  };
}

async function toEmergencyInfos(store: Store, patientId: string, rows: readonly VersionRow[]): Promise<EmergencyInfo[]> {
  const authorName = await loadAuthors(store, refsOf(rows));
  return rows.map((row) => emergencyInfoOf(patientId, row, authorName));
}

function currentRow(store: Store, patientId: string): Promise<VersionRow | undefined> {
  return store.db.selectFrom('emergency_info_versions').selectAll().where('patient_id', '=', patientId).where('is_current', '=', 1).executeTakeFirst();
}

function superseded(currentVersion: number): RenkeiError {
  return new RenkeiError({ reason: 'EMERGENCY_INFO_SUPERSEDED', metadata: { currentVersion: String(currentVersion) } });
}

/** The current version; version 0 with empty parts when nothing was recorded yet. */
export async function readEmergencyInfo(scope: PatientScope): Promise<EmergencyInfo> {
  await scope.require('EMERGENCY_INFO', 'read', { action: 'emergency-info.read' });
  const row = await currentRow(scope.store, scope.patientId);
  await scope.audit({ action: 'emergency-info.read', outcome: 'ok', detail: { version: row ? Number(row.version) : 0 } });
  const authorName = await loadAuthors(scope.store, refsOf(row ? [row] : []));
  return emergencyInfoOf(scope.patientId, row, authorName);
}

/** Records version base+1, if base is still the current version (0: none yet). */
export async function recordEmergencyInfo(scope: PatientScope, input: z.input<typeof recordEmergencyInfoInput>): Promise<EmergencyInfo> {
  const { store, now, patientId } = scope;
  const valid: RecordInput = parseInput(recordEmergencyInfoInput, input);
  await scope.require('EMERGENCY_INFO', 'write', { action: 'emergency-info.record' });
  const author = authorOf(scope);

  const current = await currentRow(store, patientId);
  const currentVersion = current ? Number(current.version) : 0;
  if (currentVersion !== valid.baseVersion) throw superseded(currentVersion);
  const previous = contentOf(current);
  const { baseVersion: _base, ...parts } = valid;
  const recorded: Partial<Record<Part, PartRef>> = {};
  for (const part of PARTS) {
    const unchanged = partValue(parts, part) === partValue(previous, part);
    if (unchanged && previous.recorded[part]) recorded[part] = previous.recorded[part];
    // A part emptied is recorded too (who removed the DNAR, and when); one never filled is not.
    else if (!unchanged || !isEmptyPart(parts, part)) recorded[part] = { ...author, at: now.toISOString() };
  }
  const content: EmergencyContent = { ...parts, recorded };
  // Saving without a change makes no version: the history lists changes, not saves.
  if (current && PARTS.every((part) => partValue(parts, part) === partValue(previous, part))) {
    await scope.audit({ action: 'emergency-info.record', outcome: 'ok', detail: { version: currentVersion, unchanged: true } });
    return (await toEmergencyInfos(store, patientId, [current]))[0]!;
  }

  const row: VersionRow = {
    id: randomUUID(),
    patient_id: patientId,
    version: currentVersion + 1,
    content_json: JSON.stringify(content),
    author_user_id: author.userId,
    author_profession: author.profession,
    author_facility_id: author.facilityId,
    author_device_id: author.deviceId,
    recorded_at: now.toISOString(),
    is_current: 1,
  };
  await appendVersion(store, now, {
    table: 'emergency_info_versions',
    patientId,
    replaces: current ? { id: current.id, version: currentVersion } : undefined,
    row,
    currentVersion: async (db) => (await currentRow(db, patientId))?.version,
    superseded,
    alongside: (tx) => scope.audit({ action: 'emergency-info.record', outcome: 'ok', detail: { version: row.version } }, tx),
  });
  return (await toEmergencyInfos(store, patientId, [row]))[0]!;
}

/** Every version, newest first. */
export async function emergencyInfoHistory(scope: PatientScope): Promise<EmergencyInfoHistory> {
  await scope.require('EMERGENCY_INFO', 'read', { action: 'emergency-info.history' });
  const rows = await scope.store.db
    .selectFrom('emergency_info_versions')
    .selectAll()
    .where('patient_id', '=', scope.patientId)
    .orderBy('version', 'desc')
    .execute();
  await scope.audit({ action: 'emergency-info.history', outcome: 'ok', detail: { versions: rows.length } });
  return { versions: await toEmergencyInfos(scope.store, scope.patientId, rows) };
}

/** The current emergency information of each patient, for the overview (callers decide who may read it). */
export async function loadCurrentEmergencyInfos(store: Store, patientIds: readonly string[]): Promise<Map<string, EmergencyInfo>> {
  const ids = [...new Set(patientIds)];
  const result = new Map<string, EmergencyInfo>();
  if (ids.length === 0) return result;
  const rows = await store.db.selectFrom('emergency_info_versions').selectAll().where('patient_id', 'in', ids).where('is_current', '=', 1).execute();
  const authorName = await loadAuthors(store, refsOf(rows));
  const byPatient = new Map(rows.map((row) => [row.patient_id, row]));
  for (const id of ids) result.set(id, emergencyInfoOf(id, byPatient.get(id), authorName));
  return result;
}
