// What the region did in one month, counted from the record itself: who is registered (at the
// month's end), what was shared and written during the month, and who used Renkei. The categories
// follow the pilot's 結果 section (宮崎市 在宅医療介護連携 実証モデル: 登録利用者・施設, 貸与端末数,
// ログイン, 総投稿数, 患者グループ数, アクション回数, 患者 ID 数), so a region can report the way the
// pilot did. Logins and active users come from the audit log, the rest from the clinical tables.
import { FACILITY_KINDS, PROFESSIONS, type FacilityKindName, type ProfessionName } from '@renkei/proto';
import type { Store } from '../db/database';
import { countPartnerReach } from './partner-reach';
import { japanMonthBounds, type ReportMonth } from './report-months';

export interface MonthlyUsage {
  month: ReportMonth;
  /** Users able to sign in at the month's end (created before it, not disabled by then), by profession. */
  usersByProfession: Record<ProfessionName, number>;
  users: number;
  /** Offices registered by the month's end, by kind. */
  facilitiesByKind: Record<FacilityKindName, number>;
  facilities: number;
  /** Clinic PCs approved and not revoked at the month's end (the pilot's 貸与端末数). */
  devices: number;
  /** Successful sign-ins during the month (the pilot's 延ログイン数: every sign-in, not every person). */
  logins: number;
  /** Distinct users with a successful sign-in or call during the month. */
  activeUsers: number;
  /** Posts written on timelines during the month (replies included; the pilot's 総投稿数). */
  posts: number;
  /** Chart actions during the month (the pilot's アクション回数, 文書作成等の動作の回数). */
  notes: number;
  documents: number;
  forms: number;
  /** Patients registered by the month's end (the pilot's 患者 ID 数), and of those, during the month. */
  patients: number;
  newPatients: number;
  /** Patient timelines (the pilot's 患者グループ, one per patient whose team shares) and other groups, by the month's end. */
  patientTimelines: number;
  groups: number;
  /** The month's shared items, each counted once per other office it reached (partner-reach.ts). */
  partnerContacts: number;
  /** The month's shared items that reached at least one other office. */
  itemsReachingPartners: number;
}

const count = (row: { n: string | number | bigint } | undefined) => Number(row?.n ?? 0);

export async function countMonthlyUsage(store: Store, month: ReportMonth): Promise<MonthlyUsage> {
  const { start, end } = japanMonthBounds(month);
  const db = store.db;

  const userRows = await db
    .selectFrom('users')
    .select((eb) => ['profession', eb.fn.countAll().as('n')])
    .where('created_at', '<', end)
    .where((eb) => eb.or([eb('disabled_at', 'is', null), eb('disabled_at', '>=', end)]))
    .groupBy('profession')
    .execute();
  const usersByProfession = Object.fromEntries(PROFESSIONS.map((p) => [p, 0])) as Record<ProfessionName, number>;
  for (const row of userRows) usersByProfession[row.profession as ProfessionName] = (usersByProfession[row.profession as ProfessionName] ?? 0) + count(row);

  const facilityRows = await db
    .selectFrom('facilities')
    .select((eb) => ['kind', eb.fn.countAll().as('n')])
    .where('created_at', '<', end)
    .groupBy('kind')
    .execute();
  const facilitiesByKind = Object.fromEntries(FACILITY_KINDS.map((k) => [k, 0])) as Record<FacilityKindName, number>;
  for (const row of facilityRows) facilitiesByKind[row.kind as FacilityKindName] = (facilitiesByKind[row.kind as FacilityKindName] ?? 0) + count(row);

  const devices = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('approved_at', 'is not', null)
    .where('approved_at', '<', end)
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>=', end)]))
    .executeTakeFirst();

  const logins = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('action', '=', 'auth.login')
    .where('outcome', '=', 'ok')
    .where('at', '>=', start)
    .where('at', '<', end)
    .executeTakeFirst();
  const activeUsers = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.count('actor_user_id').distinct().as('n'))
    .where('outcome', '=', 'ok')
    .where('actor_user_id', 'is not', null)
    .where('at', '>=', start)
    .where('at', '<', end)
    .executeTakeFirst();

  const posts = await db
    .selectFrom('timeline_posts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('posted_at', '>=', start)
    .where('posted_at', '<', end)
    .executeTakeFirst();
  const notes = await db
    .selectFrom('progress_note_versions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('recorded_at', '>=', start)
    .where('recorded_at', '<', end)
    .executeTakeFirst();
  const documents = await db
    .selectFrom('document_versions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('uploaded_at', '>=', start)
    .where('uploaded_at', '<', end)
    .executeTakeFirst();
  // A form counts once for each version saved (created, amended) and once when it is finalised.
  const formSaves = await db
    .selectFrom('form_versions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('saved_at', '>=', start)
    .where('saved_at', '<', end)
    .executeTakeFirst();
  const formFinalisations = await db
    .selectFrom('form_versions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('finalised_at', 'is not', null)
    .where('finalised_at', '>=', start)
    .where('finalised_at', '<', end)
    .executeTakeFirst();

  const patients = await db
    .selectFrom('patients')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('created_at', '<', end)
    .executeTakeFirst();
  const newPatients = await db
    .selectFrom('patients')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .executeTakeFirst();
  const timelineRows = await db
    .selectFrom('timelines')
    .select((eb) => ['kind', eb.fn.countAll().as('n')])
    .where('created_at', '<', end)
    .groupBy('kind')
    .execute();

  const reach = await countPartnerReach(store, month);

  return {
    month,
    usersByProfession,
    users: userRows.reduce((sum, row) => sum + count(row), 0),
    facilitiesByKind,
    facilities: facilityRows.reduce((sum, row) => sum + count(row), 0),
    devices: count(devices),
    logins: count(logins),
    activeUsers: count(activeUsers),
    posts: count(posts),
    notes: count(notes),
    documents: count(documents),
    forms: count(formSaves) + count(formFinalisations),
    patients: count(patients),
    newPatients: count(newPatients),
    patientTimelines: count(timelineRows.find((r) => r.kind === 'patient')),
    groups: count(timelineRows.find((r) => r.kind === 'group')),
    ...reach,
  };
}

/** Chart actions of a month: notes, documents and forms together. */
export function chartActionsOf(usage: MonthlyUsage): number {
  return usage.notes + usage.documents + usage.forms;
}
