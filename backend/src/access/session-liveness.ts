// Whether sessions still hold, for calls that last: a live stream was authenticated when it
// started, and must end the moment its session ends (logout, expiry), its device is revoked, its
// user disabled or asked to change their password, or the link that let the user on another
// facility's device removed, with the refusal a new call would get (access/authenticate.ts; no
// stream is among the calls allowed while a password change is due). One query for every stream of
// a process, so checking on every batch and every second stays cheap.
import { RenkeiError } from '@renkei/proto';
import type { Store } from '../db/database';
import { otherFacilityRefusal } from '../facilities/facility-links';

/** The refusal for each session that no longer holds; sessions that hold are not in the map. */
export async function sessionRefusals(store: Store, sessionIds: readonly string[], now: Date): Promise<Map<string, RenkeiError>> {
  const refusals = new Map<string, RenkeiError>();
  const ids = [...new Set(sessionIds)];
  if (ids.length === 0) return refusals;
  const rows = await store.db
    .selectFrom('sessions as s')
    .innerJoin('devices as d', 'd.id', 's.device_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('facility_links as l', (join) => join.onRef('l.facility_id', '=', 'u.facility_id').onRef('l.host_facility_id', '=', 'd.facility_id'))
    .select([
      's.id',
      's.ended_at',
      's.expires_at',
      'd.state',
      'u.disabled_at',
      'u.password_change_required',
      'd.facility_id as device_facility_id',
      'u.facility_id as user_facility_id',
      'l.facility_id as linked',
    ])
    .where('s.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of ids) {
    const row = byId.get(id);
    // In the order authenticateUser checks: the device, then the session, then the user.
    const reason = !row
      ? 'SESSION_REQUIRED'
      : row.state === 'DEVICE_STATE_REVOKED'
        ? 'DEVICE_REVOKED'
        : row.state !== 'DEVICE_STATE_APPROVED'
          ? 'DEVICE_PENDING'
          : row.ended_at !== null
            ? 'SESSION_REQUIRED'
            : Date.parse(row.expires_at) <= now.getTime()
              ? 'SESSION_EXPIRED'
              : row.disabled_at !== null
                ? 'ACCOUNT_DISABLED'
                : row.device_facility_id !== row.user_facility_id && row.linked === null
                  ? 'DEVICE_OTHER_FACILITY'
                  : row.password_change_required === 1
                    ? 'PASSWORD_CHANGE_REQUIRED'
                    : undefined;
    if (reason === 'DEVICE_OTHER_FACILITY') {
      const refusal = await otherFacilityRefusal(store, { facility_id: row!.user_facility_id }, row!.device_facility_id);
      if (refusal) refusals.set(id, refusal);
    } else if (reason) refusals.set(id, new RenkeiError({ reason }));
  }
  return refusals;
}
