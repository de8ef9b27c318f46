// 定型文: fixed phrases a user inserts into SOAP notes and form fields (proto/renkei/v1/phrases.proto).
//
// Who may do what, decided here and nowhere else:
//   - a user's own phrase: only that user sees, changes or deletes it;
//   - an office's phrase: every member of the office reads it; members whose profession is doctor
//     or nurse add, change and delete it (they write the clinical wording the office shares). The
//     regional office does not manage phrases: they are the office's own words.
// A phrase of another user, or of another office, is answered like a missing one. Every write is
// audited without the text.
import { randomUUID } from 'node:crypto';
import type { Phrase } from '@renkei/proto/generated/renkei/v1/Phrase';
import { RenkeiError } from '@renkei/proto';
import type { UserScope } from '../access/call-scope';
import type { Store } from '../db/database';
import type { PhraseTable } from '../db/schema';
import { toTimestamp } from '../time';
import { fieldViolation, invalidRequest } from '../validation';

export const PHRASE_OWNERS = ['PHRASE_OWNER_USER', 'PHRASE_OWNER_FACILITY'] as const;
export const PHRASE_TARGETS = [
  'PHRASE_TARGET_ANY',
  'PHRASE_TARGET_SOAP_S',
  'PHRASE_TARGET_SOAP_O',
  'PHRASE_TARGET_SOAP_A',
  'PHRASE_TARGET_SOAP_P',
  'PHRASE_TARGET_FORM',
] as const;
export type PhraseOwnerName = (typeof PHRASE_OWNERS)[number];
export type PhraseTargetName = (typeof PHRASE_TARGETS)[number];

/** Per user and per office: far more than anyone picks from, and a bound on what a PC caches. */
export const MAX_PHRASES = 500;

/** The professions that write an office's phrases. */
const FACILITY_PHRASE_WRITERS = new Set(['PROFESSION_DOCTOR', 'PROFESSION_NURSE']);

export function mayWriteFacilityPhrases(scope: UserScope): boolean {
  return FACILITY_PHRASE_WRITERS.has(scope.user.profession);
}

type PhraseRow = PhraseTable & { facility_name: string | null };

function mayEdit(scope: UserScope, row: PhraseTable): boolean {
  return row.owner_kind === 'user' ? row.owner_user_id === scope.user.id : row.facility_id === scope.facilityId && mayWriteFacilityPhrases(scope);
}

function toPhrase(scope: UserScope, row: PhraseRow): Phrase {
  return {
    phraseId: row.id,
    owner: row.owner_kind === 'user' ? 'PHRASE_OWNER_USER' : 'PHRASE_OWNER_FACILITY',
    target: row.target as PhraseTargetName,
    title: row.title,
    body: row.body,
    facilityName: row.owner_kind === 'facility' ? (row.facility_name ?? '') : '',
    callerMayEdit: row.deleted_at === null && mayEdit(scope, row),
    deleted: row.deleted_at !== null,
    updatedAt: toTimestamp(row.updated_at),
  };
}

function visibleTo(store: Store, scope: UserScope) {
  return store.db
    .selectFrom('phrases as p')
    .leftJoin('facilities as f', 'f.id', 'p.facility_id')
    .selectAll('p')
    .select('f.name as facility_name')
    .where((eb) =>
      eb.or([
        eb.and([eb('p.owner_kind', '=', 'user'), eb('p.owner_user_id', '=', scope.user.id)]),
        eb.and([eb('p.owner_kind', '=', 'facility'), eb('p.facility_id', '=', scope.facilityId)]),
      ]),
    );
}

/** The caller's phrases and their office's, office phrases first, then by title; deleted ones too. */
export async function listPhrases(scope: UserScope): Promise<Phrase[]> {
  const rows = await visibleTo(scope.store, scope).orderBy('p.owner_kind').orderBy('p.title').orderBy('p.id').execute();
  await scope.audit({ action: 'phrase.list', outcome: 'ok', detail: { phrases: rows.length } });
  return rows.map((row) => toPhrase(scope, row as PhraseRow));
}

