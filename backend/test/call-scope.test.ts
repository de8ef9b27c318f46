// The caller's scope on a patient (access/call-scope.ts), the one place chart access is decided
// for a call: opened in one query, refused and audited for a user who may not see the patient,
// opened anew each time it is asked (so a long call can re-check), and its `require` records each
// refusal once, with the kind of record, the roles and the reason. The dispatcher runs nothing but
// authentication and the scope before a handler.
import * as grpc from '@grpc/grpc-js';
import { describeError, loadApi, RenkeiError } from '@renkei/proto';
import type { KyselyPlugin } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUserScope, type UserScope } from '../src/access/call-scope';
import { removeCareTeamMember } from '../src/care-teams/care-teams';
import type { Store } from '../src/db/database';
import type { UserRow } from '../src/db/schema';
import { implementService, type ServiceMethod } from '../src/rpc/dispatcher';
import { progressNoteService } from '../src/rpc/services/progress-note-service';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
const users: Record<'doctor' | 'careWorker' | 'otherOffice', UserRow> = {} as never;
let careWorker: Credentials;
let doctor: Credentials;

/** Statements executed through `store` while counting (subqueries are part of their statement). */
let statements = 0;
let countingStore: Store;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const patient = await region.patient();
  patientId = patient.id;
  users.doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  users.careWorker = await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  users.otherOffice = await region.office().user('PROFESSION_NURSE', ['甲斐', '由美']);
  await region.join(patientId, users.doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, users.careWorker.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  // From another office, with no consent recorded: on the team, but may not see the patient yet.
  await region.join(patientId, users.otherOffice.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  doctor = await region.session(users.doctor.login_id);
  careWorker = await region.session(users.careWorker.login_id);

  const counting: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      statements += 1;
      return args.result;
    },
  };
  countingStore = { engine: backend.database.engine, db: backend.database.db.withPlugin(counting) };
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

async function scopeOf(user: UserRow, store: Store = backend.database): Promise<UserScope> {
  const device = await region.approvedDevice();
  const row = await backend.database.db.selectFrom('devices').selectAll().where('id', '=', device.id).executeTakeFirstOrThrow();
  return openUserScope(store, { user, device: row }, backend.clock.now());
}

async function auditEvents(action: string, userId: string) {
  const rows = await backend.database.db
    .selectFrom('audit_events')
    .select(['outcome', 'patient_id', 'actor_user_id', 'actor_device_id', 'detail'])
    .where('action', '=', action)
    .where('actor_user_id', '=', userId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

async function rejection(promise: Promise<unknown>): Promise<RenkeiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RenkeiError)) throw new Error(`expected a RenkeiError, got ${String(error)}`);
  return error;
}

