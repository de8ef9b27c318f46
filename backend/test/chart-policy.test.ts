// The chart policy RPC by RPC: for every care-team role and every kind of record, what that role
// reads and writes through the API is exactly what the policy table says, and changing the table
// (as the regional office does with renkei-admin policy set) changes the answer of the next call.
import { randomUUID } from 'node:crypto';
import { CARE_TEAM_ROLES, isDocumentKind, RECORD_KINDS, type CareTeamRoleName, type ProfessionName, type RecordKindName } from '@renkei/proto';
import { TEMPLATE_KINDS } from '@renkei/proto/template-forms';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setChartPolicyCell, showChartPolicy } from '../src/access/chart-policy-admin';
import { DEFAULT_CHART_POLICY } from '../src/access/default-chart-policy';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { closeDocumentClients, uploadDocument } from './support/document-transfer';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

type Role = Exclude<CareTeamRoleName, 'CARE_TEAM_ROLE_UNSPECIFIED'>;
const ROLES = CARE_TEAM_ROLES.filter((r): r is Role => r !== 'CARE_TEAM_ROLE_UNSPECIFIED');
const DOCUMENT_KINDS = RECORD_KINDS.filter(isDocumentKind);
/** The kinds that are shared forms, as DocumentType names. */
const TEMPLATE_KINDS_FOR_TEST = TEMPLATE_KINDS.map((k) => `DOCUMENT_TYPE_${k}` as RecordKindName);

const PROFESSION_OF: Record<Role, ProfessionName> = {
  CARE_TEAM_ROLE_ATTENDING_DOCTOR: 'PROFESSION_DOCTOR',
  CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR: 'PROFESSION_DOCTOR',
  CARE_TEAM_ROLE_COOPERATING_DOCTOR: 'PROFESSION_DOCTOR',
  CARE_TEAM_ROLE_VISITING_NURSE: 'PROFESSION_NURSE',
  CARE_TEAM_ROLE_THERAPIST: 'PROFESSION_PHYSICAL_THERAPIST',
  CARE_TEAM_ROLE_PHARMACIST: 'PROFESSION_PHARMACIST',
  CARE_TEAM_ROLE_CARE_MANAGER: 'PROFESSION_CARE_MANAGER',
  CARE_TEAM_ROLE_CARE_WORKER: 'PROFESSION_CARE_WORKER',
  CARE_TEAM_ROLE_HOSPITAL_LIAISON: 'PROFESSION_MEDICAL_SOCIAL_WORKER',
  CARE_TEAM_ROLE_DENTIST: 'PROFESSION_DENTIST',
  CARE_TEAM_ROLE_OTHER: 'PROFESSION_DIETITIAN',
};

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
const who = {} as Record<Role, Credentials>;
const userIds = {} as Record<Role, string>;
/** The one document and (where a form exists) the one form of each kind on the chart. */
const documentOf = new Map<string, string>();
const formOf = new Map<string, string>();
let noteId: string;

const policy = (role: Role, kind: RecordKindName) => DEFAULT_CHART_POLICY.find((r) => r.role === role && r.recordKind === kind)!;
const readableByDefault = (role: Role) => RECORD_KINDS.filter((kind) => policy(role, kind).canRead);

async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Renkei test document', { x: 50, y: 780, size: 14 });
  return Buffer.from(await doc.save());
}

const noteCall = <T = any>(method: string, request: object, role: Role) => call<T>(region.clinical, 'ProgressNoteService', method, request, who[role]);
const listDocuments = async (role: Role) =>
  ((await call(region.clinical, 'DocumentService', 'ListDocuments', { patientId }, who[role])).documents as { documentType: string }[])
    .map((d) => d.documentType)
    .sort();
const listForms = async (role: Role) =>
  ((await call(region.clinical, 'FormService', 'ListForms', { patientId }, who[role])).forms as { documentType: string }[]).map((f) => f.documentType).sort();

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const patient = await region.patient();
  patientId = patient.id;
  for (const role of ROLES) {
    const user = await region.user(PROFESSION_OF[role]);
    userIds[role] = user.id;
    await region.join(patientId, user.id, role);
    who[role] = await region.session(user.login_id);
  }
  // The attending doctor may write every kind: one record of each on the chart.
  const bytes = await pdf();
  for (const kind of DOCUMENT_KINDS) {
    const instruction = kind === 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';
    const filed = await uploadDocument(
      region.clinical,
      who.CARE_TEAM_ROLE_ATTENDING_DOCTOR,
      {
        patientId,
        uploadId: randomUUID(),
        documentType: kind,
        title: kind,
        fileName: `${kind}.pdf`,
        issuedOn: '2025-04-01',
        issuer: 'テスト',
        ...(instruction && { validFrom: '2025-04-01', validUntil: '2025-09-30' }),
      },
      bytes,
    );
    documentOf.set(kind, filed.document.documentId);
  }
  for (const kind of TEMPLATE_KINDS_FOR_TEST) {
    const form = await call(
      region.clinical,
      'FormService',
      'CreateForm',
      { patientId, documentType: kind, title: '', valuesJson: '{}' },
      who.CARE_TEAM_ROLE_ATTENDING_DOCTOR,
    );
    formOf.set(kind, form.formId);
  }
  noteId = (
    await noteCall('WriteNote', { patientId, soap: { subjective: '', objective: '血圧 128/74', assessment: '', plan: '' } }, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR')
  ).noteId;
});
afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
});