const notFound = () => new RenkeiError({ reason: 'RECORD_NOT_FOUND' });

async function refuse(scope: UserScope, action: string, reason: 'PHRASE_NOT_OWNER' | 'PHRASE_FACILITY_WRITER', detail: Record<string, string>): Promise<never> {
  await scope.audit({ action, outcome: 'denied', detail: { ...detail, reason } });
  throw new RenkeiError({ reason });
}

export interface PhraseText {
  target: PhraseTargetName;
  title: string;
  body: string;
}

export async function createPhrase(scope: UserScope, input: PhraseText & { owner: PhraseOwnerName }): Promise<Phrase> {
  const facility = input.owner === 'PHRASE_OWNER_FACILITY';
  if (facility && !mayWriteFacilityPhrases(scope)) await refuse(scope, 'phrase.create', 'PHRASE_FACILITY_WRITER', { owner: input.owner });
  const { store, now } = scope;
  const count = await store.db
    .selectFrom('phrases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(facility ? 'facility_id' : 'owner_user_id', '=', facility ? scope.facilityId : scope.user.id)
    .where('owner_kind', '=', facility ? 'facility' : 'user')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_PHRASES) throw invalidRequest([fieldViolation('owner', 'TOO_MANY_PHRASES', { max: String(MAX_PHRASES) })]);
  const id = randomUUID();
  await store.db
    .insertInto('phrases')
    .values({
      id,
      owner_kind: facility ? 'facility' : 'user',
      owner_user_id: facility ? null : scope.user.id,
      facility_id: facility ? scope.facilityId : null,
      target: input.target,
      title: input.title,
      body: input.body,
      created_at: now.toISOString(),
      created_by: scope.user.id,
      updated_at: now.toISOString(),
      updated_by: scope.user.id,
      deleted_at: null,
      deleted_by: null,
    })
    .execute();
  await scope.audit({ action: 'phrase.create', outcome: 'ok', detail: { phraseId: id, owner: input.owner } });
  return readPhrase(scope, id);
}

async function readPhrase(scope: UserScope, id: string): Promise<Phrase> {
  const row = await visibleTo(scope.store, scope).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toPhrase(scope, row as PhraseRow);
}

/** The phrase, if the caller may change it: refused (and audited) when they only read it. */
async function editablePhrase(scope: UserScope, id: string, action: string): Promise<PhraseTable> {
  const row = await visibleTo(scope.store, scope).where('p.id', '=', id).where('p.deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  if (!mayEdit(scope, row)) await refuse(scope, action, row.owner_kind === 'user' ? 'PHRASE_NOT_OWNER' : 'PHRASE_FACILITY_WRITER', { phraseId: id });
  return row;
}

export async function updatePhrase(scope: UserScope, input: PhraseText & { phraseId: string }): Promise<Phrase> {
  await editablePhrase(scope, input.phraseId, 'phrase.update');
  await scope.store.db
    .updateTable('phrases')
    .set({ target: input.target, title: input.title, body: input.body, updated_at: scope.now.toISOString(), updated_by: scope.user.id })
    .where('id', '=', input.phraseId)
    .execute();
  await scope.audit({ action: 'phrase.update', outcome: 'ok', detail: { phraseId: input.phraseId } });
  return readPhrase(scope, input.phraseId);
}

export async function deletePhrase(scope: UserScope, phraseId: string): Promise<Phrase> {
  await editablePhrase(scope, phraseId, 'phrase.delete');
  const at = scope.now.toISOString();
  await scope.store.db
    .updateTable('phrases')
    .set({ deleted_at: at, deleted_by: scope.user.id, updated_at: at, updated_by: scope.user.id })
    .where('id', '=', phraseId)
    .execute();
  await scope.audit({ action: 'phrase.delete', outcome: 'ok', detail: { phraseId } });
  return readPhrase(scope, phraseId);
}
