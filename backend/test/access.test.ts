// Authorisation RPC by RPC: a user on the patient's care team sees the patient; a user who is not
// does not, through any method. The table below must cover every method of the API.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import { japanToday } from '@renkei/proto/calendar';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPC_POLICY } from '../src/access/rpc-policy';
import { removeCareTeamMember } from '../src/care-teams/care-teams';
import { call, closeClients, failure } from './support/api-client';
import { closeDocumentClients, downloadAttachment, downloadDocument, uploadAttachment, uploadDocument } from './support/document-transfer';
import { TEST_PASSWORD, TestRegion } from './support/region';
import { TimelineStream, isPost } from './support/timeline-stream';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let member: { device: string; session: string };
let outsider: { device: string; session: string };
let nurse: { device: string; session: string };
let nurseId: string;

beforeAll(async () => {
  backend = await startTestBackend({ timeline: { stream: { heartbeatMs: 300 } } });
  region = new TestRegion(backend);
  const doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const stranger = await region.user('PROFESSION_NURSE', ['他人', '花子']);
  const patient = await region.patient({ familyName: '宮崎', givenName: 'ハル', familyNameKana: 'ミヤザキ', givenNameKana: 'ハル' });
  patientId = patient.id;
  await region.join(patientId, doctor.id);
  // The outsider is on another patient's team: a real user with patients, just not this one.
  const other = await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' });
  await region.join(other.id, stranger.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  member = await region.session(doctor.login_id);
  outsider = await region.session(stranger.login_id);
  const nurseUser = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  nurseId = nurseUser.id;
  // A second member, to confirm a post the doctor did not write.
  await region.join(patientId, nurseId, 'CARE_TEAM_ROLE_VISITING_NURSE');
  nurse = await region.session(nurseUser.login_id);
});
afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
});

const ids = (patients: { id: string }[]) => patients.map((p) => p.id);

async function pullAll(credentials: { device: string; session: string }): Promise<{ upserted: string[]; removed: string[] }> {
  let cursor = '';
  const upserted: string[] = [];
  const removed: string[] = [];
  for (;;) {
    const page = await call(region.clinical, 'SyncService', 'PullChanges', { cursor }, credentials);
    for (const change of page.changes) (change.upserted ? upserted : removed).push(change.patientId);
    cursor = page.nextCursor;
    if (!page.hasMore) return { upserted, removed };
  }
}

/** The outsider's answer for any call about the patient: the same as for a patient that does not exist. */
async function refused(promise: Promise<unknown>): Promise<void> {
  const error = await failure(promise);
  expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
  expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
}

const LONG_TERM_CARE = { insurerNumber: '452017', insuredNumber: '0000123456', copayTenths: 1 };
const SOAP = { subjective: '「変わりない」', objective: 'BP 130/76', assessment: '安定', plan: '継続' };
const chart = (
  service: 'ConsentService' | 'ProgressNoteService' | 'FormService' | 'CoverageService' | 'EmergencyInfoService',
  method: string,
  request: object,
  who: { device: string; session: string },
) => call(region.clinical, service, method, request, who);
const writeNote = async () => (await chart('ProgressNoteService', 'WriteNote', { patientId, soap: SOAP }, member)).noteId as string;
const MEDICATION = { drugName: 'フロセミド錠20mg', dose: '1錠', usage: '1日1回 朝食後' };
const addMedication = async () =>
  (await call(region.clinical, 'MedicationService', 'AddMedication', { patientId, details: MEDICATION }, member)).medicationId as string;
const today = () => japanToday(backend.clock.now());
const timelineCall = (method: string, request: object, who: { device: string; session: string }) =>
  call(region.clinical, 'TimelineService', method, request, who);
