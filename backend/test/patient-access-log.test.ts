// A patient's access log in the app (AuditLogService over real gRPC and TLS): the attending doctor
// and the registering office read it, paged and by period; another member of the care team, and
// anyone else, is refused and the refusal recorded; every read is recorded and shows in the log.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japanDayOf } from '@renkei/proto/calendar';
import { ACCESS_LOG_CSV_COLUMNS } from '../src/audit/access-log';
import { recordConsent } from '../src/consent/consents';
import { closeClients, failure } from './support/api-client';
import { TestRegion, call, startTestBackend, type TestBackend } from './support';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let doctor: { device: string; session: string };
let nurse: { device: string; session: string };
let clerk: { device: string; session: string };
let stranger: { device: string; session: string };

type Entry = {
  seq: number;
  action: string;
  outcome: string;
  actorName: string;
  actorKind: string;
  actorLabel: string;
  actorProfession: string;
  actorFacilityName: string;
  deviceName: string;
  reason: string;
};
const log = (request: object, who: { device: string; session: string }) =>
  call<{ entries: Entry[]; nextPageToken: string }>(region.clinical, 'AuditLogService', 'ListPatientAccessLog', { patientId, ...request }, who);

async function readsRecorded(outcome: 'ok' | 'denied'): Promise<number> {
  const rows = await backend.database.db
    .selectFrom('audit_events')
    .select('seq')
    .where('action', '=', 'audit.patient.read')
    .where('outcome', '=', outcome)
    .where('patient_id', '=', patientId)
    .execute();
  return rows.length;
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'ひむか在宅クリニック');
  const station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', '訪問看護ステーションあおしま');
  const elsewhere = region.office('FACILITY_KIND_CLINIC', '別の診療所');
  const doctorUser = await region.user('PROFESSION_DOCTOR', ['日高', '誠']);
  const clerkUser = await region.user('PROFESSION_CLERK', ['椎葉', '美咲']);
  const nurseUser = await station.user('PROFESSION_NURSE', ['永友', '恵']);
  const strangerUser = await elsewhere.user('PROFESSION_DOCTOR', ['押川', '剛']);
  patientId = (await region.patient()).id;
  await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await station.join(patientId, nurseUser.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await recordConsent(
    backend.database,
    { kind: 'regional-office', label: 'admin:test@office' },
    { patientId, obtainedOn: japanDayOf(backend.clock.now()).toString(), obtainedBy: '事務局 佐藤', scope: 'CONSENT_SCOPE_CARE_TEAM' },
    backend.clock.now(),
  );
  doctor = await region.session(doctorUser.login_id);
  clerk = await region.session(clerkUser.login_id);
  nurse = await station.session(nurseUser.login_id);
  stranger = await elsewhere.session(strangerUser.login_id);

  await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurse);
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

