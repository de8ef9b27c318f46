// Text that would act instead of read is refused where it enters, on every call and in every
// string field: controls that a terminal obeys (the admin's `device list` showed a forged screen),
// marks that reorder what is shown (a dose reading backwards), and bytes that were not UTF-8
// (stored until now as U+FFFD, silently altered). Sent here as a hostile client would.
import * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import { generateKeyPair } from '@renkei/wireguard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let doctor: Credentials;
let patientId: string;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const d = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  patientId = (await region.patient()).id;
  await region.join(patientId, d.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  doctor = await region.session(d.login_id);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

const enrollRequest = (enrollmentCode: string, deviceName: string) => ({
  enrollmentCode,
  wireguardPublicKey: generateKeyPair().publicKey,
  deviceName,
  hostname: 'pc1',
  platform: 'linux',
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

describe('text at the boundary', () => {
  it('refuses device names that would drive the admin’s terminal or reorder a list, naming the field, without using up the code', async () => {
    const code = await region.code();
    const before = await deviceCount();
    const cases: [string, string][] = [
      ['\u001b[2J\u001b[1;1H承認済み端末', 'TEXT_CONTROL_CHARACTERS'],
      ['\u001b]0;renkei-admin\u0007受付PC', 'TEXT_CONTROL_CHARACTERS'],
      ['受付PC\u0000', 'TEXT_CONTROL_CHARACTERS'],
      ['受付PC\u0085', 'TEXT_CONTROL_CHARACTERS'],
      ['受付\u202ECP', 'TEXT_DIRECTION_CONTROLS'],
      ['受付\u2066PC\u2069', 'TEXT_DIRECTION_CONTROLS'],
      ['受付PC\n診察室PC  承認済み', 'CONTROL_CHARACTERS'],
      ['受付\ud800PC', 'TEXT_NOT_UNICODE'],
    ];
    for (const [name, reason] of cases) {
      const error = await failure(call(region.enrollment, 'EnrollmentService', 'Enroll', enrollRequest(code, name)));
      expect(error.code, JSON.stringify(name)).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.fieldViolations, JSON.stringify(name)).toEqual([expect.objectContaining({ field: 'deviceName', reason })]);
    }
    expect(await deviceCount()).toBe(before);
    expect((await call(region.enrollment, 'EnrollmentService', 'Enroll', enrollRequest(code, '受付PC'))).status.state).toBe('DEVICE_STATE_PENDING');
  });

  it('refuses bytes that are not UTF-8 instead of storing them altered', async () => {
    const service = (loadApi().grpcObject.renkei as any).v1.EnrollmentService.service;
    // The request encoded as protobuf, then the name's placeholder bytes (@@) replaced with 0xFF 0xFE.
    const encoded: Buffer = service.Enroll.requestSerialize(enrollRequest(await region.code(), '受付@@'));
    // '@' is outside the enrollment code's alphabet, so the placeholder is found in the name only.
    const at = encoded.indexOf(Buffer.from('@@'));
    encoded[at] = 0xff;
    encoded[at + 1] = 0xfe;
    const client = new grpc.Client(region.enrollment.address, grpc.credentials.createSsl(Buffer.from(region.enrollment.caPem)));
    try {
      const error = await new Promise<grpc.ServiceError>((resolve, reject) =>
        client.makeUnaryRequest(
          '/renkei.v1.EnrollmentService/Enroll',
          (bytes: Buffer) => bytes,
          (bytes: Buffer) => bytes,
          encoded,
          (e) => (e ? resolve(e) : reject(new Error('enrolled'))),
        ),
      );
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details).toContain('deviceName');
    } finally {
      client.close();
    }
  });

  it('refuses a note whose text would be shown reordered, and keeps no part of it', async () => {
    const soap = { subjective: '', objective: '', assessment: '', plan: 'ワーファリン 1mg \u202E日0.5\u202C 継続' };
    const error = await failure(call(region.clinical, 'ProgressNoteService', 'WriteNote', { patientId, soap }, doctor));
    expect(error.fieldViolations).toEqual([expect.objectContaining({ field: 'soap.plan', reason: 'TEXT_DIRECTION_CONTROLS' })]);
    expect(error.message).toContain('soap.plan');
    const notes = await backend.database.db.selectFrom('progress_note_versions').select('note_id').where('patient_id', '=', patientId).execute();
    expect(notes).toEqual([]);
    // Line breaks and tabs are text in a note.
    const written = await call(
      region.clinical,
      'ProgressNoteService',
      'WriteNote',
      { patientId, soap: { ...soap, plan: 'ワーファリン 1mg\n\t日0.5 継続' } },
      doctor,
    );
    expect(written.noteId).toBeTruthy();
  });
});