async function writePost(fields: object = {}, as = member): Promise<string> {
  return (await timelineCall('WritePost', { timeline: { patientId }, clientRequestId: randomUUID(), body: '訪問しました。', ...fields }, as)).postId;
}
const consent = { obtainedOn: '', obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_CARE_TEAM' };

async function pdfBytes(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Referral letter', { x: 50, y: 780, size: 14 });
  return Buffer.from(await doc.save());
}
const uploadHeader = () => ({
  patientId,
  uploadId: randomUUID(),
  documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER' as const,
  title: '診療情報提供書',
  fileName: 'letter.pdf',
  issuedOn: '2025-04-01',
  issuer: '黒木',
});
const attachmentHeader = () => ({ timeline: { patientId }, uploadId: randomUUID(), fileName: 'letter.pdf' });
async function postWithAttachment(): Promise<{ postId: string; attachmentId: string }> {
  const { attachmentId } = await uploadAttachment(region.clinical, member, attachmentHeader(), await pdfBytes());
  return { postId: await writePost({ attachmentIds: [attachmentId] }), attachmentId };
}
const fileDocument = async () => (await uploadDocument(region.clinical, member, uploadHeader(), await pdfBytes())).document.documentId;

/** A 訪問看護指示書 form with every field finalising asks for. */
const COMPLETE_INSTRUCTION = {
  instructionKind: 'NORMAL',
  instructionPeriod: { from: '2025-04-01', to: '2025-09-30' },
  issuedOn: '2025-03-28',
  mainDiagnosis: '慢性心不全',
  conditionSummary: 'NYHA II度。',
  careNotes: '毎日の体重測定。',
  emergencyContact: 'テスト診療所（24時間）',
  facilityName: 'テスト診療所',
  doctorName: '黒木 健一',
  addresseeStation: 'テスト訪問看護ステーション',
};
const createForm = async (values: object = {}) =>
  chart(
    'FormService',
    'CreateForm',
    { patientId, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', title: '', valuesJson: JSON.stringify(values) },
    member,
  );

/** For each method: what the member gets, and what the outsider gets, for the same patient. */
const phraseCall = (method: string, request: object, credentials: { device?: string; session?: string }) =>
  call(region.clinical, 'PhraseService' as Parameters<typeof call>[1], method, request, credentials);
const memberPhrase = async () =>
  (await phraseCall('CreatePhrase', { owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_ANY', title: '定型', body: '著変なし。' }, member)).phraseId as string;
/** 定型文 are the user's own (or their office's): another user's is answered like a missing one. */
const phraseCases = (method: 'UpdatePhrase' | 'DeletePhrase') => ({
  async member() {
    const phraseId = await memberPhrase();
    const done = await phraseCall(method, { phraseId, target: 'PHRASE_TARGET_ANY', title: '定型', body: '変更' }, member);
    expect(done.phraseId).toBe(phraseId);
  },
  async outsider() {
    const phraseId = await memberPhrase();
    const error = await failure(phraseCall(method, { phraseId, target: 'PHRASE_TARGET_ANY', title: '定型', body: '変更' }, outsider));
    expect(error.reason).toBe('RECORD_NOT_FOUND');
  },
});

const CASES: Record<string, { member(): Promise<void>; outsider(): Promise<void> }> = {
  '/renkei.v1.PhraseService/ListPhrases': {
    async member() {
      const phraseId = await memberPhrase();
      expect(((await phraseCall('ListPhrases', {}, member)).phrases as { phraseId: string }[]).map((p) => p.phraseId)).toContain(phraseId);
    },
    async outsider() {
      const phraseId = await memberPhrase();
      expect(((await phraseCall('ListPhrases', {}, outsider)).phrases as { phraseId: string }[]).map((p) => p.phraseId)).not.toContain(phraseId);
    },
  },
  '/renkei.v1.PhraseService/CreatePhrase': {
    async member() {
      expect(await memberPhrase()).toMatch(/^[0-9a-f-]{36}$/);
    },
    async outsider() {
      // Without a session (the device alone) nobody writes a phrase.
      const error = await failure(
        phraseCall('CreatePhrase', { owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_ANY', title: '定型', body: 'x' }, { device: outsider.device! }),
      );
      expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
    },
  },
  '/renkei.v1.PhraseService/UpdatePhrase': phraseCases('UpdatePhrase'),
  '/renkei.v1.PhraseService/DeletePhrase': phraseCases('DeletePhrase'),
  '/renkei.v1.AuditLogService/ListPatientAccessLog': {
    async member() {
      // The attending doctor reads the patient's access log; the second read shows the first.
      await call(region.clinical, 'AuditLogService', 'ListPatientAccessLog', { patientId }, member);
      const log = await call(region.clinical, 'AuditLogService', 'ListPatientAccessLog', { patientId }, member);
      expect((log.entries as { action: string }[]).map((e) => e.action)).toContain('audit.patient.read');
    },
    async outsider() {
      // The outsider here works at the registering office, which may read it; one of another office may not.
      const elsewhere = region.office('FACILITY_KIND_CLINIC');
      const stranger = await elsewhere.session((await elsewhere.user('PROFESSION_DOCTOR', ['別院', '医師'])).login_id);
      const error = await failure(call(region.clinical, 'AuditLogService', 'ListPatientAccessLog', { patientId }, stranger));
      expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(error.reason).toBe('ACCESS_LOG_NOT_PERMITTED');
    },
  },
  '/renkei.v1.AuditLogService/ExportPatientAccessLog': {
    async member() {
      const exported = await call(region.clinical, 'AuditLogService', 'ExportPatientAccessLog', { patientId }, member);
      expect(Buffer.from(exported.csv).toString('utf8').startsWith('\uFEFF"日時（日本時間）","操作者","操作者の区分"')).toBe(true);
    },
    async outsider() {
      const elsewhere = region.office('FACILITY_KIND_CLINIC');
      const stranger = await elsewhere.session((await elsewhere.user('PROFESSION_DOCTOR', ['別院', '医師2'])).login_id);
      const error = await failure(call(region.clinical, 'AuditLogService', 'ExportPatientAccessLog', { patientId }, stranger));
      expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(error.reason).toBe('ACCESS_LOG_NOT_PERMITTED');
    },
  },
  '/renkei.v1.PatientService/GetPatientOverview': {
    async member() {
      const overview = await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, member);
      expect(overview.patient.name.family).toBe('宮崎');
    },
    async outsider() {
      const error = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, outsider));
      expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
      expect(error.message).toContain('ケアチームに登録されていません');
    },
  },
  '/renkei.v1.PatientService/ExportPatientFhir': {
    async member() {
      const exported = await call(region.clinical, 'PatientService', 'ExportPatientFhir', { patientId }, member);
      const bundle = JSON.parse(Buffer.from(exported.json).toString('utf8'));
      expect(bundle.entry[0].resource.name[0].family).toBe('宮崎');
    },
    async outsider() {
      await refused(call(region.clinical, 'PatientService', 'ExportPatientFhir', { patientId }, outsider));
    },
  },
  '/renkei.v1.PatientService/ExportReferralFhir': {
    async member() {
      // Past the care-team check and the chart policy: refused only because the letter is a draft.
      const form = await chart('FormService', 'CreateForm', { patientId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER', title: '', valuesJson: '{}' }, member);
      const error = await failure(call(region.clinical, 'PatientService', 'ExportReferralFhir', { patientId, formId: form.formId, version: 0 }, member));
      expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(error.reason).toBe('FHIR_EXPORT_NOT_FINALISED');
    },
    async outsider() {
      const form = await createForm();
      await refused(call(region.clinical, 'PatientService', 'ExportReferralFhir', { patientId, formId: form.formId, version: 0 }, outsider));
    },
  },
  '/renkei.v1.PatientService/ListPatients': {
    async member() {
      expect(ids((await call(region.clinical, 'PatientService', 'ListPatients', {}, member)).patients)).toContain(patientId);
    },
    async outsider() {
      const listed = ids((await call(region.clinical, 'PatientService', 'ListPatients', {}, outsider)).patients);
      expect(listed).toHaveLength(1);
      expect(listed).not.toContain(patientId);
    },
  },
  '/renkei.v1.PatientService/SearchPatients': {
    async member() {
      expect(ids((await call(region.clinical, 'PatientService', 'SearchPatients', { query: 'みやざき' }, member)).patients)).toEqual([patientId]);
    },
    async outsider() {
      expect((await call(region.clinical, 'PatientService', 'SearchPatients', { query: 'みやざき' }, outsider)).patients).toEqual([]);
    },
  },
  '/renkei.v1.SyncService/PullChanges': {
    async member() {
      expect((await pullAll(member)).upserted).toContain(patientId);
    },
    async outsider() {
      const feed = await pullAll(outsider);
      expect(feed.upserted).not.toContain(patientId);
      expect(feed.removed).not.toContain(patientId);
    },
  },
  // The shared chart: a member of the registering office is served, an outsider never reaches
  // the chart (what each role may do within it is chart-policy.test.ts).
  '/renkei.v1.ConsentService/RecordConsent': {
    async member() {
      expect((await chart('ConsentService', 'RecordConsent', { patientId, ...consent, obtainedOn: today() }, member)).shared).toBe(true);
    },
    async outsider() {
      await refused(chart('ConsentService', 'RecordConsent', { patientId, ...consent, obtainedOn: today() }, outsider));
    },
  },
  '/renkei.v1.ConsentService/WithdrawConsent': {
    async member() {
      await chart('ConsentService', 'RecordConsent', { patientId, ...consent, obtainedOn: today() }, member);
      expect((await chart('ConsentService', 'WithdrawConsent', { patientId, reason: '本人の申し出' }, member)).shared).toBe(false);
    },
    async outsider() {
      await refused(chart('ConsentService', 'WithdrawConsent', { patientId, reason: '本人の申し出' }, outsider));
    },
  },
  '/renkei.v1.ConsentService/GetConsentStatus': {
    async member() {
      expect((await chart('ConsentService', 'GetConsentStatus', { patientId }, member)).registeredBy.id).toBe(await region.facilityId);
    },
    async outsider() {
      await refused(chart('ConsentService', 'GetConsentStatus', { patientId }, outsider));
    },
  },
  '/renkei.v1.CoverageService/RecordCoverage': {
    async member() {
      const current = (await chart('CoverageService', 'GetCoverage', { patientId }, member)).versions.length;
      const written = await chart('CoverageService', 'RecordCoverage', { patientId, baseVersion: current, longTermCare: LONG_TERM_CARE }, member);
      expect(written.version).toBe(current + 1);
    },
    async outsider() {
      await refused(chart('CoverageService', 'RecordCoverage', { patientId, longTermCare: LONG_TERM_CARE }, outsider));
    },
  },
  '/renkei.v1.EmergencyInfoService/RecordEmergencyInfo': {
    async member() {
      const current = (await chart('EmergencyInfoService', 'GetEmergencyInfo', { patientId }, member)).version as number;
      const written = await chart('EmergencyInfoService', 'RecordEmergencyInfo', { patientId, baseVersion: current, acp: '自宅での療養を希望' }, member);
      expect(written.version).toBe(current + 1);
    },
    async outsider() {
      await refused(chart('EmergencyInfoService', 'RecordEmergencyInfo', { patientId, baseVersion: 0, acp: '自宅での療養を希望' }, outsider));
    },
  },
  '/renkei.v1.EmergencyInfoService/GetEmergencyInfo': {
    async member() {
      expect(await chart('EmergencyInfoService', 'GetEmergencyInfo', { patientId }, member)).toHaveProperty('version');
    },
    async outsider() {
      await refused(chart('EmergencyInfoService', 'GetEmergencyInfo', { patientId }, outsider));
    },
  },
  '/renkei.v1.EmergencyInfoService/GetEmergencyInfoHistory': {
    async member() {
      expect((await chart('EmergencyInfoService', 'GetEmergencyInfoHistory', { patientId }, member)).versions).toBeInstanceOf(Array);
    },
    async outsider() {
      await refused(chart('EmergencyInfoService', 'GetEmergencyInfoHistory', { patientId }, outsider));
    },
  },
  '/renkei.v1.CoverageService/GetCoverage': {
    async member() {
      expect((await chart('CoverageService', 'GetCoverage', { patientId }, member)).versions).toBeInstanceOf(Array);
    },
    async outsider() {
      await refused(chart('CoverageService', 'GetCoverage', { patientId }, outsider));
    },
  },
  '/renkei.v1.ProgressNoteService/WriteNote': {
    async member() {
      expect(await writeNote()).toBeTruthy();
    },
    async outsider() {
      await refused(chart('ProgressNoteService', 'WriteNote', { patientId, soap: SOAP }, outsider));
    },
  },
  '/renkei.v1.ProgressNoteService/CorrectNote': {
    async member() {
      const noteId = await writeNote();
      expect((await chart('ProgressNoteService', 'CorrectNote', { patientId, noteId, baseVersion: 1, soap: SOAP, reason: '追記' }, member)).version).toBe(2);
    },
    async outsider() {
      const noteId = await writeNote();
      await refused(chart('ProgressNoteService', 'CorrectNote', { patientId, noteId, baseVersion: 1, soap: SOAP, reason: '追記' }, outsider));
    },
  },
  '/renkei.v1.ProgressNoteService/MarkNoteEnteredInError': {
    async member() {
      const noteId = await writeNote();
      expect((await chart('ProgressNoteService', 'MarkNoteEnteredInError', { patientId, noteId, baseVersion: 1, reason: '誤記' }, member)).status).toBe(
        'NOTE_STATUS_ENTERED_IN_ERROR',
      );
    },
    async outsider() {
      const noteId = await writeNote();
      await refused(chart('ProgressNoteService', 'MarkNoteEnteredInError', { patientId, noteId, baseVersion: 1, reason: '誤記' }, outsider));
    },
  },
  '/renkei.v1.ProgressNoteService/ListNotes': {
    async member() {
      const noteId = await writeNote();
      expect((await chart('ProgressNoteService', 'ListNotes', { patientId }, member)).notes.map((n: { noteId: string }) => n.noteId)).toContain(noteId);
    },
    async outsider() {
      await refused(chart('ProgressNoteService', 'ListNotes', { patientId }, outsider));
    },
  },
  '/renkei.v1.ProgressNoteService/GetNoteHistory': {
    async member() {
      const noteId = await writeNote();
      expect((await chart('ProgressNoteService', 'GetNoteHistory', { patientId, noteId }, member)).versions).toHaveLength(1);
    },
    async outsider() {
      const noteId = await writeNote();
      await refused(chart('ProgressNoteService', 'GetNoteHistory', { patientId, noteId }, outsider));
    },
  },
  '/renkei.v1.DocumentService/UploadDocument': {
    async member() {
      expect(await fileDocument()).toBeTruthy();
    },
    async outsider() {
      await refused(uploadDocument(region.clinical, outsider, uploadHeader(), await pdfBytes()));
    },
  },
  '/renkei.v1.DocumentService/ListDocuments': {
    async member() {
      const documentId = await fileDocument();
      expect(
        (await call(region.clinical, 'DocumentService', 'ListDocuments', { patientId }, member)).documents.map((d: { documentId: string }) => d.documentId),
      ).toContain(documentId);
    },
    async outsider() {
      await refused(call(region.clinical, 'DocumentService', 'ListDocuments', { patientId }, outsider));
    },
  },
  '/renkei.v1.DocumentService/GetDocumentHistory': {
    async member() {
      const documentId = await fileDocument();
      expect((await call(region.clinical, 'DocumentService', 'GetDocumentHistory', { patientId, documentId }, member)).versions).toHaveLength(1);
    },
    async outsider() {
      const documentId = await fileDocument();
      await refused(call(region.clinical, 'DocumentService', 'GetDocumentHistory', { patientId, documentId }, outsider));
    },
  },
  '/renkei.v1.DocumentService/DownloadDocument': {
    async member() {
      const documentId = await fileDocument();
      expect((await downloadDocument(region.clinical, member, { patientId, documentId })).size).toBeGreaterThan(0);
    },
    async outsider() {
      const documentId = await fileDocument();
      await refused(downloadDocument(region.clinical, outsider, { patientId, documentId }));
    },
  },
  '/renkei.v1.FormService/CreateForm': {
    async member() {
      expect((await createForm()).version).toBe(1);
    },
    async outsider() {
      await refused(
        chart('FormService', 'CreateForm', { patientId, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', title: '', valuesJson: '{}' }, outsider),
      );
    },
  },
  '/renkei.v1.FormService/GetForm': {
    async member() {
      const form = await createForm();
      expect((await chart('FormService', 'GetForm', { patientId, formId: form.formId, version: 0 }, member)).formId).toBe(form.formId);
    },
    async outsider() {
      const form = await createForm();
      await refused(chart('FormService', 'GetForm', { patientId, formId: form.formId, version: 0 }, outsider));
    },
  },
  '/renkei.v1.FormService/SaveForm': {
    async member() {
      const form = await createForm();
      expect(
        (await chart('FormService', 'SaveForm', { patientId, formId: form.formId, baseVersion: 1, valuesJson: '{"mainDiagnosis":"慢性心不全"}' }, member))
          .version,
      ).toBe(2);
    },
    async outsider() {
      const form = await createForm();
      await refused(chart('FormService', 'SaveForm', { patientId, formId: form.formId, baseVersion: 1, valuesJson: '{}' }, outsider));
    },
  },
  '/renkei.v1.FormService/FinaliseForm': {
    async member() {
      const form = await createForm(COMPLETE_INSTRUCTION);
      expect((await chart('FormService', 'FinaliseForm', { patientId, formId: form.formId, version: 1 }, member)).finalised).toBe(true);
    },
    async outsider() {
      const form = await createForm(COMPLETE_INSTRUCTION);
      await refused(chart('FormService', 'FinaliseForm', { patientId, formId: form.formId, version: 1 }, outsider));
    },
  },
  '/renkei.v1.FormService/ListForms': {
    async member() {
      const form = await createForm();
      expect((await chart('FormService', 'ListForms', { patientId }, member)).forms.map((f: { formId: string }) => f.formId)).toContain(form.formId);
    },
    async outsider() {
      await refused(chart('FormService', 'ListForms', { patientId }, outsider));
    },
  },
  '/renkei.v1.FormService/ListFormVersions': {
    async member() {
      const form = await createForm();
      expect((await chart('FormService', 'ListFormVersions', { patientId, formId: form.formId }, member)).versions).toHaveLength(1);
    },
    async outsider() {
      const form = await createForm();
      await refused(chart('FormService', 'ListFormVersions', { patientId, formId: form.formId }, outsider));
    },
  },
  '/renkei.v1.FormService/RenderFormPdf': {
    async member() {
      const form = await createForm(COMPLETE_INSTRUCTION);
      const rendered = await chart('FormService', 'RenderFormPdf', { patientId, formId: form.formId, version: 0 }, member);
      expect(rendered.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
    async outsider() {
      const form = await createForm();
      await refused(chart('FormService', 'RenderFormPdf', { patientId, formId: form.formId, version: 0 }, outsider));
    },
  },
  // The contact timeline: a patient's timeline follows the chart's rule (timeline.test.ts has the
  // rest: consent, policy, groups).
  '/renkei.v1.TimelineService/ListTimelines': {
    async member() {
      await writePost();
      const listed = (await timelineCall('ListTimelines', {}, member)).timelines.map((t: any) => t.timeline.patientId);
      expect(listed).toContain(patientId);
    },
    async outsider() {
      const listed = (await timelineCall('ListTimelines', {}, outsider)).timelines.map((t: any) => t.timeline.patientId);
      expect(listed).not.toContain(patientId);
    },
  },
  '/renkei.v1.TimelineService/ReadTimeline': {
    async member() {
      const postId = await writePost();
      expect((await timelineCall('ReadTimeline', { timeline: { patientId } }, member)).posts.map((p: any) => p.postId)).toContain(postId);
    },
    async outsider() {
      await refused(timelineCall('ReadTimeline', { timeline: { patientId } }, outsider));
    },
  },
  '/renkei.v1.TimelineService/WritePost': {
    async member() {
      expect(await writePost()).toMatch(/^[0-9a-f-]{36}$/);
    },
    async outsider() {
      await refused(timelineCall('WritePost', { timeline: { patientId }, clientRequestId: randomUUID(), body: '侵入' }, outsider));
    },
  },
  '/renkei.v1.TimelineService/EditPost': {
    async member() {
      const postId = await writePost();
      expect((await timelineCall('EditPost', { timeline: { patientId }, postId, baseVersion: 1, body: '訂正' }, member)).version).toBe(2);
    },
    async outsider() {
      const postId = await writePost();
      await refused(timelineCall('EditPost', { timeline: { patientId }, postId, baseVersion: 1, body: '改ざん' }, outsider));
    },
  },
  '/renkei.v1.TimelineService/RetractPost': {
    async member() {
      const postId = await writePost();
      expect((await timelineCall('RetractPost', { timeline: { patientId }, postId, baseVersion: 1 }, member)).retracted).toBe(true);
    },
    async outsider() {
      const postId = await writePost();
      await refused(timelineCall('RetractPost', { timeline: { patientId }, postId, baseVersion: 1 }, outsider));
    },
  },
  '/renkei.v1.TimelineService/MarkRead': {
    async member() {
      const postId = await writePost();
      const seq = (await timelineCall('ReadTimeline', { timeline: { patientId } }, member)).posts.find((p: any) => p.postId === postId).seq;
      expect((await timelineCall('MarkRead', { timeline: { patientId }, upTo: seq }, member)).readUpTo).toBe(Number(seq));
    },
    async outsider() {
      await refused(timelineCall('MarkRead', { timeline: { patientId }, upTo: 1 }, outsider));
    },
  },
  '/renkei.v1.TimelineService/ConfirmPost': {
    async member() {
      const postId = await writePost({ asksConfirmation: true }, nurse);
      expect((await timelineCall('ConfirmPost', { timeline: { patientId }, postId }, member)).confirmations).toHaveLength(1);
    },
    async outsider() {
      const postId = await writePost({ asksConfirmation: true });
      await refused(timelineCall('ConfirmPost', { timeline: { patientId }, postId }, outsider));
    },
  },
  '/renkei.v1.TimelineService/GetPostReaders': {
    async member() {
      const postId = await writePost();
      expect((await timelineCall('GetPostReaders', { timeline: { patientId }, postId }, member)).readers).toBeDefined();
    },
    async outsider() {
      const postId = await writePost();
      await refused(timelineCall('GetPostReaders', { timeline: { patientId }, postId }, outsider));
    },
  },
  '/renkei.v1.TimelineService/PromoteToNote': {
    async member() {
      const postId = await writePost();
      const promoted = await timelineCall('PromoteToNote', { patientId, postIds: [postId], section: 'SOAP_SECTION_SUBJECTIVE' }, member);
      expect(promoted.note.soap.subjective).toContain('【連絡帳より】');
    },
    async outsider() {
      const postId = await writePost();
      await refused(timelineCall('PromoteToNote', { patientId, postIds: [postId], section: 'SOAP_SECTION_SUBJECTIVE' }, outsider));
    },
  },
  '/renkei.v1.TimelineService/UploadAttachment': {
    async member() {
      const attachment = await uploadAttachment(region.clinical, member, attachmentHeader(), await pdfBytes());
      expect(attachment.mediaType).toBe('MEDIA_TYPE_PDF');
    },
    async outsider() {
      await refused(uploadAttachment(region.clinical, outsider, attachmentHeader(), await pdfBytes(), { headerOnly: true }));
    },
  },
  '/renkei.v1.TimelineService/DownloadAttachment': {
    async member() {
      const { postId, attachmentId } = await postWithAttachment();
      expect((await downloadAttachment(region.clinical, member, { timeline: { patientId }, postId, attachmentId })).size).toBeGreaterThan(0);
    },
    async outsider() {
      const { postId, attachmentId } = await postWithAttachment();
      await refused(downloadAttachment(region.clinical, outsider, { timeline: { patientId }, postId, attachmentId }));
    },
  },
  '/renkei.v1.TimelineService/FileAttachment': {
    async member() {
      const { postId, attachmentId } = await postWithAttachment();
      const filed = await timelineCall('FileAttachment', { patientId, postId, attachmentId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER', title: '' }, member);
      expect(filed.document.patientId).toBe(patientId);
    },
    async outsider() {
      const { postId, attachmentId } = await postWithAttachment();
      await refused(timelineCall('FileAttachment', { patientId, postId, attachmentId, documentType: 'DOCUMENT_TYPE_OTHER', title: '' }, outsider));
    },
  },
  // Groups: no patient; members only.
  '/renkei.v1.TimelineService/Subscribe': {
    async member() {
      const stream = new TimelineStream(region.clinical, member);
      await stream.waitFor((e) => e.event === 'heartbeat');
      await stream.waitFor(isPost(await writePost()));
      stream.cancel();
    },
    async outsider() {
      const stream = new TimelineStream(region.clinical, outsider);
      await stream.waitFor((e) => e.event === 'heartbeat');
      await writePost();
      // The outsider's own post, logged after the member's: once it arrives, the other would have.
      const group = await timelineCall('CreateGroup', { clientRequestId: randomUUID(), title: '自分用' }, outsider);
      const own = await timelineCall('WritePost', { timeline: group.timeline, clientRequestId: randomUUID(), body: 'メモ' }, outsider);
      await stream.waitFor(isPost(own.postId));
      expect(stream.events.filter((e) => JSON.stringify(e).includes(patientId))).toEqual([]);
      stream.cancel();
    },
  },
  '/renkei.v1.TimelineService/CreateGroup': {
    async member() {
      expect((await timelineCall('CreateGroup', { clientRequestId: randomUUID(), title: '連携会議' }, member)).title).toBe('連携会議');
    },
    async outsider() {
      const group = await timelineCall('CreateGroup', { clientRequestId: randomUUID(), title: '連携会議' }, member);
      const error = await failure(timelineCall('ReadTimeline', { timeline: { groupId: group.timeline.groupId } }, outsider));
      expect(error.reason).toBe('TIMELINE_NOT_MEMBER');
    },
  },
  '/renkei.v1.TimelineService/AddGroupMember': {
    async member() {
      const group = await timelineCall('CreateGroup', { clientRequestId: randomUUID(), title: '連携会議' }, member);
      const added = await timelineCall('AddGroupMember', { groupId: group.timeline.groupId, userId: nurseId }, member);
      expect(added.members.map((m: any) => m.userId)).toContain(nurseId);
    },
    async outsider() {
      const group = await timelineCall('CreateGroup', { clientRequestId: randomUUID(), title: '連携会議' }, member);
      const error = await failure(timelineCall('AddGroupMember', { groupId: group.timeline.groupId, userId: nurseId }, outsider));
      expect(error.reason).toBe('TIMELINE_NOT_MEMBER');
    },
  },
  '/renkei.v1.TimelineService/RemoveGroupMember': {
    async member() {
      const group = await timelineCall('CreateGroup', { clientRequestId: randomUUID(), title: '連携会議', memberUserIds: [nurseId] }, member);
      const removed = await timelineCall('RemoveGroupMember', { groupId: group.timeline.groupId, userId: nurseId }, member);
      expect(removed.members.map((m: any) => m.userId)).not.toContain(nurseId);
    },
    async outsider() {
      const group = await timelineCall('CreateGroup', { clientRequestId: randomUUID(), title: '連携会議', memberUserIds: [nurseId] }, member);
      const error = await failure(timelineCall('RemoveGroupMember', { groupId: group.timeline.groupId, userId: nurseId }, outsider));
      expect(error.reason).toBe('TIMELINE_NOT_MEMBER');
    },
  },
  // Not about a patient: they answer about the caller only, and need a session.
  '/renkei.v1.AuthService/GetCurrentUser': {
    async member() {
      expect((await call(region.clinical, 'AuthService', 'GetCurrentUser', {}, member)).name.family).toBe('黒木');
    },
    async outsider() {
      expect((await call(region.clinical, 'AuthService', 'GetCurrentUser', {}, outsider)).name.family).toBe('他人');
    },
  },
  '/renkei.v1.AuthService/Logout': {
    async member() {
      const extra = await region.session((await region.user()).login_id);
      await call(region.clinical, 'AuthService', 'Logout', {}, extra);
    },
    async outsider() {
      const error = await failure(call(region.clinical, 'AuthService', 'Logout', {}, { device: outsider.device }));
      expect(error.reason).toBe('SESSION_REQUIRED');
    },
  },
  // The caller's own account only: no request names a user. Whole flows: passwords.test.ts.
  '/renkei.v1.AuthService/GetAccountSecurity': {
    async member() {
      expect((await call(region.clinical, 'AuthService', 'GetAccountSecurity', {}, member)).passwordRule.minLength).toBe(13);
    },
    async outsider() {
      expect((await failure(call(region.clinical, 'AuthService', 'GetAccountSecurity', {}, { device: outsider.device }))).reason).toBe('SESSION_REQUIRED');
    },
  },
  '/renkei.v1.AuthService/ChangePassword': {
    async member() {
      const own = await region.session((await region.user()).login_id);
      const changed = await call(region.clinical, 'AuthService', 'ChangePassword', { currentPassword: TEST_PASSWORD, newPassword: 'kawaru-pasu-7!' }, own);
      expect(changed.passwordChangedAt).toBeTruthy();
    },
    async outsider() {
      const request = { currentPassword: TEST_PASSWORD, newPassword: 'kawaru-pasu-7!' };
      expect((await failure(call(region.clinical, 'AuthService', 'ChangePassword', request, { device: outsider.device }))).reason).toBe('SESSION_REQUIRED');
    },
  },
  '/renkei.v1.AuthService/BeginAuthenticatorSetup': {
    async member() {
      const own = await region.session((await region.user()).login_id);
      expect((await call(region.clinical, 'AuthService', 'BeginAuthenticatorSetup', {}, own)).secretBase32).toMatch(/^[A-Z2-7]+$/);
    },
    async outsider() {
      expect((await failure(call(region.clinical, 'AuthService', 'BeginAuthenticatorSetup', {}, { device: outsider.device }))).reason).toBe('SESSION_REQUIRED');
    },
  },
  '/renkei.v1.AuthService/ConfirmAuthenticatorSetup': {
    async member() {
      // Reaches the handler for the caller's own account, which has no setup begun (a confirmed one: passwords.test.ts).
      expect((await failure(call(region.clinical, 'AuthService', 'ConfirmAuthenticatorSetup', { code: '123456' }, member))).reason).toBe(
        'AUTHENTICATOR_SETUP_NOT_STARTED',
      );
    },
    async outsider() {
      const error = await failure(call(region.clinical, 'AuthService', 'ConfirmAuthenticatorSetup', { code: '123456' }, { device: outsider.device }));
      expect(error.reason).toBe('SESSION_REQUIRED');
    },
  },
  '/renkei.v1.AuthService/RegenerateRecoveryCodes': {
    async member() {
      const error = await failure(call(region.clinical, 'AuthService', 'RegenerateRecoveryCodes', { currentPassword: TEST_PASSWORD }, member));
      expect(error.reason).toBe('SECOND_FACTOR_NOT_SET_UP');
    },
    async outsider() {
      const error = await failure(
        call(region.clinical, 'AuthService', 'RegenerateRecoveryCodes', { currentPassword: TEST_PASSWORD }, { device: outsider.device }),
      );
      expect(error.reason).toBe('SESSION_REQUIRED');
    },
  },
  // Before a session exists: covered in auth.test.ts and enrollment.test.ts.
  '/renkei.v1.AuthService/Login': { async member() {}, async outsider() {} },
  // The second step of a login: covered in two-factor.test.ts (a challenge token from another
  // device, spent or expired, is refused there).
  '/renkei.v1.AuthService/VerifySecondFactor': { async member() {}, async outsider() {} },
  '/renkei.v1.AuthService/BeginSecondFactorSetup': { async member() {}, async outsider() {} },
  '/renkei.v1.AuthService/ConfirmSecondFactorSetup': { async member() {}, async outsider() {} },
  '/renkei.v1.MedicationService/AddMedication': {
    async member() {
      expect((await addMedication()).length).toBeGreaterThan(0);
    },
    async outsider() {
      await refused(call(region.clinical, 'MedicationService', 'AddMedication', { patientId, details: MEDICATION }, outsider));
    },
  },
  '/renkei.v1.MedicationService/ChangeMedication': {
    async member() {
      const medicationId = await addMedication();
      const changed = await call(
        region.clinical,
        'MedicationService',
        'ChangeMedication',
        { patientId, medicationId, baseVersion: 1, details: MEDICATION, reason: '確認' },
        member,
      );
      expect(changed.version).toBe(2);
    },
    async outsider() {
      const medicationId = await addMedication();
      await refused(
        call(
          region.clinical,
          'MedicationService',
          'ChangeMedication',
          { patientId, medicationId, baseVersion: 1, details: MEDICATION, reason: '確認' },
          outsider,
        ),
      );
    },
  },
  '/renkei.v1.MedicationService/ListMedications': {
    async member() {
      const medicationId = await addMedication();
      const listed = await call(region.clinical, 'MedicationService', 'ListMedications', { patientId }, member);
      expect(listed.medications.map((m: { medicationId: string }) => m.medicationId)).toContain(medicationId);
    },
    async outsider() {
      await refused(call(region.clinical, 'MedicationService', 'ListMedications', { patientId }, outsider));
    },
  },
  '/renkei.v1.MedicationService/GetMedicationHistory': {
    async member() {
      const medicationId = await addMedication();
      expect((await call(region.clinical, 'MedicationService', 'GetMedicationHistory', { patientId, medicationId }, member)).versions).toHaveLength(1);
    },
    async outsider() {
      const medicationId = await addMedication();
      await refused(call(region.clinical, 'MedicationService', 'GetMedicationHistory', { patientId, medicationId }, outsider));
    },
  },
  '/renkei.v1.VitalSignService/RecordVitalSigns': {
    async member() {
      const recorded = await call(region.clinical, 'VitalSignService', 'RecordVitalSigns', { patientId, values: { pulsePerMin: 70 } }, member);
      expect(recorded.vitalSigns.values.pulsePerMin).toBe(70);
    },
    async outsider() {
      await refused(call(region.clinical, 'VitalSignService', 'RecordVitalSigns', { patientId, values: { pulsePerMin: 70 } }, outsider));
    },
  },
  '/renkei.v1.VitalSignService/ListVitalSigns': {
    async member() {
      await call(region.clinical, 'VitalSignService', 'RecordVitalSigns', { patientId, values: { pulsePerMin: 71 } }, member);
      expect((await call(region.clinical, 'VitalSignService', 'ListVitalSigns', { patientId }, member)).vitalSigns.length).toBeGreaterThan(0);
    },
    async outsider() {
      await refused(call(region.clinical, 'VitalSignService', 'ListVitalSigns', { patientId }, outsider));
    },
  },
  '/renkei.v1.VitalSignService/MarkVitalSignsEnteredInError': {
    async member() {
      const { vitalSigns } = await call(region.clinical, 'VitalSignService', 'RecordVitalSigns', { patientId, values: { pulsePerMin: 72 } }, member);
      const marked = await call(
        region.clinical,
        'VitalSignService',
        'MarkVitalSignsEnteredInError',
        { patientId, vitalSignsId: vitalSigns.id, reason: '別の患者の値' },
        member,
      );
      expect(marked.enteredInError).toBe(true);
    },
    async outsider() {
      const { vitalSigns } = await call(region.clinical, 'VitalSignService', 'RecordVitalSigns', { patientId, values: { pulsePerMin: 73 } }, member);
      await refused(
        call(region.clinical, 'VitalSignService', 'MarkVitalSignsEnteredInError', { patientId, vitalSignsId: vitalSigns.id, reason: '別の患者の値' }, outsider),
      );
    },
  },
  '/renkei.v1.EnrollmentService/Enroll': { async member() {}, async outsider() {} },
  '/renkei.v1.EnrollmentService/GetDeviceStatus': { async member() {}, async outsider() {} },
};

describe('authorisation, RPC by RPC', () => {
  it('has a policy and a case here for every method of the API', () => {
    const v1 = loadApi().grpcObject.renkei.v1;
    const services = [
      v1.EnrollmentService,
      v1.AuthService,
      v1.PatientService,
      v1.SyncService,
      v1.ConsentService,
      v1.ProgressNoteService,
      v1.DocumentService,
      v1.FormService,
      v1.TimelineService,
      v1.EmergencyInfoService,
      v1.CoverageService,
      v1.MedicationService,
      v1.VitalSignService,
      v1.PhraseService,
      v1.AuditLogService,
    ];
    const paths = services.flatMap((s) => Object.values(s.service).map((m) => m.path));
    expect(paths.sort()).toEqual(Object.keys(RPC_POLICY).sort());
    expect(paths.sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [path, check] of Object.entries(CASES)) {
    it(`${path}: the care team member is served, the outsider is not`, async () => {
      await check.member();
      await check.outsider();
    });
  }

  it('refuses a malformed patient id as INVALID_ARGUMENT before looking anything up', async () => {
    const error = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: "1' or '1'='1" }, member));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.fieldViolations[0]?.field).toBe('patientId');
  });

  it('does not tell a patient that does not exist from one the user may not see', async () => {
    const error = await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: '00000000-0000-4000-8000-000000000000' }, member));
    expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });

  it('takes access away the moment a member leaves the team, and logs the refusal', async () => {
    const nurse = await region.user('PROFESSION_NURSE');
    await region.join(patientId, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    const nurseSession = await region.session(nurse.login_id);
    await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurseSession);
    await removeCareTeamMember(backend.database, patientId, nurse.id, backend.clock.now());
    expect((await failure(call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurseSession))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    const denials = await backend.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('actor_user_id', '=', nurse.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denials.map((d) => d.patient_id)).toEqual([patientId]);
  });

  it('records every overview read with user, device and patient', async () => {
    await call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, member);
    const reads = await backend.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'patient.overview.read')
      .where('patient_id', '=', patientId)
      .orderBy('seq')
      .execute();
    expect(reads.length).toBeGreaterThan(0);
    // The newest read is this one (in the chain's order: PostgreSQL returns rows in no set order without one).
    expect(reads.at(-1)!.actor_device_id).toBe(member.device.split('.')[0]);
  });
});