describe('the chart’s access log (ListPatientAccessLog)', () => {
  it('lets the attending doctor read who did what, from which office and device, and records the read', async () => {
    const before = await readsRecorded('ok');
    const page = await log({}, doctor);
    const byNurse = page.entries.filter((e) => e.actorName === '永友 恵');
    // Newest first: the note was written after the overview was read.
    expect(byNurse.map((e) => [e.action, e.outcome, e.actorKind, e.actorProfession, e.actorFacilityName, e.deviceName])).toEqual([
      ['note.write', 'ok', 'user', 'PROFESSION_NURSE', '訪問看護ステーションあおしま', 'テスト端末'],
      ['patient.overview.read', 'ok', 'user', 'PROFESSION_NURSE', '訪問看護ステーションあおしま', 'テスト端末'],
    ]);
    // The regional office's consent entry says who in kind (shown 「事務局」) and keeps the stored label.
    expect(page.entries.find((e) => e.action === 'consent.record')).toMatchObject({ actorKind: 'regional-office', actorLabel: 'admin:test@office' });
    const seqs = page.entries.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.nextPageToken).toBe('');
    expect(await readsRecorded('ok')).toBe(before + 1);
    // The read itself is at the top of the log the next reader sees.
    const again = await log({}, doctor);
    expect(again.entries[0]).toMatchObject({ action: 'audit.patient.read', outcome: 'ok', actorName: '日高 誠', actorKind: 'user', actorLabel: '' });
  });

  it('lets staff of the registering office read it though they are not on the care team', async () => {
    const page = await log({}, clerk);
    expect(page.entries.some((e) => e.action === 'note.write')).toBe(true);
  });

  it('refuses another member of the care team and anyone of another office, recording each refusal once', async () => {
    const before = await readsRecorded('denied');
    for (const who of [nurse, stranger]) {
      const error = await failure(log({}, who));
      expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(error.reason).toBe('ACCESS_LOG_NOT_PERMITTED');
      expect(error.message).toContain('主治医と、患者を登録した事業所の職員だけ');
    }
    expect(await readsRecorded('denied')).toBe(before + 2);
    const refusals = await backend.database.db.selectFrom('audit_events').select('action').where('action', '=', 'rpc.refused').execute();
    expect(refusals).toHaveLength(0);
    // An unknown patient is refused the same way: ids are not probed through this method.
    const unknown = await failure(
      call(region.clinical, 'AuditLogService', 'ListPatientAccessLog', { patientId: '00000000-0000-4000-8000-000000000000' }, doctor),
    );
    expect(unknown.reason).toBe('ACCESS_LOG_NOT_PERMITTED');
  });

  it('pages through the log newest first with the token it gives', async () => {
    const all = (await log({ pageSize: 200 }, doctor)).entries;
    const seen: number[] = [];
    let pageToken = '';
    do {
      const page = await log({ pageSize: 2, pageToken }, doctor);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => Number(e.seq)));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    // The first page starts with the read of the whole listing (recorded after it); the later pages
    // go back from there and cover that listing in order, newest first.
    expect(seen[0]).toBeGreaterThan(Number(all[0]!.seq));
    expect(seen.slice(1)).toEqual(all.map((e) => Number(e.seq)));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('saves the log as CSV for the same people (ExportPatientAccessLog), newest first, and records the export', async () => {
    const exported = await call<{ csv: Buffer; rows: number; fileName: string }>(
      region.clinical,
      'AuditLogService',
      'ExportPatientAccessLog',
      { patientId },
      clerk,
    );
    const text = Buffer.from(exported.csv).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text
      .slice(1)
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines[0]).toBe(ACCESS_LOG_CSV_COLUMNS.map((c) => `"${c}"`).join(','));
    expect(lines).toHaveLength(exported.rows + 1);
    expect(exported.fileName).toMatch(/^access-log-\d{6}-\d{8}\.csv$/);
    const seqs = lines.slice(1).map((l) => Number(/"(\d+)"$/.exec(l)![1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    // The regional office's entry: the stored label in 操作者, 「事務局」 beside it.
    expect(lines.some((l) => l.includes('"admin:test@office","事務局"'))).toBe(true);
    const recorded = await backend.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'detail'])
      .where('action', '=', 'audit.patient.export')
      .where('patient_id', '=', patientId)
      .execute();
    expect(recorded).toHaveLength(1);
    expect(JSON.parse(recorded[0]!.detail)).toMatchObject({ as: 'registering-office', rows: exported.rows });
    // The export is in the log the next reader sees.
    expect((await log({}, doctor)).entries.some((e) => e.action === 'audit.patient.export')).toBe(true);
    const error = await failure(call(region.clinical, 'AuditLogService', 'ExportPatientAccessLog', { patientId }, nurse));
    expect(error.reason).toBe('ACCESS_LOG_NOT_PERMITTED');
    const refused = await backend.database.db
      .selectFrom('audit_events')
      .select('outcome')
      .where('action', '=', 'audit.patient.export')
      .where('outcome', '=', 'denied')
      .execute();
    expect(refused).toHaveLength(1);
  });

  it('keeps to a period of days in Japan and refuses a bad day or an end before the start, recording nothing', async () => {
    const today = japanDayOf(backend.clock.now());
    expect((await log({ fromDay: today.toString(), toDay: today.toString() }, doctor)).entries.length).toBeGreaterThan(0);
    expect((await log({ fromDay: today.add({ days: 1 }).toString() }, doctor)).entries).toEqual([]);
    expect((await log({ toDay: today.add({ days: -1 }).toString() }, doctor)).entries).toEqual([]);

    const before = [await readsRecorded('ok'), await readsRecorded('denied')];
    const cases: [object, string][] = [
      [{ fromDay: '2026-02-30' }, '存在する日付を YYYY-MM-DD'],
      [{ toDay: '令和8年12月1日' }, '存在する日付を YYYY-MM-DD'],
      [{ fromDay: '2026-12-02', toDay: '2026-12-01' }, '終了日は開始日以降'],
      [{ pageToken: 'abc' }, '前回の応答の値'],
    ];
    for (const [request, message] of cases) {
      const error = await failure(log(request, doctor));
      expect(error.code, JSON.stringify(request)).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.message + JSON.stringify(error.fieldViolations ?? []), JSON.stringify(request)).toContain(message);
    }
    expect([await readsRecorded('ok'), await readsRecorded('denied')]).toEqual(before);
  });
});
