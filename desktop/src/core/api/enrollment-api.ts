// The public enrollment listener: register this PC, then learn whether it is approved.
import * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import type { DeviceStatus__Output } from '@renkei/proto/generated/renkei/v1/DeviceStatus';
import type { EnrollmentServiceClient } from '@renkei/proto/generated/renkei/v1/EnrollmentService';
import type { EnrollResponse__Output } from '@renkei/proto/generated/renkei/v1/EnrollResponse';
import { CHANNEL_OPTIONS, pinnedCredentials, unary } from './grpc-connection';

const DEVICE_METADATA_KEY = 'renkei-device';

export interface DeviceCredential {
  deviceId: string;
  secret: string;
}

export function deviceMetadata(credential: DeviceCredential): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set(DEVICE_METADATA_KEY, `${credential.deviceId}.${credential.secret}`);
  return metadata;
}

export class EnrollmentApi {
  private readonly client: EnrollmentServiceClient;

  constructor(serverAddress: string, caPem: string) {
    const { EnrollmentService } = loadApi().grpcObject.renkei.v1;
    this.client = new EnrollmentService(serverAddress, pinnedCredentials(caPem), CHANNEL_OPTIONS);
  }

  enroll(request: {
    enrollmentCode: string;
    wireguardPublicKey: string;
    deviceName: string;
    hostname: string;
    platform: string;
  }): Promise<EnrollResponse__Output> {
    return unary(this.client, this.client.Enroll, request, new grpc.Metadata());
  }

  deviceStatus(credential: DeviceCredential): Promise<DeviceStatus__Output> {
    return unary(this.client, this.client.GetDeviceStatus, {}, deviceMetadata(credential));
  }

  close(): void {
    this.client.close();
  }
}
