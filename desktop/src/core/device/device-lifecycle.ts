// This PC's registration with the region, from enrollment to revocation: enroll with a one-time
// code (the region's CA pinned from the code) → wait for the office's approval → configure and
// bring up the tunnel → and, once revoked, leave nothing of the region behind. It owns the device
// record (device.json), the device secret (in the OS keychain) and the tunnel service's key and
// configuration; what the tunnel's state means for calls is the connection's (ServerConnection).
import { hostname, platform } from 'node:os';
import { EnrollmentCodeFormatError, describeError, parseEnrollmentCode } from '@renkei/proto';
import { generateKeyPair } from '@renkei/wireguard';
import type { DeviceStatus__Output } from '@renkei/proto/generated/renkei/v1/DeviceStatus';
import type { DeviceView, EnrollInput } from '../../shared/desktop-api';
import { EnrollmentApi } from '../api/enrollment-api';
import type { ClinicalEndpoint, ClinicalRoute } from '../connection/server-connection';
import { fail, toDesktopError } from '../desktop-error';
import { KeychainAccount, type Keychain } from '../keychain/keychain';
import type { TunnelServiceClient } from '../tunnel/tunnel-client';
import type { TunnelState } from '../tunnel/tunnel-state';
import { LOCAL_ERRORS } from '../user-messages';
import { fetchPinnedCa, splitHostPort } from './ca-bootstrap';
import { DeviceRecordStore, type DeviceRecord } from './device-record';

const DEFAULT_ENROLLMENT_PORT = 7443;

interface DeviceEvents {
  /** Something the status shows changed. */
  changed(): void;
  /** The tunnel service reported the tunnel's state in answer to a request. */
  tunnelState(state: TunnelState): void;
  /** The clinical API moved (a new approval or route): calls start on a new channel. */
  routeChanged(): void;
  /** Everything of the region but the registration itself must go: sessions, caches, staged files. */
  wipe(): Promise<void>;
}

export class DeviceLifecycle implements ClinicalRoute {
  private readonly records: DeviceRecordStore;
  private record: DeviceRecord | undefined;
  private secret: string | undefined;
  private revoking: Promise<void> | undefined;

  constructor(
    dataDir: string,
    private readonly keychain: Keychain,
    /** The privileged tunnel service; null on a machine that runs without it (the demo). */
    private readonly tunnel: TunnelServiceClient | null,
    private readonly events: DeviceEvents,
  ) {
    this.records = new DeviceRecordStore(dataDir);
  }

  /** Reads the registration kept on this PC, and its secret from the keychain. */
  async load(): Promise<void> {
    this.record = this.records.read();
    if (this.record) this.secret = (await this.keychain.get(KeychainAccount.deviceSecret(this.record.deviceId))) ?? undefined;
  }

  /** Asks the tunnel service to bring an approved PC's tunnel up; its state arrives on the service's feed. */
  async connectAtStart(): Promise<void> {
    if (this.record?.state === 'approved' && this.record.tunnelRequired && this.tunnel) {
      await this.tunnel.connect().catch(() => undefined);
    }
  }

  get approved(): boolean {
    return this.record?.state === 'approved';
  }

  get tunnelRequired(): boolean {
    return this.record?.tunnelRequired ?? false;
  }

  view(): DeviceView {
    const d = this.record;
    if (!d) return { state: 'not-enrolled' };
    return {
      state: d.state,
      serverAddress: d.serverAddress,
      deviceId: d.deviceId,
      deviceName: d.deviceName,
      facilityName: d.facilityName,
      enrolledAt: d.enrolledAt,
      tunnelRequired: d.tunnelRequired,
    };
  }

  clinicalEndpoint(): ClinicalEndpoint {
    const { record, secret } = this.requireDevice();
    if (record.state !== 'approved' || !record.clinicalApiAddress) fail(LOCAL_ERRORS.notApproved);
    return { address: record.clinicalApiAddress, caPem: record.caPem, credential: { deviceId: record.deviceId, secret } };
  }

  private requireDevice(): { record: DeviceRecord; secret: string } {
    if (!this.record || !this.secret) fail(LOCAL_ERRORS.notEnrolled);
    if (this.record.state === 'revoked') fail(LOCAL_ERRORS.revoked);
    return { record: this.record, secret: this.secret };
  }

