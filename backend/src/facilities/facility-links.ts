// Which facilities' PCs a user may sign in on. A clinic PC is shared by its own staff: a user signs in
// only on devices registered to their own facility, or to a facility the regional office has linked
// to theirs (`renkei-admin facility link`), as when a substitute doctor (代診医) of clinic A covers
// nights at clinic B. A link is one way: "A → B" lets A's users sign in on B's PCs, and gives B's
// users nothing at A (that is a link of its own). Removing a link ends the sessions it allowed.
import { RenkeiError } from '@renkei/proto';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import type { FacilityRow } from '../db/schema';
import { fieldViolation, invalidRequest } from '../validation';

/** Whether a user of `userFacilityId` may sign in on a device of `deviceFacilityId`. */
export async function mayUseDevicesOf(store: Store, userFacilityId: string, deviceFacilityId: string): Promise<boolean> {
  if (userFacilityId === deviceFacilityId) return true;
  const link = await store.db
    .selectFrom('facility_links')
    .select('facility_id')
    .where('facility_id', '=', userFacilityId)
    .where('host_facility_id', '=', deviceFacilityId)
    .executeTakeFirst();
  return link !== undefined;
}

/** DEVICE_OTHER_FACILITY naming both facilities, when the user may not sign in on a device of `deviceFacilityId`. */
export async function otherFacilityRefusal(store: Store, user: { facility_id: string }, deviceFacilityId: string): Promise<RenkeiError | undefined> {
  if (await mayUseDevicesOf(store, user.facility_id, deviceFacilityId)) return undefined;
  const names = await store.db.selectFrom('facilities').select(['id', 'name']).where('id', 'in', [user.facility_id, deviceFacilityId]).execute();
  const name = (id: string) => names.find((f) => f.id === id)?.name ?? '';
  return new RenkeiError({ reason: 'DEVICE_OTHER_FACILITY', metadata: { deviceFacility: name(deviceFacilityId), userFacility: name(user.facility_id) } });
}

export interface FacilityLink {
  /** Whose users sign in. */
  facility: Pick<FacilityRow, 'id' | 'name'>;
  /** On whose devices. */
  host: Pick<FacilityRow, 'id' | 'name'>;
}

/** Lets the users of one facility sign in on the devices of the host. Audited; false when the link was already there. */
export async function linkFacilities(
  store: Store,
  link: { facilityId: string; hostFacilityId: string },
  actorLabel: string,
  now: Date,
): Promise<{ created: boolean }> {
  if (link.facilityId === link.hostFacilityId) throw invalidRequest([fieldViolation('to', 'FACILITY_LINK_SAME')]);
  return transaction(store, async (tx) => {
    const existing = await tx.db
      .selectFrom('facility_links')
      .select('facility_id')
      .where('facility_id', '=', link.facilityId)
      .where('host_facility_id', '=', link.hostFacilityId)
      .executeTakeFirst();
    if (existing) return { created: false };
    await tx.db
      .insertInto('facility_links')
      .values({ facility_id: link.facilityId, host_facility_id: link.hostFacilityId, created_at: now.toISOString(), created_by: actorLabel })
      .execute();
    await recordAudit(
      tx,
      { action: 'facility.link', outcome: 'ok', actorLabel, detail: { facilityId: link.facilityId, hostFacilityId: link.hostFacilityId } },
      now,
    );
    return { created: true };
  });
}

/**
 * Removes a link and ends the sessions it allowed (users of `facility` on devices of `host`): a
 * substitute doctor's session on the other clinic's PC does not outlive the arrangement. Audited.
 */
export async function unlinkFacilities(store: Store, link: FacilityLink, actorLabel: string, now: Date): Promise<{ sessionsEnded: number }> {
  return transaction(store, async (tx) => {
    const removed = await tx.db
      .deleteFrom('facility_links')
      .where('facility_id', '=', link.facility.id)
      .where('host_facility_id', '=', link.host.id)
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) {
      throw invalidRequest([fieldViolation('to', 'FACILITY_NOT_LINKED', { facility: link.facility.name, host: link.host.name })]);
    }
    const ended = await tx.db
      .updateTable('sessions')
      .set({ ended_at: now.toISOString() })
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('facility_id', '=', link.facility.id))
      .where('device_id', 'in', (eb) => eb.selectFrom('devices').select('id').where('facility_id', '=', link.host.id))
      .executeTakeFirst();
    const sessionsEnded = Number(ended.numUpdatedRows);
    await recordAudit(
      tx,
      { action: 'facility.unlink', outcome: 'ok', actorLabel, detail: { facilityId: link.facility.id, hostFacilityId: link.host.id, sessionsEnded } },
      now,
    );
    return { sessionsEnded };
  });
}

export interface FacilityLinkRow {
  facilityId: string;
  facilityName: string;
  createdAt: string;
  createdBy: string;
}

/** A facility's links both ways: whose PCs its users may use, and whose users may use its PCs. */
export async function facilityLinksOf(store: Store, facilityId: string): Promise<{ usesDevicesOf: FacilityLinkRow[]; devicesUsedBy: FacilityLinkRow[] }> {
  const rows = await store.db
    .selectFrom('facility_links as l')
    .innerJoin('facilities as f', 'f.id', 'l.facility_id')
    .innerJoin('facilities as h', 'h.id', 'l.host_facility_id')
    .select([
      'l.facility_id',
      'l.host_facility_id',
      'f.name as facility_name',
      'h.name as host_name',
      'h.name_kana as host_kana',
      'f.name_kana as facility_kana',
      'l.created_at',
      'l.created_by',
    ])
    .where((eb) => eb.or([eb('l.facility_id', '=', facilityId), eb('l.host_facility_id', '=', facilityId)]))
    .execute();
  const byKana = (a: { kana: string }, b: { kana: string }) => a.kana.localeCompare(b.kana, 'ja');
  const usesDevicesOf = rows
    .filter((r) => r.facility_id === facilityId)
    .map((r) => ({ facilityId: r.host_facility_id, facilityName: r.host_name, kana: r.host_kana, createdAt: r.created_at, createdBy: r.created_by }));
  const devicesUsedBy = rows
    .filter((r) => r.host_facility_id === facilityId)
    .map((r) => ({ facilityId: r.facility_id, facilityName: r.facility_name, kana: r.facility_kana, createdAt: r.created_at, createdBy: r.created_by }));
  const strip = ({ kana: _kana, ...row }: FacilityLinkRow & { kana: string }): FacilityLinkRow => row;
  return { usesDevicesOf: usesDevicesOf.sort(byKana).map(strip), devicesUsedBy: devicesUsedBy.sort(byKana).map(strip) };
}
