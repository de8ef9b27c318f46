// Enrolling a device (the Tailscale / NetBird pattern): the regional office issues a one-time
// code for a facility; the device sends the code with its WireGuard public key (its private key
// never leaves it); the server registers it as pending, with a tunnel address allocated inside the
// same transaction under a uniqueness constraint. Approval is a separate, later step.
import { randomUUID } from 'node:crypto';
import { EnrollmentCodeFormatError, RenkeiError, createEnrollmentCode, hashEnrollmentSecret, parseEnrollmentCode } from '@renkei/proto';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { isUsablePeerKey } from '@renkei/wireguard';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { serialize, SerialLock, transaction, type Store } from '../db/database';
import type { DeviceRow } from '../db/schema';
import type { TunnelSubnet } from '../tunnel/tunnel-subnet';
import { parseInput, singleLine } from '../validation';
import { newDeviceSecret } from './device-credential';

export interface IssuedCode {
  id: string;
  code: string;
  facilityId: string;
  expiresAt: string;
}

export async function issueEnrollmentCode(
  store: Store,
  options: { facilityId: string; label: string; createdBy: string; caPin: Buffer; validHours: number },
  now: Date,
): Promise<IssuedCode> {
  const code = createEnrollmentCode(options.caPin);
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + options.validHours * 3_600_000).toISOString();
  await store.db
    .insertInto('enrollment_codes')
    .values({
      id,
      secret_hash: hashEnrollmentSecret(code.secret),
      facility_id: options.facilityId,
      label: options.label,
      created_by: options.createdBy,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      device_id: null,
    })
    .execute();
  await recordAudit(
    store,
    { action: 'enrollment-code.issue', outcome: 'ok', actorLabel: options.createdBy, detail: { codeId: id, facilityId: options.facilityId } },
    now,
  );
  return { id, code: code.text, facilityId: options.facilityId, expiresAt };
}

const enrollInput = z.object({
  deviceName: singleLine(60, 1),
  hostname: singleLine(253).default(''),
  platform: singleLine(20).default(''),
});

export interface EnrollRequest {
  enrollmentCode: string;
  wireguardPublicKey: string;
  deviceName: string;
  hostname: string;
  platform: string;
}

export interface Enrolled {
  device: DeviceRow;
  facilityName: string;
  /** Given to the device once; with its id, it authenticates the device from now on. */
  deviceSecret: string;
}

export async function enrollDevice(
  store: Store,
  request: EnrollRequest,
  context: { caPin: Buffer; subnet: TunnelSubnet; serverPublicKey?: string },
  now: Date,
): Promise<Enrolled> {
  let parsedCode;
  try {
    parsedCode = parseEnrollmentCode(request.enrollmentCode);
  } catch (error) {
    if (error instanceof EnrollmentCodeFormatError) {
      throw new RenkeiError({ reason: 'ENROLLMENT_CODE_MALFORMED', metadata: error.detail });
    }
    throw error;
  }
  if (parsedCode.caPin.length !== context.caPin.length || !timingSafeEqual(parsedCode.caPin, context.caPin)) {
    throw new RenkeiError({ reason: 'ENROLLMENT_CODE_WRONG_SERVER' });
  }
  // A small-order key would give a tunnel with no secret; the server's own key would make the
  // server its own peer. Neither comes from a real device.
  if (!isUsablePeerKey(request.wireguardPublicKey) || request.wireguardPublicKey === context.serverPublicKey) {
    throw new RenkeiError({ reason: 'DEVICE_KEY_MALFORMED' });
  }
  const valid = parseInput(enrollInput, request);
  const secretHash = hashEnrollmentSecret(parsedCode.secret);

  return transaction(store, (tx) => enrollInTransaction(tx, request, valid, secretHash, context.subnet, now));
}

async function enrollInTransaction(
  tx: Store,
  request: EnrollRequest,
  valid: z.output<typeof enrollInput>,
  secretHash: string,
  subnet: TunnelSubnet,
  now: Date,
): Promise<Enrolled> {
  const code = await tx.db.selectFrom('enrollment_codes').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
  if (!code) throw new RenkeiError({ reason: 'ENROLLMENT_CODE_UNKNOWN' });
  if (code.used_at !== null) throw new RenkeiError({ reason: 'ENROLLMENT_CODE_USED' });
  if (Date.parse(code.expires_at) <= now.getTime()) {
    throw new RenkeiError({ reason: 'ENROLLMENT_CODE_EXPIRED', metadata: { expiresAt: formatJapanDateTime(new Date(code.expires_at)) } });
  }
  const sameKey = await tx.db.selectFrom('devices').select('id').where('wireguard_public_key', '=', request.wireguardPublicKey).executeTakeFirst();
  if (sameKey) throw new RenkeiError({ reason: 'DEVICE_KEY_ALREADY_ENROLLED' });

  // Enrollments at the same moment take turns here, so none picks an address another is taking;
  // the unique constraint on tunnel_host remains the last word.
  await serialize(tx, SerialLock.TunnelAddresses);
  const last = await tx.db
    .selectFrom('devices')
    .select((eb) => eb.fn.max('tunnel_host').as('host'))
    .executeTakeFirst();
  const host = Math.max(Number(last?.host ?? 1), 1) + 1;
  if (host > subnet.maxHost) throw new RenkeiError({ reason: 'TUNNEL_ADDRESSES_EXHAUSTED' });

  const facility = await tx.db.selectFrom('facilities').select(['name']).where('id', '=', code.facility_id).executeTakeFirstOrThrow();
  const { secret, hash } = newDeviceSecret();
  const device: DeviceRow = {
    id: randomUUID(),
    facility_id: code.facility_id,
    name: valid.deviceName,
    hostname: valid.hostname,
    platform: valid.platform,
    wireguard_public_key: request.wireguardPublicKey,
    tunnel_host: host,
    tunnel_address: subnet.address(host),
    secret_hash: hash,
    state: 'DEVICE_STATE_PENDING',
    enrollment_code_id: code.id,
    enrolled_at: now.toISOString(),
    approved_at: null,
    approved_by: null,
    revoked_at: null,
    revoked_by: null,
    last_seen_at: null,
  };
  await tx.db.insertInto('devices').values(device).execute();
  // The guard on used_at makes a code single-use even when two devices race with it.
  const claimed = await tx.db
    .updateTable('enrollment_codes')
    .set({ used_at: now.toISOString(), device_id: device.id })
    .where('id', '=', code.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new RenkeiError({ reason: 'ENROLLMENT_CODE_USED' });
  await recordAudit(
    tx,
    {
      action: 'device.enroll',
      outcome: 'ok',
      actorDeviceId: device.id,
      actorLabel: 'enrollment',
      detail: { codeId: code.id, facilityId: code.facility_id, tunnelAddress: device.tunnel_address },
    },
    now,
  );
  return { device, facilityName: facility.name, deviceSecret: secret };
}
