// renkei.v1.EnrollmentService: the only service on the public enrollment listener.
import type { DeviceStatus } from '@renkei/proto/generated/renkei/v1/DeviceStatus';
import type { EnrollResponse } from '@renkei/proto/generated/renkei/v1/EnrollResponse';
import { RenkeiError } from '@renkei/proto';
import { z } from 'zod';
import type { FailureLimit } from '../../access/failure-limit';
import { deviceStatus, type ClinicalRoute } from '../../devices/device-status';
import { enrollDevice } from '../../devices/enrollment';
import type { TunnelSubnet } from '../../tunnel/tunnel-subnet';
import type { ServiceMethod, UnaryMethod } from '../dispatcher';

interface EnrollmentServiceDeps {
  caPin: Buffer;
  /** Tunnel addresses are allocated from here even without a tunnel, so they stay unique. */
  subnet: TunnelSubnet;
  route: () => ClinicalRoute;
  /** Refused enrollments (a guessed or mistyped code, a bad key) per source address. */
  failures: FailureLimit;
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
      // Codes carry 80 random bits and expire, so guessing is hopeless anyway; the limit keeps a guesser
      // from loading the server and the access log, and makes the attempt visible.
      const claim = await deps.failures.claim([`address:${call.peerAddress}`]);
      if (!claim) throw new RenkeiError({ reason: 'ENROLLMENT_TOO_MANY_ATTEMPTS' });
      const route = deps.route();
      const serverPublicKey = route.kind === 'tunnel' ? route.serverPublicKey : undefined;
      const enrolled = await enrollDevice(call.store, request, { caPin: deps.caPin, subnet: deps.subnet, serverPublicKey }, call.now);
      await claim.succeeded();
      return { status: await deviceStatus(call.store, enrolled.device, route), deviceSecret: enrolled.deviceSecret };
    },
  };
  const GetDeviceStatus: UnaryMethod<unknown, DeviceStatus, 'enrolled-device'> = {
    access: 'enrolled-device',
    handle: (_request, call) => deviceStatus(call.store, call.device, deps.route()),
  };
  return { Enroll, GetDeviceStatus };
}
