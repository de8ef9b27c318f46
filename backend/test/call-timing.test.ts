// Each call's debug line says where its time went on the server (call-timing.ts): the
// dispatcher's steps and the audit appends inside the handler, which the handler's own time
// leaves out, so the steps add up to the call. Run on a real server with the real policy, and a
// handler written for the test that takes a known time.
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementService, type ServiceMethod } from '../src/rpc/dispatcher';
import { closeClients, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

const HANDLER_MS = 40;

let backend: TestBackend;
let server: grpc.Server;
let client: grpc.Client & Record<string, (...args: any[]) => any>;
let credentials: Credentials;
let patientId: string;
let strangerPatientId: string;
const lines: Record<string, any>[] = [];

const methods: Record<string, ServiceMethod> = {
  ListDocuments: {
    access: 'care-team',
    async handle(_request, scope) {
      await sleep(HANDLER_MS);
      await scope.audit({ action: 'document.list', outcome: 'ok' });
      await scope.audit({ action: 'document.list', outcome: 'ok', detail: { again: true } });
      return { documents: [] };
    },
  },
  UploadDocument: { kind: 'client-streaming', access: 'care-team', first: undefined as never, handle: async () => ({}) },
  DownloadDocument: { kind: 'server-streaming', access: 'care-team', handle: async () => undefined },
  GetDocumentHistory: { access: 'care-team', handle: async () => ({ versions: [] }) },
};

beforeAll(async () => {
  backend = await startTestBackend();
  const region = new TestRegion(backend);
  const user = await region.user();
  patientId = (await region.patient()).id;
  strangerPatientId = (await region.patient()).id;
  await region.join(patientId, user.id);
  credentials = await region.session(user.login_id);

  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, any>);
      done();
    },
  });
  const v1 = loadApi().grpcObject.renkei.v1;
  server = new grpc.Server();
  server.addService(
    v1.DocumentService.service,
    implementService(v1.DocumentService.service, methods, { store: backend.database, clock: backend.clock, logger: pino({ level: 'debug' }, log) }),
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

function listDocuments(patient: string): Promise<grpc.ServiceError | null> {
  const metadata = new grpc.Metadata();
  metadata.set('renkei-device', credentials.device!);
  metadata.set('authorization', `Bearer ${credentials.session}`);
  return new Promise((resolve) => client.ListDocuments!({ patientId: patient }, metadata, (error: grpc.ServiceError | null) => resolve(error)));
}

describe('where a call spends its time', () => {
  it('logs each step of an answered call, the audit appends apart from the handler, adding up to the call', async () => {
    lines.length = 0;
    expect(await listDocuments(patientId)).toBeNull();
    const ok = lines.find((line) => line.msg === 'ok' && line.rpc === '/renkei.v1.DocumentService/ListDocuments');
    expect(ok).toBeDefined();
    const phases = ok!.phases as Record<string, number>;
    expect(Object.keys(phases).sort()).toEqual(['audit', 'authenticate', 'handle', 'scope', 'send']);
    for (const ms of Object.values(phases)) expect(ms).toBeGreaterThanOrEqual(0);
    // The handler's sleep is its own time; the two appends are the audit's, not counted twice.
    expect(phases.handle!).toBeGreaterThanOrEqual(HANDLER_MS - 1);
    expect(phases.audit!).toBeGreaterThan(0);
    const total = Object.values(phases).reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeLessThanOrEqual(ok!.ms + 1);
    expect(total).toBeGreaterThanOrEqual(phases.handle! + phases.audit!);
    // The line tells where the time went, nothing of the request or the caller's credentials.
    expect(JSON.stringify(ok)).not.toContain(credentials.session);
    expect(JSON.stringify(ok)).not.toContain(patientId);
  });

  it('logs no steps for a refused call, only the refusal', async () => {
    lines.length = 0;
    expect((await listDocuments(strangerPatientId))?.code).toBe(grpc.status.PERMISSION_DENIED);
    const calls = lines.filter((line) => line.rpc === '/renkei.v1.DocumentService/ListDocuments');
    expect(calls.map((line) => line.msg)).toEqual(['refused']);
    expect(calls[0]!.phases).toBeUndefined();
  });
});
