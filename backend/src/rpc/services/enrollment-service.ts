// renkei.v1.EnrollmentService: the only service on the public enrollment listener.
import type { DeviceStatus } from '@renkei/proto/generated/renkei/v1/DeviceStatus';
import type { EnrollResponse } from '@renkei/proto/generated/renkei/v1/EnrollResponse';
import { z } from 'zod';
import type { Store } from '../../db/database';
import type { DeviceRow } from '../../db/schema';
import { enrollDevice } from '../../devices/enrollment';
import type { TunnelSubnet } from '../../tunnel/tunnel-subnet';
import { toTimestamp } from '../../time';
import type { CallContext, UnaryMethod } from '../dispatcher';

/** How approved devices reach the clinical API. */
export type ClinicalRoute =
  | { kind: 'tunnel'; subnet: TunnelSubnet; serverPublicKey: string; endpoint: string; clinicalPort: number }
  | { kind: 'untunneled'; address: string };

export interface EnrollmentServiceDeps {
  caPin: Buffer;
  /** Tunnel addresses are allocated from here even without a tunnel, so they stay unique. */
  subnet: TunnelSubnet;
  route: () => ClinicalRoute;
}

const PERSISTENT_KEEPALIVE_SECONDS = 25;

async function deviceStatus(store: Store, device: DeviceRow, route: ClinicalRoute): Promise<DeviceStatus> {
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

const enrollRequest = z.object({
  enrollmentCode: z.string().max(200),
  wireguardPublicKey: z.string().max(100),
  deviceName: z.string().max(200),
  hostname: z.string().max(253),
  platform: z.string().max(20),
});

export function enrollmentService(deps: EnrollmentServiceDeps): Record<string, UnaryMethod<any, any>> {
  const Enroll: UnaryMethod<z.output<typeof enrollRequest>, EnrollResponse> = {
    request: enrollRequest,
    async handle(request, context: CallContext) {
      const enrolled = await enrollDevice(context.store, request, { caPin: deps.caPin, subnet: deps.subnet }, context.now);
      return { status: await deviceStatus(context.store, enrolled.device, deps.route()), deviceSecret: enrolled.deviceSecret };
    },
  };
  const GetDeviceStatus: UnaryMethod<unknown, DeviceStatus> = {
    handle: async (_request, context) => deviceStatus(context.store, context.device!, deps.route()),
  };
  return { Enroll, GetDeviceStatus };
}
