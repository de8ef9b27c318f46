// Establishes who is calling, for the access level the RPC policy asks: the device (by its
// credentials and, on the tunnel, by the address WireGuard vouches for) and the user (by a
// session bound to that device). Nothing is established for a method anyone may call.
import { RenkeiError } from '@renkei/proto';
import type * as grpc from '@grpc/grpc-js';
import type { Store } from '../db/database';
import type { DeviceRow, SessionRow, UserRow } from '../db/schema';
import { DEVICE_METADATA_KEY, parseDeviceCredential, secretMatches } from '../devices/device-credential';
import { SESSION_METADATA_KEY, findSession, judgeSession } from '../auth/sessions';
import { otherFacilityRefusal } from '../facilities/facility-links';
import type { TunnelSubnet } from '../tunnel/tunnel-subnet';
import { ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED } from './rpc-policy';

/** A logged-in user, calling from the approved device their session is bound to. */
interface UserCaller {
  device: DeviceRow;
  user: UserRow;
  session: SessionRow;
}

export interface CallerCheck {
  store: Store;
  /** Set when the clinical API is served on the WireGuard tunnel: calls must come from it. */
  tunnel?: TunnelSubnet;
  now: Date;
}

/** "ipv4:10.77.0.2:51234", "10.77.0.2:51234" or "[::1]:51234" to the bare address. */
export function peerAddress(peer: string): string {
  const bare = peer.replace(/^ipv[46]:/, '');
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(bare);
  if (bracketed) return bracketed[1]!.replace(/^::ffff:/, '');
  return bare.replace(/:\d+$/, '').replace(/^::ffff:/, '');
}

function metadataValue(metadata: grpc.Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

async function deviceOf(check: CallerCheck, metadata: grpc.Metadata): Promise<DeviceRow> {
  const credential = parseDeviceCredential(metadataValue(metadata, DEVICE_METADATA_KEY) ?? '');
  if (!credential) throw new RenkeiError({ reason: 'DEVICE_UNKNOWN' });
  const device = await check.store.db.selectFrom('devices').selectAll().where('id', '=', credential.deviceId).executeTakeFirst();
  if (!device || !secretMatches(credential.secret, device.secret_hash)) throw new RenkeiError({ reason: 'DEVICE_UNKNOWN' });
  return device;
}

function requireApproved(device: DeviceRow): void {
  if (device.state === 'DEVICE_STATE_REVOKED') throw new RenkeiError({ reason: 'DEVICE_REVOKED' });
  if (device.state !== 'DEVICE_STATE_APPROVED') throw new RenkeiError({ reason: 'DEVICE_PENDING' });
}

/**
 * The calling device, at the level the RPC policy asks: any enrolled device (to learn its state),
 * or an approved one calling through its own tunnel address.
 */
export async function authenticateDevice(
  check: CallerCheck,
  level: 'enrolled-device' | 'approved-device',
  metadata: grpc.Metadata,
  peer: string,
): Promise<DeviceRow> {
  const address = peerAddress(peer);
  // On the tunnel listener, only tunnel addresses may call at all. The kernel would also deliver
  // packets for the tunnel address that arrive on other interfaces; the server's nftables table
  // (tunnel/tunnel-only-filter.ts) drops those first, and this stays as a second layer.
  if (check.tunnel && level !== 'enrolled-device' && !check.tunnel.contains(address)) {
    throw new RenkeiError({ reason: 'NOT_THROUGH_TUNNEL' });
  }
  const device = await deviceOf(check, metadata);
  if (level === 'enrolled-device') return device;

  requireApproved(device);
  // WireGuard admits a packet with this source address only from this device's key.
  if (check.tunnel && address !== device.tunnel_address) throw new RenkeiError({ reason: 'NOT_THROUGH_TUNNEL' });
  await touchDevice(check, device);
  return device;
}

/**
 * The user of a session, bound to the approved device it calls from, for the method `path`. While
 * the user must change their password, only the calls that change it (and say who is signed in, and
 * log out) pass: here, once for every handler and stream, not in each of them.
 */
export async function authenticateUser(check: CallerCheck, metadata: grpc.Metadata, peer: string, path: string): Promise<UserCaller> {
  // The device and the session are looked up at once (on PostgreSQL, one round trip's wait instead
  // of two); the session is judged only once the device has passed, so a device's refusal comes first.
  const [device, found] = await Promise.all([
    authenticateDevice(check, 'approved-device', metadata, peer),
    findSession(check.store, metadataValue(metadata, SESSION_METADATA_KEY)),
  ]);
  const lookup = judgeSession(found, device.id, check.now);
  switch (lookup.status) {
    case 'valid': {
      // Checked at login; checked again because the user's facility or the facilities' link may have changed since.
      const refusal = await otherFacilityRefusal(check.store, lookup.user, device.facility_id);
      if (refusal) throw refusal;
      if (lookup.user.password_change_required === 1 && !ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED.has(path)) {
        throw new RenkeiError({ reason: 'PASSWORD_CHANGE_REQUIRED' });
      }
      return { device, user: lookup.user, session: lookup.session };
    }
    case 'expired':
      throw new RenkeiError({ reason: 'SESSION_EXPIRED' });
    case 'user-disabled':
      throw new RenkeiError({ reason: 'ACCOUNT_DISABLED' });
    default:
      throw new RenkeiError({ reason: 'SESSION_REQUIRED' });
  }
}

const LAST_SEEN_GRANULARITY_MS = 60_000;

/** Keeps last_seen_at roughly current without a write on every call. */
async function touchDevice(check: CallerCheck, device: DeviceRow): Promise<void> {
  if (device.last_seen_at && check.now.getTime() - Date.parse(device.last_seen_at) < LAST_SEEN_GRANULARITY_MS) return;
  await check.store.db.updateTable('devices').set({ last_seen_at: check.now.toISOString() }).where('id', '=', device.id).execute();
}
