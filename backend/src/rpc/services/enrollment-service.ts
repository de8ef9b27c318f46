// renkei.v1.EnrollmentService: the only service on the public enrollment listener.
import type { DeviceStatus } from '@renkei/proto/generated/renkei/v1/DeviceStatus';
import type { EnrollResponse } from '@renkei/proto/generated/renkei/v1/EnrollResponse';
import { z } from 'zod';
import { deviceStatus, type ClinicalRoute } from '../../devices/device-status';
import { enrollDevice } from '../../devices/enrollment';
import type { TunnelSubnet } from '../../tunnel/tunnel-subnet';
import type { ServiceMethod, UnaryMethod } from '../dispatcher';

export interface EnrollmentServiceDeps {
  caPin: Buffer;
  /** Tunnel addresses are allocated from here even without a tunnel, so they stay unique. */
  subnet: TunnelSubnet;
  route: () => ClinicalRoute;
}

const enrollRequest = z.object({
  enrollmentCode: z.string().max(200),
  wireguardPublicKey: z.string().max(100),
  deviceName: z.string().max(200),
  hostname: z.string().max(253),
  platform: z.string().max(20),
});

export function enrollmentService(deps: EnrollmentServiceDeps): Record<string, ServiceMethod> {
  const Enroll: UnaryMethod<z.output<typeof enrollRequest>, EnrollResponse, 'anyone'> = {
    access: 'anyone',
    request: enrollRequest,
    async handle(request, call) {
      const route = deps.route();
      const serverPublicKey = route.kind === 'tunnel' ? route.serverPublicKey : undefined;
      const enrolled = await enrollDevice(call.store, request, { caPin: deps.caPin, subnet: deps.subnet, serverPublicKey }, call.now);
      return { status: await deviceStatus(call.store, enrolled.device, route), deviceSecret: enrolled.deviceSecret };
    },
  };
  const GetDeviceStatus: UnaryMethod<unknown, DeviceStatus, 'enrolled-device'> = {
    access: 'enrolled-device',
    handle: (_request, call) => deviceStatus(call.store, call.device, deps.route()),
  };
  return { Enroll, GetDeviceStatus };
}
