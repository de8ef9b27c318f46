// A device's state as the app asks for it while enrolling and after: registered, approved or
// revoked, and, once approved, how it reaches the clinical API (its tunnel, or the demo's plain
// address).
import type { DeviceStatus } from '@renkei/proto/generated/renkei/v1/DeviceStatus';
import type { Store } from '../db/database';
import type { DeviceRow } from '../db/schema';
import { toTimestamp } from '../time';
import type { TunnelSubnet } from '../tunnel/tunnel-subnet';

/** How approved devices reach the clinical API. */
export type ClinicalRoute =
  { kind: 'tunnel'; subnet: TunnelSubnet; serverPublicKey: string; endpoint: string; clinicalPort: number } | { kind: 'untunneled'; address: string };

const PERSISTENT_KEEPALIVE_SECONDS = 25;

export async function deviceStatus(store: Store, device: DeviceRow, route: ClinicalRoute): Promise<DeviceStatus> {
  const facility = await store.db.selectFrom('facilities').select('name').where('id', '=', device.facility_id).executeTakeFirstOrThrow();
  const status: DeviceStatus = {
    deviceId: device.id,
    state: device.state,
    deviceName: device.name,
    facilityName: facility.name,
    enrolledAt: toTimestamp(device.enrolled_at),
    approvedAt: toTimestamp(device.approved_at),
    revokedAt: toTimestamp(device.revoked_at),
  };
  if (device.state !== 'DEVICE_STATE_APPROVED') return status;
  if (route.kind === 'untunneled') return { ...status, untunneledClinicalApiAddress: route.address };
  return {
    ...status,
    tunnel: {
      deviceAddress: `${device.tunnel_address}/32`,
      serverPublicKey: route.serverPublicKey,
      serverEndpoint: route.endpoint,
      // The device routes only the cloud's tunnel address into the tunnel, nothing else.
      allowedIps: [`${route.subnet.serverAddress}/32`],
      clinicalApiAddress: `${route.subnet.serverAddress}:${route.clinicalPort}`,
      persistentKeepaliveSeconds: PERSISTENT_KEEPALIVE_SECONDS,
    },
  };
}
