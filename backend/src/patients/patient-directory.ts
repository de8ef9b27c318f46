// Listing and searching the patients a user may see, in kana order (五十音順) as clinic staff
// expect. Search matches normalised substrings of the written name or its reading (see
// proto/src/japanese-search.ts); the same rule runs in the desktop cache.
import { normalizeForSearch, regionalNumberOfQuery } from '@renkei/proto';
import type { PatientSummary } from '@renkei/proto/generated/renkei/v1/PatientSummary';
import { sql, type ExpressionBuilder } from 'kysely';
import { chartAccessForPatients } from '../access/chart-access';
import { readableArchivedPatientIds, visiblePatientIds } from '../access/patient-access';
import { loadStandings } from '../coverage/patient-standing';
import type { Store } from '../db/database';
import type { Database, PatientRow } from '../db/schema';
import { personNameOf } from '../person-name';

type SummaryRow = Pick<
  PatientRow,
  'id' | 'family_name' | 'given_name' | 'family_name_kana' | 'given_name_kana' | 'birth_date' | 'sex' | 'care_level' | 'regional_number' | 'archived_at'
>;

async function summaries(store: Store, userId: string, rows: SummaryRow[], now: Date): Promise<PatientSummary[]> {
  if (rows.length === 0) return [];
  const roles = await store.db
    .selectFrom('care_team_memberships')
    .select(['patient_id', 'role'])
    .where('user_id', '=', userId)
    .where('left_at', 'is', null)
    .where(
      'patient_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  // The list's marks (instruction ending or ended, certification ending) as the user's roles may see them.
  const ids = rows.map((r) => r.id);
  const standings = await loadStandings(store, ids, await chartAccessForPatients(store, userId, ids), now);
  return rows.map((r) => ({
    id: r.id,
    name: personNameOf(r),
    birthDate: r.birth_date,
    sex: r.sex as 'SEX_MALE',
    careLevel: r.care_level as 'CARE_LEVEL_CARE_1',
    myRoles: roles.filter((x) => x.patient_id === r.id).map((x) => x.role as 'CARE_TEAM_ROLE_OTHER'),
    regionalNumber: Number(r.regional_number ?? 0),
    marks: standings.get(r.id)?.marks ?? null,
    archived: r.archived_at !== null,
  }));
}

const SUMMARY_COLUMNS = [
  'id',
  'family_name',
  'given_name',
  'family_name_kana',
  'given_name_kana',
  'birth_date',
  'sex',
  'care_level',
  'regional_number',
  'archived_at',
] as const;

interface PageToken {
  familyKana: string;
  givenKana: string;
  id: string;
}

function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodePageToken(text: string): PageToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
    return typeof token.familyKana === 'string' && typeof token.givenKana === 'string' && typeof token.id === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

export async function listPatientsFor(
  store: Store,
  userId: string,
  pageSize: number,
  after: PageToken | undefined,
  now: Date,
): Promise<{ patients: PatientSummary[]; nextPageToken: string }> {
  let query = store.db
    .selectFrom('patients')
    .select(SUMMARY_COLUMNS)
    .where('id', 'in', visiblePatientIds(store.db, userId))
    .orderBy('family_name_kana')
    .orderBy('given_name_kana')
    .orderBy('id');
  if (after) {
    query = query.where((eb) => eb(eb.refTuple('family_name_kana', 'given_name_kana', 'id'), '>', eb.tuple(after.familyKana, after.givenKana, after.id)));
  }
  const rows = await query.limit(pageSize + 1).execute();
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    patients: await summaries(store, userId, page, now),
    nextPageToken: rows.length > pageSize && last ? encodePageToken({ familyKana: last.family_name_kana, givenKana: last.given_name_kana, id: last.id }) : '',
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

export async function searchPatientsFor(
  store: Store,
  userId: string,
  query: string,
  limit: number,
  now: Date,
  includeArchived = false,
): Promise<PatientSummary[]> {
  const findable = (eb: ExpressionBuilder<Database, 'patients'>) =>
    includeArchived
      ? eb.or([eb('id', 'in', visiblePatientIds(store.db, userId)), eb('id', 'in', readableArchivedPatientIds(store.db, userId))])
      : eb('id', 'in', visiblePatientIds(store.db, userId));
  // A regional number ("No. 000123", "123") finds its patient, as the phone call names them.
  const number = regionalNumberOfQuery(query);
  if (number !== undefined) {
    const rows = await store.db.selectFrom('patients').select(SUMMARY_COLUMNS).where(findable).where('regional_number', '=', number).execute();
    return summaries(store, userId, rows, now);
  }
  const needle = normalizeForSearch(query);
  if (needle === '') return [];
  const pattern = likePattern(needle);
  const prefix = `${escapeLike(needle)}%`;
  const rows = await store.db
    .selectFrom('patients')
    .select(SUMMARY_COLUMNS)
    .where(findable)
    .where((eb) => eb.or([sql<boolean>`search_written like ${pattern} escape '\\'`, sql<boolean>`search_reading like ${pattern} escape '\\'`]))
    // Names that start with what was typed come first: people type the beginning of a name.
    .orderBy(sql`case when search_reading like ${prefix} escape '\\' or search_written like ${prefix} escape '\\' then 0 else 1 end`)
    .orderBy('family_name_kana')
    .orderBy('given_name_kana')
    .limit(limit)
    .execute();
  return summaries(store, userId, rows, now);
}
