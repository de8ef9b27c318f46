// The dispatcher's streaming paths, with handlers written for the test on the real
// DocumentService definition and the real policy: a slow handler slows the client instead of the
// server buffering (both directions), nothing is read before the caller is authenticated and the
// patient checked, and failures map as for unary calls.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { decodeServiceError, loadApi, RenkeiError } from '@renkei/proto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { implementService, type ServiceMethod } from '../src/rpc/dispatcher';
import { closeClients, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

const CHUNK = Buffer.alloc(256 * 1024, 0x42);

let backend: TestBackend;
let server: grpc.Server;
let client: grpc.Client & Record<string, (...args: any[]) => any>;
let credentials: Credentials;
let patientId: string;
let strangerPatientId: string;

/** What the handlers saw, per test. */
const seen = { headers: 0, chunksProcessed: 0, sent: 0, cancelled: false };
let uploadBehaviour: 'slow' | 'fail' = 'slow';

const methods: Record<string, ServiceMethod> = {
  UploadDocument: {
    kind: 'client-streaming',
    access: 'care-team',
    first: z.object({ part: z.literal('header'), header: z.object({ patientId: z.string() }).passthrough() }).transform((m) => m.header),
    async handle(_header, rest, context) {
      seen.headers += 1;
      context.signal.addEventListener('abort', () => (seen.cancelled = true));
      if (uploadBehaviour === 'fail') throw new Error('a bug in the handler');
      for await (const _message of rest) {
        await sleep(5); // a slow disk
        seen.chunksProcessed += 1;
      }
      return { alreadyFiled: false };
    },
  },
  DownloadDocument: {
    kind: 'server-streaming',
    access: 'care-team',
    request: z.object({ patientId: z.string(), documentId: z.string(), version: z.number() }),
    async handle(request, send) {
      if (request.documentId === 'missing') throw new RenkeiError({ reason: 'RECORD_NOT_FOUND' });
      await send({ info: { documentId: request.documentId } });
      for (let i = 0; i < 150; i++) {
        await send({ chunk: CHUNK });
        seen.sent += 1;
      }
    },
  },
  ListDocuments: { access: 'care-team', handle: async () => ({ documents: [] }) },
  GetDocumentHistory: { access: 'care-team', handle: async () => ({ versions: [] }) },
};

beforeAll(async () => {
  backend = await startTestBackend();
  const region = new TestRegion(backend);
  const user = await region.user();
  const patient = await region.patient();
  const stranger = await region.patient();
  patientId = patient.id;
  strangerPatientId = stranger.id;
  await region.join(patientId, user.id);
  credentials = await region.session(user.login_id);

  const v1 = loadApi().grpcObject.renkei.v1;
  server = new grpc.Server();
  server.addService(
    v1.DocumentService.service,
    implementService(v1.DocumentService.service, methods, { store: backend.database, clock: backend.clock, logger: pino({ level: 'silent' }) }),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  const Ctor = v1.DocumentService as unknown as typeof grpc.Client;
  client = new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, (...args: any[]) => any>;
});

afterAll(async () => {
  client?.close();
  server?.forceShutdown();
  closeClients();
  await backend?.stop();
});

function metadata(who: Credentials = credentials): grpc.Metadata {
  const m = new grpc.Metadata();
  if (who.device) m.set('renkei-device', who.device);
  if (who.session) m.set('authorization', `Bearer ${who.session}`);
  return m;
}

function startUpload(who: Credentials = credentials) {
  let finished: (value: { error: grpc.ServiceError | null; response: unknown }) => void;
  const done = new Promise<{ error: grpc.ServiceError | null; response: unknown }>((resolve) => (finished = resolve));
  const call: grpc.ClientWritableStream<unknown> = client.UploadDocument!(metadata(who), (error: grpc.ServiceError | null, response: unknown) =>
    finished({ error, response }),
  );
  return { call, done };
}

describe('client streaming', () => {
  it('makes the client wait for a slow handler instead of buffering what it sends', async () => {
    Object.assign(seen, { headers: 0, chunksProcessed: 0 });
    uploadBehaviour = 'slow';
    const { call, done } = startUpload();
    call.write({ header: { patientId, uploadId: randomUUID() } });
    let written = 0;
    let maxAhead = 0;
    let drainWaits = 0;
    for (let i = 0; i < 200; i++) {
      const more = call.write({ chunk: CHUNK });
      written += 1;
      maxAhead = Math.max(maxAhead, written - seen.chunksProcessed);
      if (!more) {
        drainWaits += 1;
        await once(call, 'drain');
      }
    }
    call.end();
    const { error } = await done;
    expect(error).toBeNull();
    expect(seen.chunksProcessed).toBe(200);
    expect(drainWaits).toBeGreaterThan(0);
    // At most the client's and the server's stream buffers (16 messages each) and the HTTP/2
    // window are ever ahead of the handler (about 36 messages, 9 MiB, seen), whatever the size.
    expect(maxAhead).toBeLessThanOrEqual(48);
  });

  it('reads nothing before the caller is authenticated', async () => {
    Object.assign(seen, { headers: 0, chunksProcessed: 0 });
    const { call, done } = startUpload({ device: credentials.device });
    call.write({ header: { patientId, uploadId: randomUUID() } });
    const { error } = await done;
    expect(decodeServiceError(error!).reason).toBe('SESSION_REQUIRED');
    expect(seen.headers).toBe(0);
    call.end();
  });

  it('checks the patient named by the header before the handler runs, and audits the refusal', async () => {
    Object.assign(seen, { headers: 0 });
    const { call, done } = startUpload();
    call.write({ header: { patientId: strangerPatientId, uploadId: randomUUID() } });
    const { error } = await done;
    expect(decodeServiceError(error!).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    expect(seen.headers).toBe(0);
    const denied = await backend.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', '/renkei.v1.DocumentService/UploadDocument')
      .where('patient_id', '=', strangerPatientId)
      .execute();
    expect(denied).toHaveLength(1);
    call.end();
  });

  it('refuses a stream that does not start with its header, or has no message at all', async () => {
    const chunkFirst = startUpload();
    chunkFirst.call.write({ chunk: CHUNK });
    chunkFirst.call.end();
    const first = decodeServiceError((await chunkFirst.done).error!);
    expect(first.reason).toBe('INVALID_REQUEST');
    expect(first.fieldViolations.map((v) => v.field)).toContain('part');

    const empty = startUpload();
    empty.call.end();
    expect(decodeServiceError((await empty.done).error!).fieldViolations).toEqual([{ field: '(request)', reason: 'REQUEST_MISSING' }]);
  });

  it('answers an unexpected failure with INTERNAL and an incident number', async () => {
    uploadBehaviour = 'fail';
    const { call, done } = startUpload();
    call.write({ header: { patientId, uploadId: randomUUID() } });
    call.end();
    const decoded = decodeServiceError((await done).error!);
    expect(decoded.reason).toBe('INTERNAL');
    expect(decoded.metadata.incident).toMatch(/^[0-9a-f]{8}$/);
    uploadBehaviour = 'slow';
  });

  it('tells the handler when the client cancels', async () => {
    seen.cancelled = false;
    const { call, done } = startUpload();
    call.write({ header: { patientId, uploadId: randomUUID() } });
    call.write({ chunk: CHUNK });
    await sleep(100);
    call.cancel();
    expect((await done).error?.code).toBe(grpc.status.CANCELLED);
    for (let i = 0; i < 40 && !seen.cancelled; i++) await sleep(25);
    expect(seen.cancelled).toBe(true);
  });
});

describe('server streaming', () => {
  it('waits for a client that stops reading instead of buffering what it sends', async () => {
    seen.sent = 0;
    const call: grpc.ClientReadableStream<{ part: string }> = client.DownloadDocument!({ patientId, documentId: 'x', version: 0 }, metadata());
    let received = 0;
    call.on('data', () => {
      received += 1;
      if (received === 2) {
        call.pause();
        setTimeout(() => call.resume(), 600);
      }
    });
    await sleep(400);
    // The client has stopped reading: the handler is held at a bounded distance ahead.
    const aheadWhilePaused = seen.sent;
    expect(aheadWhilePaused).toBeLessThanOrEqual(48); // about 30 seen, of 150
    await once(call, 'end');
    expect(received).toBe(151);
    expect(seen.sent).toBe(150);
  });

  it("ends with the handler's refusal, and refuses an unauthenticated caller before the handler runs", async () => {
    const refused = client.DownloadDocument!({ patientId, documentId: 'missing', version: 0 }, metadata());
    const [error] = (await once(refused, 'error')) as [grpc.ServiceError];
    expect(decodeServiceError(error).reason).toBe('RECORD_NOT_FOUND');

    seen.sent = 0;
    const anonymous = client.DownloadDocument!({ patientId, documentId: 'x', version: 0 }, new grpc.Metadata());
    const [unauthenticated] = (await once(anonymous, 'error')) as [grpc.ServiceError];
    expect(decodeServiceError(unauthenticated).reason).toBe('DEVICE_UNKNOWN');
    expect(seen.sent).toBe(0);

    const stranger = client.DownloadDocument!({ patientId: strangerPatientId, documentId: 'x', version: 0 }, metadata());
    const [notOnTeam] = (await once(stranger, 'error')) as [grpc.ServiceError];
    expect(decodeServiceError(notOnTeam).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    expect(seen.sent).toBe(0);
  });
});