describe('the chart policy, role by role and kind by kind', () => {
  for (const role of ROLES) {
    it(`${role}: reads and writes exactly what the policy table says`, async () => {
      // Progress notes: list, history, write.
      const notesReadable = policy(role, 'PROGRESS_NOTES').canRead;
      if (notesReadable) {
        expect((await noteCall('ListNotes', { patientId }, role)).notes.map((n: { noteId: string }) => n.noteId)).toContain(noteId);
        expect((await noteCall('GetNoteHistory', { patientId, noteId }, role)).versions).toHaveLength(1);
      } else {
        expect((await failure(noteCall('ListNotes', { patientId }, role))).reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
        expect((await failure(noteCall('GetNoteHistory', { patientId, noteId }, role))).reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
      }
      const write = noteCall('WriteNote', { patientId, soap: { subjective: '', objective: '', assessment: '', plan: `${role} の記録` } }, role);
      if (policy(role, 'PROGRESS_NOTES').canWrite) expect((await write).version).toBe(1);
      else expect((await failure(write)).reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');

      // Insurance and certification (INSURANCE): read the record, record a new version.
      const coverageCall = (method: string, request: object) => call(region.clinical, 'CoverageService', method, { patientId, ...request }, who[role]);
      const insurance = policy(role, 'INSURANCE');
      if (insurance.canRead) expect((await coverageCall('GetCoverage', {})).versions).toBeInstanceOf(Array);
      else expect((await failure(coverageCall('GetCoverage', {}))).reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
      const longTermCare = { insurerNumber: '452017', insuredNumber: '0000123456', copayTenths: 1 };
      if (insurance.canWrite) {
        const baseVersion = (await coverageCall('GetCoverage', {})).versions.length;
        expect((await coverageCall('RecordCoverage', { baseVersion, longTermCare })).version).toBe(baseVersion + 1);
      } else {
        expect((await failure(coverageCall('RecordCoverage', { longTermCare }))).reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
      }

      // Documents and forms: the lists hold exactly the readable kinds.
      const readable = readableByDefault(role);
      expect(await listDocuments(role)).toEqual(DOCUMENT_KINDS.filter((k) => readable.includes(k)).sort());
      expect(await listForms(role)).toEqual(TEMPLATE_KINDS_FOR_TEST.filter((k) => readable.includes(k)).sort());

      // The overview says the same, and carries only what the role may read.
      const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, who[role]);
      expect(overview.chart.myAccess).toEqual(
        RECORD_KINDS.map((kind) => ({ recordKind: kind, canRead: policy(role, kind).canRead, canWrite: policy(role, kind).canWrite })),
      );
      expect(overview.chart.documents.map((d: { documentType: string }) => d.documentType).sort()).toEqual(
        DOCUMENT_KINDS.filter((k) => readable.includes(k)).sort(),
      );
      expect(overview.chart.forms.map((f: { documentType: string }) => f.documentType).sort()).toEqual(
        TEMPLATE_KINDS_FOR_TEST.filter((k) => readable.includes(k)).sort(),
      );
      expect(overview.chart.latestNotes.length > 0).toBe(notesReadable);
      expect(overview.chart.consent.registeredBy.id).toBe(await region.facilityId);
    });
  }

  it('matches what the pilot asked for, written out by hand', async () => {
    // A care worker reads the care plan, not the doctor's referral letter, and not the notes.
    const careWorker = await listDocuments('CARE_TEAM_ROLE_CARE_WORKER');
    expect(careWorker).toContain('DOCUMENT_TYPE_CARE_PLAN');
    expect(careWorker).not.toContain('DOCUMENT_TYPE_REFERRAL_LETTER');
    const refused = await failure(
      call(region.clinical, 'DocumentService', 'ListDocuments', { patientId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER' }, who.CARE_TEAM_ROLE_CARE_WORKER),
    );
    expect(refused.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
    expect(refused.message).toContain('診療情報提供書');
    // The substitute doctor covering a night sees the whole chart at once.
    expect(await listDocuments('CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR')).toEqual([...DOCUMENT_KINDS].sort());
    expect(await listForms('CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR')).toEqual([...TEMPLATE_KINDS_FOR_TEST].sort());
    // The care manager plans care without the doctors' letters.
    const careManager = await listDocuments('CARE_TEAM_ROLE_CARE_MANAGER');
    expect(careManager).toEqual(expect.arrayContaining(['DOCUMENT_TYPE_CARE_PLAN', 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION']));
    expect(careManager).not.toContain('DOCUMENT_TYPE_REFERRAL_LETTER');
    expect(careManager).not.toContain('DOCUMENT_TYPE_DISCHARGE_SUMMARY');
    // The pharmacist writes notes but not the nurse's plan.
    expect(policy('CARE_TEAM_ROLE_PHARMACIST', 'DOCUMENT_TYPE_VISITING_NURSING_PLAN')).toMatchObject({ canRead: true, canWrite: false });
  });
});

describe('changing the policy', () => {
  it('changes the answer of the next call and refreshes the cached overviews of the role', async () => {
    const role: Role = 'CARE_TEAM_ROLE_CARE_WORKER';
    let cursor = '';
    for (;;) {
      const page = await call(region.clinical, 'SyncService', 'PullChanges', { cursor }, who[role]);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect((await failure(noteCall('ListNotes', { patientId }, role))).reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');

    const change = await setChartPolicyCell(
      backend.database,
      { recordKind: 'PROGRESS_NOTES', role, canRead: true, canWrite: false },
      'admin:test@office',
      backend.clock.now(),
    );
    expect(change).toMatchObject({ before: { canRead: false, canWrite: false }, after: { canRead: true, canWrite: false, updatedBy: 'admin:test@office' } });
    expect(change.patientsNotified).toBeGreaterThanOrEqual(1);

    expect((await noteCall('ListNotes', { patientId }, role)).notes.length).toBeGreaterThan(0);
    expect((await failure(noteCall('WriteNote', { patientId, soap: { subjective: '観察', objective: '', assessment: '', plan: '' } }, role))).reason).toBe(
      'RECORD_NOT_WRITABLE_BY_ROLE',
    );
    const pulled = await call(region.clinical, 'SyncService', 'PullChanges', { cursor }, who[role]);
    const refreshed = pulled.changes.find((c: { patientId: string }) => c.patientId === patientId);
    expect(refreshed.upserted.chart.latestNotes.length).toBeGreaterThan(0);
    expect(refreshed.upserted.chart.myAccess.find((a: { recordKind: string }) => a.recordKind === 'PROGRESS_NOTES')).toEqual({
      recordKind: 'PROGRESS_NOTES',
      canRead: true,
      canWrite: false,
    });

    // And back: the documents of a kind taken away leave the overview too.
    await setChartPolicyCell(
      backend.database,
      { recordKind: 'PROGRESS_NOTES', role, canRead: false, canWrite: false },
      'admin:test@office',
      backend.clock.now(),
    );
    await setChartPolicyCell(
      backend.database,
      { recordKind: 'DOCUMENT_TYPE_CARE_PLAN', role, canRead: false, canWrite: false },
      'admin:test@office',
      backend.clock.now(),
    );
    expect(await listDocuments(role)).toEqual([]);
    const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, who[role]);
    expect(overview.chart.documents).toEqual([]);
    expect(overview.chart.latestNotes).toEqual([]);
    await setChartPolicyCell(
      backend.database,
      { recordKind: 'DOCUMENT_TYPE_CARE_PLAN', role, canRead: true, canWrite: false },
      'admin:test@office',
      backend.clock.now(),
    );
    expect(await listDocuments(role)).toEqual(['DOCUMENT_TYPE_CARE_PLAN']);
  });

  it('refuses write without read, and logs showing and setting with the administrator as actor', async () => {
    await expect(
      setChartPolicyCell(
        backend.database,
        { recordKind: 'DOCUMENT_TYPE_CARE_PLAN', role: 'CARE_TEAM_ROLE_CARE_WORKER', canRead: false, canWrite: true },
        'admin:test@office',
        backend.clock.now(),
      ),
    ).rejects.toMatchObject({ reason: 'INVALID_REQUEST', fieldViolations: [{ field: 'canWrite', reason: 'WRITE_NEEDS_READ' }] });
    const cells = await showChartPolicy(backend.database, { role: 'CARE_TEAM_ROLE_CARE_WORKER' }, 'admin:test@office', backend.clock.now());
    expect(cells.map((c) => c.recordKind)).toEqual([...RECORD_KINDS]);
    expect(cells.find((c) => c.recordKind === 'DOCUMENT_TYPE_CARE_PLAN')).toMatchObject({ canRead: true, canWrite: false, updatedBy: 'admin:test@office' });
    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_label', 'detail'])
      .where('action', 'like', 'policy.%')
      .orderBy('seq')
      .execute();
    expect(events.filter((e) => e.action === 'policy.set')).toHaveLength(4);
    expect(events.filter((e) => e.action === 'policy.show')).toHaveLength(1);
    expect(events.every((e) => e.actor_label === 'admin:test@office')).toBe(true);
    expect(JSON.parse(events.find((e) => e.action === 'policy.set')!.detail)).toMatchObject({
      recordKind: 'PROGRESS_NOTES',
      role: 'CARE_TEAM_ROLE_CARE_WORKER',
      after: { canRead: true },
    });
  });
});
