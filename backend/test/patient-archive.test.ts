// Archiving a patient (`renkei-admin patient archive|unarchive`, migration 0018) over the real CLI,
// gRPC and TLS: the patient leaves every care-team member's list, search and sync (a tombstone
// saying why), the records stay, the registering office's members of the team can still read the
// chart (and find it with include_archived) but nobody adds to it, and the access log and its export
// show everything. Unarchiving brings the patient back in the same way.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeClients, failure } from './support/api-client';
import { TestRegion, call, startTestBackend, type TestBackend } from './support';

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
type Credentials = { device: string; session: string };
let doctor: Credentials;
let nurse: Credentials;

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--data-dir', backend.dataDir, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const ids = (patients: { id: string }[]) => patients.map((p) => p.id);
const listed = async (who: Credentials) => ids((await call(region.clinical, 'PatientService', 'ListPatients', { pageSize: 500 }, who)).patients);
const found = async (who: Credentials, includeArchived = false) =>
  (await call(region.clinical, 'PatientService', 'SearchPatients', { query: 'ミヤザキ', includeArchived }, who)).patients as {
    id: string;
    archived: boolean;
  }[];

/** A PC's cache of the patients it may show, built only from PullChanges. */
class Replica {
  readonly patients = new Set<string>();
  cursor = '';
  constructor(private readonly who: Credentials) {}
  async pull() {
    const changes: { patientId: string; removed?: { reason: string } }[] = [];
    for (;;) {
      const page = await call(region.clinical, 'SyncService', 'PullChanges', { cursor: this.cursor, maxChanges: 0 }, this.who);
      if (page.reset) this.patients.clear();
      for (const change of page.changes) {
        if (change.upserted) this.patients.add(change.patientId);
        else this.patients.delete(change.patientId);
        changes.push(change);
      }
      this.cursor = page.nextCursor;
      if (!page.hasMore) return changes;
    }
  }
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'ひむか在宅クリニック');
  const station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', '訪問看護ステーションあおしま');
  const doctorUser = await region.user('PROFESSION_DOCTOR', ['日高', '誠']);
  const nurseUser = await station.user('PROFESSION_NURSE', ['永友', '恵']);
  patientId = (await region.patient()).id;
  await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await station.join(patientId, nurseUser.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  const signed = await admin([
    'consent',
    'record',
    '--patient',
    patientId,
    '--obtained-on',
    '2026-04-01',
    '--obtained-by',
    '事務局 佐藤',
    '--scope',
    'care-team',
  ]);
  expect(signed.code).toBe(0);
  doctor = await region.session(doctorUser.login_id);
  nurse = await station.session(nurseUser.login_id);
  await call(
    region.clinical,
    'ProgressNoteService',
    'WriteNote',
    { patientId, soap: { subjective: '', objective: '', assessment: '', plan: '訪問継続' }, clientRequestId: randomUUID() },
    nurse,
  );
});

afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('renkei-admin patient archive', { timeout: 120_000 }, () => {
  it('refuses an archive without a reason, and an unknown patient, changing nothing', async () => {
    const blank = await admin(['patient', 'archive', patientId, '--reason', '  ']);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('アーカイブする理由を --reason で入力してください');
    const unknown = await admin(['patient', 'archive', randomUUID(), '--reason', '訪問終了']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('は登録されていません');
    const row = await backend.database.db.selectFrom('patients').select('archived_at').where('id', '=', patientId).executeTakeFirstOrThrow();
    expect(row.archived_at).toBeNull();
  });

  it("hides the patient from the team's lists, searches and caches, keeps every record, and lets only the registering office read the chart", async () => {
    const doctorPc = new Replica(doctor);
    const nursePc = new Replica(nurse);
    await doctorPc.pull();
    await nursePc.pull();
    expect(nursePc.patients.has(patientId)).toBe(true);
    expect(await listed(nurse)).toContain(patientId);
    const notesBefore = await backend.database.db.selectFrom('progress_note_versions').select('id').where('patient_id', '=', patientId).execute();
    expect(notesBefore).toHaveLength(1);

    const archived = await admin(['patient', 'archive', patientId, '--reason', '施設入所により訪問終了']);
    expect(archived.stderr).toBe('');
    expect(archived.code).toBe(0);
    expect(archived.stdout).toContain('記録は削除していません');

    // Lists, searches and the next sync of every member lose the patient, saying why.
    for (const who of [doctor, nurse]) {
      expect(await listed(who)).not.toContain(patientId);
      expect(ids(await found(who))).not.toContain(patientId);
    }
    for (const pc of [doctorPc, nursePc]) {
      expect(await pc.pull()).toEqual([expect.objectContaining({ patientId, removed: { reason: 'REMOVAL_REASON_ARCHIVED' } })]);
      expect(pc.patients.has(patientId)).toBe(false);
    }
    // A PC starting afresh does not get it either.
    const freshPc = new Replica(nurse);
    await freshPc.pull();
    expect(freshPc.patients.has(patientId)).toBe(false);

    // The registering office's doctor finds it when asking for archived patients too, and reads the chart.
    expect(await found(doctor, true)).toEqual([expect.objectContaining({ id: patientId, archived: true })]);
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, doctor);
    expect(overview.patient.id).toBe(patientId);
    // The overview says it is archived, so the PC shows it read-only and does not keep it offline.
    expect(overview.patient.archivedAt).not.toBeNull();
    const notes = await call(region.clinical, 'ProgressNoteService', 'ListNotes', { patientId }, doctor);
    expect(notes.notes.length).toBe(1);
    // Nobody adds to an archived record.
    const write = await failure(
      call(
        region.clinical,
        'ProgressNoteService',
        'WriteNote',
        { patientId, soap: { subjective: '', objective: '', assessment: '', plan: '追記' }, clientRequestId: randomUUID() },
        doctor,
      ),
    );
    expect(write.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(write.reason).toBe('PATIENT_ARCHIVED');
    expect(write.message).toContain('事務局にアーカイブの解除を依頼してください');
    // Another office's member neither finds nor reads it.
    expect(ids(await found(nurse, true))).not.toContain(patientId);
    const read = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurse));
    expect(read.reason).toBe('PATIENT_ARCHIVED');

    // Nothing was deleted; the archive and the refusals are in the access log, as is everything before.
    const notesAfter = await backend.database.db.selectFrom('progress_note_versions').select('id').where('patient_id', '=', patientId).execute();
    expect(notesAfter).toEqual(notesBefore);
    const log = await call(region.clinical, 'AuditLogService', 'ListPatientAccessLog', { patientId, pageSize: 200 }, doctor);
    const actions = (log.entries as { action: string; outcome: string; actorKind: string }[]).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toContain('patient.archive:ok');
    expect(actions).toContain('note.write:ok');
    expect(actions.some((a) => a.endsWith('WriteNote:denied'))).toBe(true);
    expect((log.entries as { action: string; actorKind: string }[]).find((e) => e.action === 'patient.archive')!.actorKind).toBe('regional-office');
    const exported = await admin(['audit', 'export', '--patient', patientId]);
    expect(exported.stdout).toContain('患者のアーカイブ');
    expect(exported.stdout).toContain('経過記録の記入');

    // Listed for the regional office as archived.
    const all = await admin(['patient', 'list']);
    expect(all.stdout).toContain('アーカイブ済み');

    // Archiving twice is refused.
    const twice = await admin(['patient', 'archive', patientId, '--reason', 'もう一度']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('すでにアーカイブされています');

    // Unarchiving brings it back to every list and cache.
    const restored = await admin(['patient', 'unarchive', patientId]);
    expect(restored.code).toBe(0);
    expect(await listed(nurse)).toContain(patientId);
    const unarchivedOverview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, doctor);
    expect(unarchivedOverview.patient.archivedAt).toBeNull();
    await nursePc.pull();
    expect(nursePc.patients.has(patientId)).toBe(true);
    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_label', 'detail'])
      .where('patient_id', '=', patientId)
      .where('action', 'in', ['patient.archive', 'patient.unarchive'])
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['patient.archive', 'patient.unarchive']);
    expect(events[0]!.actor_label).toMatch(/^admin:/);
    expect(JSON.parse(events[0]!.detail)).toMatchObject({ reason: '施設入所により訪問終了', members: 2 });
    const unarchiveAgain = await admin(['patient', 'unarchive', patientId]);
    expect(unarchiveAgain.code).toBe(2);
    expect(unarchiveAgain.stderr).toContain('アーカイブされていません');
  });
});
