// The registered devices and the regional office's decisions about them.
import { RenkeiError } from '@renkei/proto';
import { sql } from 'kysely';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import type { DeviceRow } from '../db/schema';
import { fieldViolation, invalidRequest } from '../validation';

interface DeviceListing extends DeviceRow {
  facility_name: string;
}

export function listDevices(store: Store): Promise<DeviceListing[]> {
  return store.db
    .selectFrom('devices')
    .innerJoin('facilities', 'facilities.id', 'devices.facility_id')
    .selectAll('devices')
    .select('facilities.name as facility_name')
    .orderBy('devices.enrolled_at')
    .execute();
}

/** A device by full id or by a unique prefix of at least 6 characters, as an operator types it. */
export async function findDevice(store: Store, idOrPrefix: string): Promise<DeviceRow> {
  const text = idOrPrefix.trim().toLowerCase();
  const rows = /^[0-9a-f-]{6,36}$/.test(text)
    ? await store.db
        .selectFrom('devices')
        .selectAll()
        .where(sql`cast(id as text)`, 'like', `${text}%`)
        .limit(2)
        .execute()
    : [];
  if (rows.length !== 1) {
    throw invalidRequest([fieldViolation('device', rows.length === 0 ? 'UNKNOWN_DEVICE' : 'AMBIGUOUS_DEVICE', { prefix: idOrPrefix })]);
  }
  return rows[0]!;
}

export async function approveDevice(store: Store, deviceId: string, approvedBy: string, now: Date): Promise<DeviceRow> {
  return transaction(store, async (tx) => {
    const device = await tx.db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow();
    if (device.state === 'DEVICE_STATE_REVOKED') throw new RenkeiError({ reason: 'DEVICE_REVOKED' });
    if (device.state === 'DEVICE_STATE_APPROVED') return device;
    const approved = { ...device, state: 'DEVICE_STATE_APPROVED' as const, approved_at: now.toISOString(), approved_by: approvedBy };
    await tx.db
      .updateTable('devices')
      .set({ state: approved.state, approved_at: approved.approved_at, approved_by: approvedBy })
      .where('id', '=', deviceId)
      .execute();
    await recordAudit(tx, { action: 'device.approve', outcome: 'ok', actorLabel: approvedBy, actorDeviceId: deviceId }, now);
    return approved;
  });
}

/** Revokes for good: the tunnel peer goes (see tunnel/cloud-tunnel.ts) and every session ends. */
export async function revokeDevice(store: Store, deviceId: string, revokedBy: string, now: Date): Promise<DeviceRow> {
  return transaction(store, async (tx) => {
    const device = await tx.db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow();
    if (device.state === 'DEVICE_STATE_REVOKED') return device;
    await tx.db
      .updateTable('devices')
      .set({ state: 'DEVICE_STATE_REVOKED', revoked_at: now.toISOString(), revoked_by: revokedBy })
      .where('id', '=', deviceId)
      .execute();
    await tx.db.updateTable('sessions').set({ ended_at: now.toISOString() }).where('device_id', '=', deviceId).where('ended_at', 'is', null).execute();
    await recordAudit(tx, { action: 'device.revoke', outcome: 'ok', actorLabel: revokedBy, actorDeviceId: deviceId }, now);
    return { ...device, state: 'DEVICE_STATE_REVOKED', revoked_at: now.toISOString(), revoked_by: revokedBy };
  });
}

export function approvedDevices(store: Store): Promise<Pick<DeviceRow, 'id' | 'wireguard_public_key' | 'tunnel_address'>[]> {
  return store.db.selectFrom('devices').select(['id', 'wireguard_public_key', 'tunnel_address']).where('state', '=', 'DEVICE_STATE_APPROVED').execute();
}
