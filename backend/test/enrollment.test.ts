import * as grpc from '@grpc/grpc-js';
import { caPinOf, createEnrollmentCode } from '@renkei/proto';
import { generateKeyPair } from '@renkei/wireguard';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, revokeDevice } from '../src/devices/devices';
import { enrollDevice } from '../src/devices/enrollment';
import { parseTunnelSubnet } from '../src/tunnel/tunnel-subnet';
import { call, closeClients, failure } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

const deviceCount = async () =>
  Number(
    (
      await backend.database.db
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function enroll(code: string, publicKey = generateKeyPair().publicKey) {
  return call(region.enrollment, 'EnrollmentService', 'Enroll', {
    enrollmentCode: code,
    wireguardPublicKey: publicKey,
    deviceName: '診察室PC',
    hostname: 'pc1',
    platform: 'linux',
  });
}

describe('enrollment', () => {
  it('registers a device as pending with a unique tunnel address and a one-time secret', async () => {
    const response = await enroll(await region.code());
    expect(response.status.state).toBe('DEVICE_STATE_PENDING');
    expect(response.status.tunnel).toBeNull();
    expect(response.deviceSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await backend.database.db.selectFrom('devices').selectAll().where('id', '=', response.status.deviceId).executeTakeFirstOrThrow();
    expect(row.tunnel_address).toMatch(/^10\.77\.\d+\.\d+$/);
    expect(row.tunnel_address).not.toBe('10.77.0.1');
    expect(row.secret_hash).not.toContain(response.deviceSecret);
  });

  it('accepts the code as typed by hand: lower case, spaces instead of hyphens', async () => {
    const code = await region.code();
    const response = await enroll(code.toLowerCase().replace(/-/g, ' '));
    expect(response.status.state).toBe('DEVICE_STATE_PENDING');
  });

  it('stores only a hash of the code', async () => {
    const code = await region.code();
    const rows = await backend.database.db.selectFrom('enrollment_codes').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain(code.replace(/-/g, ''));
  });

  it('refuses a reused code with FAILED_PRECONDITION and registers nothing more', async () => {
    const code = await region.code();
    await enroll(code);
    const before = await deviceCount();
    const error = await failure(enroll(code));
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.reason).toBe('ENROLLMENT_CODE_USED');
    expect(error.message).toContain('新しい登録コード');
    expect(await deviceCount()).toBe(before);
  });

  it('refuses an expired code, naming when it expired', async () => {
    const code = await region.code(1);
    backend.clock.advance(61 * 60_000);
    try {
      const error = await failure(enroll(code));
      expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(error.reason).toBe('ENROLLMENT_CODE_EXPIRED');
      expect(error.metadata.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    } finally {
      backend.clock.advance(-61 * 60_000);
    }
  });

  it('tells a mistyped code, a well-formed unknown code and a code for another server apart', async () => {
    const code = await region.code();
    const mistyped = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    const malformed = await failure(enroll(mistyped));
    expect(malformed.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(malformed.reason).toBe('ENROLLMENT_CODE_MALFORMED');

    const unknown = await failure(enroll(createEnrollmentCode(backend.caPin).text));
    expect(unknown.code).toBe(grpc.status.NOT_FOUND);
    expect(unknown.reason).toBe('ENROLLMENT_CODE_UNKNOWN');

    const otherServer = await failure(enroll(createEnrollmentCode(caPinOf(randomBytes(500))).text));
    expect(otherServer.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(otherServer.reason).toBe('ENROLLMENT_CODE_WRONG_SERVER');
  });

  it('refuses a malformed public key without using up the code', async () => {
    const code = await region.code();
    for (const key of ['', 'not-a-key', Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64')]) {
      const error = await failure(enroll(code, key));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.reason).toBe('DEVICE_KEY_MALFORMED');
    }
    expect((await enroll(code)).status.state).toBe('DEVICE_STATE_PENDING');
  });

  it("refuses Curve25519's small-order keys, with which a tunnel would have no secret", async () => {
    const code = await region.code();
    const p = (lowByte: string) => Buffer.from(`${lowByte}${'ff'.repeat(30)}7f`, 'hex');
    const smallOrder = [
      Buffer.alloc(32),
      Buffer.from(`01${'00'.repeat(31)}`, 'hex'),
      Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex'),
      Buffer.from('5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157', 'hex'),
      p('ec'),
      p('ed'),
      p('ee'),
    ];
    for (const key of smallOrder) expect((await failure(enroll(code, key.toString('base64')))).reason, key.toString('hex')).toBe('DEVICE_KEY_MALFORMED');
    expect((await enroll(code)).status.state).toBe('DEVICE_STATE_PENDING');
  });

  it("refuses the server's own tunnel key", async () => {
    const server = generateKeyPair().publicKey;
    const context = { caPin: backend.caPin, subnet: parseTunnelSubnet('10.77.0.0/24'), serverPublicKey: server };
    const request = (wireguardPublicKey: string, enrollmentCode: string) => ({
      enrollmentCode,
      wireguardPublicKey,
      deviceName: '診察室PC',
      hostname: 'pc1',
      platform: 'linux',
    });
    const code = await region.code();
    await expect(enrollDevice(backend.database, request(server, code), context, backend.clock.now())).rejects.toMatchObject({ reason: 'DEVICE_KEY_MALFORMED' });
    expect((await enrollDevice(backend.database, request(generateKeyPair().publicKey, code), context, backend.clock.now())).device.state).toBe(
      'DEVICE_STATE_PENDING',
    );
  });

  it('refuses a key that is already enrolled', async () => {
    const { publicKey } = generateKeyPair();
    await enroll(await region.code(), publicKey);
    const error = await failure(enroll(await region.code(), publicKey));
    expect(error.code).toBe(grpc.status.ALREADY_EXISTS);
  });

  it('refuses an overlong device name with the field named', async () => {
    const error = await failure(
      call(region.enrollment, 'EnrollmentService', 'Enroll', {
        enrollmentCode: await region.code(),
        wireguardPublicKey: generateKeyPair().publicKey,
        deviceName: 'x'.repeat(61),
        hostname: '',
        platform: '',
      }),
    );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.fieldViolations.map((v) => v.field)).toContain('deviceName');
  });

  it('gives devices enrolling at the same moment different addresses', async () => {
    const codes = await Promise.all(Array.from({ length: 12 }, () => region.code()));
    const responses = await Promise.all(codes.map((code) => enroll(code)));
    const ids = responses.map((r) => r.status.deviceId);
    const rows = await backend.database.db.selectFrom('devices').select('tunnel_address').where('id', 'in', ids).execute();
    expect(new Set(rows.map((r) => r.tunnel_address)).size).toBe(12);
  });
});

describe('device status', () => {
  it('follows the device from pending to approved (with its route to the clinical API) to revoked', async () => {
    const device = await region.enrolledDevice();
    const status = () => call(region.enrollment, 'EnrollmentService', 'GetDeviceStatus', {}, { device: device.credential });
    expect((await status()).state).toBe('DEVICE_STATE_PENDING');

    await approveDevice(backend.database, device.id, 'test', backend.clock.now());
    const approved = await status();
    expect(approved.state).toBe('DEVICE_STATE_APPROVED');
    expect(approved.untunneledClinicalApiAddress).toBe(backend.clinicalAddress);
    expect(approved.facilityName).toMatch(/^テスト診療所/);

    await revokeDevice(backend.database, device.id, 'test', backend.clock.now());
    const revoked = await status();
    expect(revoked.state).toBe('DEVICE_STATE_REVOKED');
    expect(revoked.untunneledClinicalApiAddress).toBe('');
  });

  it('answers UNAUTHENTICATED to an unknown device or a wrong secret', async () => {
    const device = await region.enrolledDevice();
    const wrongSecret = `${device.id}.${'A'.repeat(43)}`;
    for (const credential of [undefined, 'garbage', wrongSecret, `00000000-0000-4000-8000-000000000000.${'B'.repeat(43)}`]) {
      const error = await failure(call(region.enrollment, 'EnrollmentService', 'GetDeviceStatus', {}, { device: credential }));
      expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(error.reason).toBe('DEVICE_UNKNOWN');
    }
  });

  it('does not serve the clinical services on the enrollment listener', async () => {
    const error = await failure(call(region.enrollment, 'AuthService', 'Login', { loginId: 'x', password: 'y' }));
    expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});