  async enroll(input: EnrollInput): Promise<void> {
    if (this.record && this.record.state !== 'revoked') fail(LOCAL_ERRORS.alreadyEnrolled);
    const deviceName = input.deviceName.trim();
    if (!deviceName) fail(LOCAL_ERRORS.deviceNameRequired);
    let code;
    try {
      code = parseEnrollmentCode(input.enrollmentCode);
    } catch (error) {
      if (error instanceof EnrollmentCodeFormatError) {
        const metadata = error.detail;
        fail({
          reason: 'ENROLLMENT_CODE_MALFORMED',
          message: { ja: describeError('ENROLLMENT_CODE_MALFORMED', metadata, 'ja'), en: describeError('ENROLLMENT_CODE_MALFORMED', metadata, 'en') },
        });
      }
      throw error;
    }
    let server;
    try {
      server = splitHostPort(input.serverAddress.trim(), DEFAULT_ENROLLMENT_PORT);
    } catch {
      fail(LOCAL_ERRORS.invalidServerAddress);
    }
    const serverAddress = `${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
    try {
      const caPem = await fetchPinnedCa(server.host, server.port, code.caPin);
      // Re-enrolling after a revocation starts from nothing, the old tunnel key included.
      if (this.record) await this.forgetEverything();
      // The private key stays in the tunnel service; only the public key goes to the server. A
      // machine without the service (the demo) registers a key it will never use.
      const publicKey = this.tunnel ? await this.tunnel.getDeviceKey() : generateKeyPair().publicKey;
      const api = new EnrollmentApi(serverAddress, caPem);
      try {
        const response = await api.enroll({ enrollmentCode: code.text, wireguardPublicKey: publicKey, deviceName, hostname: hostname(), platform: platform() });
        const status = response.status!;
        await this.keychain.set(KeychainAccount.deviceSecret(status.deviceId), response.deviceSecret);
        this.secret = response.deviceSecret;
        this.record = {
          serverAddress,
          deviceId: status.deviceId,
          deviceName: status.deviceName,
          facilityName: status.facilityName,
          caPem,
          state: 'pending',
          enrolledAt: status.enrolledAt ? new Date(Number(status.enrolledAt.seconds) * 1000).toISOString() : null,
          clinicalApiAddress: null,
          tunnelRequired: true,
        };
        this.records.write(this.record);
        await this.applyStatus(status);
      } finally {
        api.close();
      }
    } catch (error) {
      throw toDesktopError(error);
    }
    this.events.changed();
  }

  /** Asks the server whether this PC was approved (or revoked) meanwhile. */
  async refresh(): Promise<void> {
    const { record, secret } = this.requireDevice();
    const api = new EnrollmentApi(record.serverAddress, record.caPem);
    try {
      await this.applyStatus(await api.deviceStatus({ deviceId: record.deviceId, secret }));
    } catch (error) {
      throw toDesktopError(error);
    } finally {
      api.close();
    }
    this.events.changed();
  }

  private async applyStatus(status: DeviceStatus__Output): Promise<void> {
    const record = this.record!;
    if (status.state === 'DEVICE_STATE_REVOKED') return this.revoked();
    if (status.state !== 'DEVICE_STATE_APPROVED') return;
    const tunnel = status.tunnel;
    const clinicalApiAddress = tunnel ? tunnel.clinicalApiAddress : status.untunneledClinicalApiAddress;
    // Only a new approval (or a new route) brings the tunnel up here; a tunnel the user took down
    // stays down when the status is merely checked again.
    if (record.state !== 'approved' || record.clinicalApiAddress !== clinicalApiAddress) {
      if (tunnel) {
        if (!this.tunnel) fail(LOCAL_ERRORS.tunnelServiceUnreachable);
        await this.tunnel.configure(tunnel);
        this.events.tunnelState(await this.tunnel.connect());
      }
      this.record = { ...record, state: 'approved', clinicalApiAddress, tunnelRequired: tunnel !== null };
      this.records.write(this.record);
      this.events.routeChanged();
    }
  }

  /** The device was revoked: nothing of the region may stay on this PC. */
  /**
   * The server can say so twice at once (a refused call and the timeline's live stream, ended by
   * the server at the same moment): the PC forgets once, and the second caller waits for it, since
   * two wipes racing over the same keychain items fail half-way and would leave the PC "approved".
   */
  revoked(): Promise<void> {
    this.revoking ??= this.forgetAsRevoked().finally(() => {
      this.revoking = undefined;
    });
    return this.revoking;
  }

  private async forgetAsRevoked(): Promise<void> {
    await this.forgetEverything();
    if (this.record) {
      this.record = { ...this.record, state: 'revoked', clinicalApiAddress: null };
      this.records.write(this.record);
    }
    this.events.changed();
  }

  /** Removes what the region left here (events.wipe), the device secret and the tunnel's key and configuration. */
  private async forgetEverything(): Promise<void> {
    await this.events.wipe();
    await this.tunnel?.forget().catch(() => undefined);
    if (this.record) await this.keychain.delete(KeychainAccount.deviceSecret(this.record.deviceId));
    this.secret = undefined;
  }

  async connectTunnel(): Promise<void> {
    if (!this.tunnel || !this.record?.tunnelRequired) return;
    try {
      this.events.tunnelState(await this.tunnel.connect());
    } catch (error) {
      throw toDesktopError(error);
    }
  }

  async disconnectTunnel(): Promise<void> {
    if (!this.tunnel) return;
    try {
      this.events.tunnelState(await this.tunnel.disconnect());
    } catch (error) {
      throw toDesktopError(error);
    }
  }
}
