// How many other offices each item shared in a month reached, counted from the record rather than
// assumed. An item (a post, a note, a document, a form saved or finalised) reaches the offices of
// the people on the patient's care team at that moment (for a group post: the group's members then),
// other than the writer's own office: without Renkei those are the offices the writer would have
// phoned and faxed one by one. The pilot assumed 4 for every item; cost-estimate.ts prints both.
import type { Store } from '../db/database';
import { japanMonthBounds, type ReportMonth } from './report-months';

export interface PartnerReach {
  /** Shared items, other offices reached by each summed: the 1対1 calls and FAXes they replace. */
  partnerContacts: number;
  /** Shared items that reached at least one other office. */
  itemsReachingPartners: number;
}

interface SharedItem {
  at: string;
  facilityId: string;
  patientId: string | null;
  groupId: string | null;
}

interface Member {
  facilityId: string;
  from: string;
  until: string | null;
}

export async function countPartnerReach(store: Store, month: ReportMonth): Promise<PartnerReach> {
  const { start, end } = japanMonthBounds(month);
  const db = store.db;
  const items: SharedItem[] = [];

  const posts = await db
    .selectFrom('timeline_posts as p')
    .innerJoin('timelines as t', 't.id', 'p.timeline_id')
    .select(['p.posted_at', 'p.author_facility_id', 't.kind', 't.patient_id', 't.id as timeline_id'])
    .where('p.posted_at', '>=', start)
    .where('p.posted_at', '<', end)
    .execute();
  for (const p of posts) {
    items.push({
      at: p.posted_at,
      facilityId: p.author_facility_id,
      patientId: p.kind === 'patient' ? p.patient_id : null,
      groupId: p.kind === 'group' ? p.timeline_id : null,
    });
  }
  const notes = await db
    .selectFrom('progress_note_versions')
    .select(['recorded_at', 'author_facility_id', 'patient_id'])
    .where('recorded_at', '>=', start)
    .where('recorded_at', '<', end)
    .execute();
  for (const n of notes) items.push({ at: n.recorded_at, facilityId: n.author_facility_id, patientId: n.patient_id, groupId: null });
  const documents = await db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select(['v.uploaded_at', 'v.uploaded_by_facility_id', 'd.patient_id'])
    .where('v.uploaded_at', '>=', start)
    .where('v.uploaded_at', '<', end)
    .execute();
  for (const d of documents) items.push({ at: d.uploaded_at, facilityId: d.uploaded_by_facility_id, patientId: d.patient_id, groupId: null });
  const formSaves = await db
    .selectFrom('form_versions as v')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .select(['v.saved_at', 'v.saved_by_facility_id', 'f.patient_id'])
    .where('v.saved_at', '>=', start)
    .where('v.saved_at', '<', end)
    .execute();
  for (const f of formSaves) items.push({ at: f.saved_at, facilityId: f.saved_by_facility_id, patientId: f.patient_id, groupId: null });
  const finalisations = await db
    .selectFrom('form_versions as v')
    .innerJoin('forms as f', 'f.id', 'v.form_id')
    .innerJoin('users as u', 'u.id', 'v.finalised_by_user_id')
    .select(['v.finalised_at', 'u.facility_id', 'f.patient_id'])
    .where('v.finalised_at', 'is not', null)
    .where('v.finalised_at', '>=', start)
    .where('v.finalised_at', '<', end)
    .execute();
  for (const f of finalisations) items.push({ at: f.finalised_at!, facilityId: f.facility_id, patientId: f.patient_id, groupId: null });

  const patientIds = [...new Set(items.flatMap((i) => (i.patientId ? [i.patientId] : [])))];
  const groupIds = [...new Set(items.flatMap((i) => (i.groupId ? [i.groupId] : [])))];
  const teams = new Map<string, Member[]>();
  const add = (key: string, member: Member) => teams.set(key, [...(teams.get(key) ?? []), member]);
  if (patientIds.length > 0) {
    const rows = await db
      .selectFrom('care_team_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.patient_id', 'u.facility_id', 'm.joined_at', 'm.left_at'])
      .where('m.patient_id', 'in', patientIds)
      .where('m.joined_at', '<', end)
      .execute();
    for (const r of rows) add(`p:${r.patient_id}`, { facilityId: r.facility_id, from: r.joined_at, until: r.left_at });
  }
  if (groupIds.length > 0) {
    const rows = await db
      .selectFrom('timeline_group_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.timeline_id', 'u.facility_id', 'm.added_at', 'm.removed_at'])
      .where('m.timeline_id', 'in', groupIds)
      .where('m.added_at', '<', end)
      .execute();
    for (const r of rows) add(`g:${r.timeline_id}`, { facilityId: r.facility_id, from: r.added_at, until: r.removed_at });
  }

  let partnerContacts = 0;
  let itemsReachingPartners = 0;
  for (const item of items) {
    const members = teams.get(item.patientId ? `p:${item.patientId}` : `g:${item.groupId}`) ?? [];
    // ISO instants in UTC compare as strings.
    const offices = new Set(members.filter((m) => m.from <= item.at && (m.until === null || m.until > item.at)).map((m) => m.facilityId));
    offices.delete(item.facilityId);
    partnerContacts += offices.size;
    if (offices.size > 0) itemsReachingPartners += 1;
  }
  return { partnerContacts, itemsReachingPartners };
}