describe('a patient scope', () => {
  it("opens in one query with the user's roles and what they may read and write", async () => {
    const user = await scopeOf(users.doctor, countingStore);
    statements = 0;
    const scope = await user.openPatient(patientId, 'test.open');
    expect(statements).toBe(1);
    expect(scope.roles).toEqual(['CARE_TEAM_ROLE_ATTENDING_DOCTOR']);
    expect(scope.chartAccess.may('DOCUMENT_TYPE_REFERRAL_LETTER', 'write')).toBe(true);
    expect(scope).toMatchObject({ patientId, facilityId: await region.facilityId, user: { id: users.doctor.id } });
  });

  it('is refused, and the refusal audited, for a user off the team or not covered by consent', async () => {
    const stranger = await region.user('PROFESSION_NURSE');
    expect((await rejection((await scopeOf(stranger)).openPatient(patientId, 'test.open'))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    expect((await rejection((await scopeOf(users.otherOffice)).openPatient(patientId, 'test.open'))).reason).toBe('CONSENT_REQUIRED');
    // The audit names the rule that refused: off the team, or on it without consent for this office.
    for (const [user, reason] of [
      [stranger, 'PATIENT_NOT_ON_CARE_TEAM'],
      [users.otherOffice, 'CONSENT_REQUIRED'],
    ] as const) {
      expect(await auditEvents('test.open', user.id)).toEqual([expect.objectContaining({ outcome: 'denied', patient_id: patientId, detail: { reason } })]);
    }
  });

  it('is evaluated anew each time it is opened: a member who left the team is refused the next time', async () => {
    const leaving = await region.user('PROFESSION_PHARMACIST');
    await region.join(patientId, leaving.id, 'CARE_TEAM_ROLE_PHARMACIST');
    const user = await scopeOf(leaving);
    expect((await user.openPatient(patientId, 'test.reopen')).roles).toEqual(['CARE_TEAM_ROLE_PHARMACIST']);
    await removeCareTeamMember(backend.database, patientId, leaving.id, backend.clock.now());
    expect((await rejection(user.openPatient(patientId, 'test.reopen'))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });
});

describe('require', () => {
  it('records a refusal once, with the kind of record, the roles and the reason, and throws it', async () => {
    const scope = await (await scopeOf(users.careWorker)).openPatient(patientId, 'test.open');
    const error = await rejection(scope.require('PROGRESS_NOTES', 'read', { action: 'test.require', detail: { noteId: 'n-1' } }));
    expect(error.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
    // Codes on the wire; each reader's language says them.
    expect(error.metadata).toMatchObject({ recordKind: 'PROGRESS_NOTES', role: 'CARE_TEAM_ROLE_CARE_WORKER' });
    expect(describeError(error.reason, error.metadata, 'ja')).toContain('この記録（経過記録）は、あなたのケアチームでの役割（介護職）には');
    expect(describeError(error.reason, error.metadata, 'en')).toContain(
      'This record (Progress notes) is not shared with your role on the care team (Care worker)',
    );
    expect(await auditEvents('test.require', users.careWorker.id)).toEqual([
      {
        outcome: 'denied',
        patient_id: patientId,
        actor_user_id: users.careWorker.id,
        actor_device_id: scope.device.id,
        detail: { noteId: 'n-1', recordKind: 'PROGRESS_NOTES', roles: ['CARE_TEAM_ROLE_CARE_WORKER'], reason: 'RECORD_NOT_VISIBLE_TO_ROLE' },
      },
    ]);
  });

  it('lets through what the policy allows, and records nothing', async () => {
    const scope = await (await scopeOf(users.careWorker)).openPatient(patientId, 'test.open');
    await scope.require('DOCUMENT_TYPE_CARE_PLAN', 'read', { action: 'test.allowed' });
    expect(await rejection(scope.require('DOCUMENT_TYPE_CARE_PLAN', 'write', { action: 'test.allowed' }))).toMatchObject({
      reason: 'RECORD_NOT_WRITABLE_BY_ROLE',
    });
    expect((await auditEvents('test.allowed', users.careWorker.id)).map((e) => e.detail.reason)).toEqual(['RECORD_NOT_WRITABLE_BY_ROLE']);
  });

  it('is what a chart call refuses with: one audit event per refused call', async () => {
    const before = (await auditEvents('note.list', users.careWorker.id)).length;
    const error = await failure(call(region.clinical, 'ProgressNoteService', 'ListNotes', { patientId }, careWorker));
    expect(error.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
    const events = (await auditEvents('note.list', users.careWorker.id)).slice(before);
    expect(events).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        detail: { recordKind: 'PROGRESS_NOTES', roles: ['CARE_TEAM_ROLE_CARE_WORKER'], reason: 'RECORD_NOT_VISIBLE_TO_ROLE' },
      }),
    ]);
  });
});

describe('the dispatcher', () => {
  it('runs two queries to authenticate and one for the scope before a chart handler (it ran three for the patient check and the chart access, and one more for the user)', async () => {
    let beforeHandler = -1;
    const real = progressNoteService();
    const ListNotes: ServiceMethod = {
      ...real.ListNotes!,
      async handle(request, scope) {
        beforeHandler = statements;
        return real.ListNotes!.handle(request, scope);
      },
    };
    const v1 = loadApi().grpcObject.renkei.v1;
    const server = new grpc.Server();
    server.addService(
      v1.ProgressNoteService.service,
      implementService(
        v1.ProgressNoteService.service,
        { ...real, ListNotes },
        { store: countingStore, clock: backend.clock, logger: pino({ level: 'silent' }) },
      ),
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const client = new (v1.ProgressNoteService as unknown as typeof grpc.Client)(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as grpc.Client &
      Record<string, (...args: any[]) => any>;
    const metadata = new grpc.Metadata();
    metadata.set('renkei-device', doctor.device!);
    metadata.set('authorization', `Bearer ${doctor.session}`);
    const listNotes = () =>
      new Promise((resolve, reject) => client.ListNotes!({ patientId }, metadata, (e: unknown, r: unknown) => (e ? reject(e) : resolve(r))));
    try {
      await listNotes(); // The device's last-seen time is written on the first call only.
      statements = 0;
      await listNotes();
      // The device, the session with its user; then the scope.
      expect(beforeHandler).toBe(3);
    } finally {
      client.close();
      server.forceShutdown();
    }
  });

  it('refuses to start a service whose handler is written for another access level than RPC_POLICY gives', () => {
    const v1 = loadApi().grpcObject.renkei.v1;
    const wrong = { ...progressNoteService(), ListNotes: { access: 'user', handle: async () => ({ notes: [] }) } } as Record<string, ServiceMethod>;
    expect(() =>
      implementService(v1.ProgressNoteService.service, wrong, { store: backend.database, clock: backend.clock, logger: pino({ level: 'silent' }) }),
    ).toThrow('/renkei.v1.ProgressNoteService/ListNotes is for care-team in RPC_POLICY, but its handler is written for user');
  });
});
