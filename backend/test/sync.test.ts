// The change feed as a device's cache consumes it: a replica built only from PullChanges pages
// must always end up equal to what the server says the user may see, with current data.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCareTeamMember } from '../src/care-teams/care-teams';
import { updatePatient } from '../src/patients/patients';
import { encodeCursor } from '../src/sync/sync-cursor';
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

type Credentials = { device: string; session: string };

/** What a device's cache does with the feed, minus the storage. */
class Replica {
  readonly patients = new Map<string, any>();
  cursor = '';
  pages: any[] = [];

  constructor(private readonly credentials: Credentials) {}

  async pullPage(maxChanges = 0) {
    const page = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: this.cursor, maxChanges }, this.credentials);
    if (page.reset) this.patients.clear();
    for (const change of page.changes) {
      if (change.upserted) this.patients.set(change.patientId, change.upserted);
      else this.patients.delete(change.patientId);
    }
    this.cursor = page.nextCursor;
    this.pages.push(page);
    return page;
  }

  async pullAll(maxChanges = 0) {
    for (;;) if (!(await this.pullPage(maxChanges)).hasMore) return;
  }
}

async function serverView(credentials: Credentials): Promise<string[]> {
  const { patients } = await call(region.clinical, 'PatientService', 'ListPatients', { pageSize: 500 }, credentials);
  return patients.map((p: { id: string }) => p.id).sort();
}

async function newUserWithPatients(count: number) {
  const user = await region.user();
  const patientIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = await region.patient({ givenName: `患者${i}`, givenNameKana: 'カンジャ' });
    await region.join(p.id, user.id);
    patientIds.push(p.id);
  }
  return { user, patientIds, credentials: await region.session(user.login_id) };
}

describe('PullChanges', () => {
  it('starts with a snapshot in pages, counting down what remains, with whole overviews', async () => {
    const { patientIds, credentials } = await newUserWithPatients(25);
    const replica = new Replica(credentials);
    await replica.pullAll(10);
    expect(replica.pages.map((p) => [p.changes.length, p.remaining, p.hasMore])).toEqual([
      [10, 15, true],
      [10, 5, true],
      [5, 0, false],
    ]);
    expect([...replica.patients.keys()].sort()).toEqual(patientIds.sort());
    const overview = replica.patients.get(patientIds[0]!);
    expect(overview.patient.name.family).toBe('宮崎');
    expect(overview.allergies[0].substance).toBe('ペニシリン系抗菌薬');
    expect(overview.diagnoses[0]).toMatchObject({ name: '慢性心不全', primary: true });
    expect(overview.careTeam).toHaveLength(1);
  });

  it('then sends only what changed, and nothing when nothing did', async () => {
    const { patientIds, credentials } = await newUserWithPatients(3);
    const replica = new Replica(credentials);
    await replica.pullAll();
    expect((await replica.pullPage()).changes).toEqual([]);

    await updatePatient(backend.database, patientIds[1]!, { careLevel: 'CARE_LEVEL_CARE_5' }, backend.clock.now());
    const page = await replica.pullPage();
    expect(page.changes.map((c: any) => c.patientId)).toEqual([patientIds[1]]);
    expect(replica.patients.get(patientIds[1]!).patient.careLevel).toBe('CARE_LEVEL_CARE_5');
  });

  it('sends a tombstone when the user leaves a team, and the patient again on rejoining', async () => {
    const { user, patientIds, credentials } = await newUserWithPatients(3);
    const replica = new Replica(credentials);
    await replica.pullAll();
    await removeCareTeamMember(backend.database, patientIds[0]!, user.id, backend.clock.now());
    const page = await replica.pullPage();
    expect(page.changes).toEqual([{ patientId: patientIds[0], removed: { reason: 'REMOVAL_REASON_LEFT_CARE_TEAM' }, change: 'removed' }]);
    expect(replica.patients.has(patientIds[0]!)).toBe(false);

    // Changes to a patient the user no longer sees are not sent at all.
    await updatePatient(backend.database, patientIds[0]!, { address: '宮崎市別の住所1-1' }, backend.clock.now());
    expect((await replica.pullPage()).changes).toEqual([]);

    await region.join(patientIds[0]!, user.id);
    await replica.pullPage();
    expect(replica.patients.get(patientIds[0]!).patient.address).toBe('宮崎市別の住所1-1');
  });

  it('tells team members when someone joins or leaves the team', async () => {
    const { patientIds, credentials } = await newUserWithPatients(1);
    const replica = new Replica(credentials);
    await replica.pullAll();
    const nurse = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
    await region.join(patientIds[0]!, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    await replica.pullPage();
    expect(replica.patients.get(patientIds[0]!).careTeam.map((m: any) => m.role)).toEqual(['CARE_TEAM_ROLE_ATTENDING_DOCTOR', 'CARE_TEAM_ROLE_VISITING_NURSE']);
  });

  it('loses nothing that changes while a snapshot is being paged', async () => {
    const { user, patientIds, credentials } = await newUserWithPatients(9);
    const replica = new Replica(credentials);
    await replica.pullPage(3);
    const sent = [...replica.patients.keys()];
    const notYetSent = patientIds.filter((id) => !sent.includes(id));
    await removeCareTeamMember(backend.database, sent[0]!, user.id, backend.clock.now());
    await updatePatient(backend.database, notYetSent.at(-1)!, { keyPerson: '長男 宮崎一郎' }, backend.clock.now());
    await updatePatient(backend.database, sent[1]!, { keyPerson: '長女 宮崎花子' }, backend.clock.now());
    const added = await region.patient({ givenName: '追加', givenNameKana: 'ツイカ' });
    await region.join(added.id, user.id);

    await replica.pullAll(3);
    expect([...replica.patients.keys()].sort()).toEqual(await serverView(credentials));
    expect(replica.patients.get(notYetSent.at(-1)!).patient.keyPerson).toBe('長男 宮崎一郎');
    expect(replica.patients.get(sent[1]!).patient.keyPerson).toBe('長女 宮崎花子');
  });

  it('restarts with a reset when the cursor belongs to another user or is ahead of the feed', async () => {
    const a = await newUserWithPatients(2);
    const b = await newUserWithPatients(1);
    const replicaA = new Replica(a.credentials);
    await replicaA.pullAll();

    const borrowed = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: replicaA.cursor }, b.credentials);
    expect(borrowed.reset).toBe(true);
    expect(borrowed.changes.map((c: any) => c.patientId)).toEqual(b.patientIds);

    const epoch = (await backend.database.db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow()).value;
    const ahead = encodeCursor({ v: 1, epoch, user: a.user.id, seq: 10_000_000 });
    const restored = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: ahead }, a.credentials);
    expect(restored.reset).toBe(true);
    expect(restored.changes).toHaveLength(2);
  });

  it('refuses a cursor it did not write, and an oversized page', async () => {
    const { credentials } = await newUserWithPatients(1);
    const garbage = await failure(call(region.clinical, 'SyncService', 'PullChanges', { cursor: 'not-a-cursor' }, credentials));
    expect(garbage.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(garbage.reason).toBe('SYNC_CURSOR_INVALID');
    const big = await failure(call(region.clinical, 'SyncService', 'PullChanges', { cursor: '', maxChanges: 5000 }, credentials));
    expect(big.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(big.fieldViolations[0]?.field).toBe('maxChanges');
  });
});
