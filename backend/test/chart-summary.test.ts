// The chart on the patient overview: instruction alerts dated in Japan time by the call's clock,
// the consent status for everyone who sees the patient, and a constant number of queries however
// many patients a sync page carries.
import { randomUUID } from 'node:crypto';
import { dayText, japanDayOf } from '@renkei/proto/calendar';
import type { KyselyPlugin } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartAccessForPatients } from '../src/access/chart-access';
import { loadOverviews } from '../src/patients/patient-overview';
import { call, closeClients, type Credentials } from './support/api-client';
import { closeDocumentClients, uploadDocument } from './support/document-transfer';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let doctor: Credentials;
let nurse: Credentials;
let careWorker: Credentials;
const users: Record<string, string> = {};
const logins: Record<string, string> = {};
let pdfBytes: Buffer;

const DAY = 86_400_000;
const INSTRUCTION = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';
/** The day in Japan `days` from the backend's clock. */
const day = (days: number) => dayText(japanDayOf(backend.clock.now()).add({ days }));
const overview = (patientId: string, who: Credentials) => call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, who);

async function logIn(): Promise<void> {
  doctor = await region.session(logins.doctor!);
  nurse = await region.session(logins.nurse!);
  careWorker = await region.session(logins.careWorker!);
}

/** Moves the clock on by whole days; sessions do not last that long, so everyone logs in again. */
async function advanceDays(days: number): Promise<void> {
  backend.clock.advance(days * DAY);
  await logIn();
}

async function teamPatient(): Promise<string> {
  const patient = await region.patient();
  await region.join(patient.id, users.doctor!, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patient.id, users.nurse!, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patient.id, users.careWorker!, 'CARE_TEAM_ROLE_CARE_WORKER');
  return patient.id;
}

function fileInstruction(patientId: string, validFrom: string, validUntil: string, title = '訪問看護指示書') {
  return uploadDocument(
    region.clinical,
    doctor,
    {
      patientId,
      uploadId: randomUUID(),
      documentType: INSTRUCTION,
      title,
      fileName: 'shijisho.pdf',
      issuedOn: validFrom,
      issuer: 'テスト診療所 黒木',
      validFrom,
      validUntil,
    },
    pdfBytes,
  );
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const d = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const n = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  const w = await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  Object.assign(users, { doctor: d.id, nurse: n.id, careWorker: w.id });
  Object.assign(logins, { doctor: d.login_id, nurse: n.login_id, careWorker: w.login_id });
  await logIn();
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Visiting nursing instruction', { x: 50, y: 780, size: 14 });
  pdfBytes = Buffer.from(await pdf.save());
});
afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
});

describe('instruction alerts', () => {
  it('warn the team two weeks before a 訪問看護指示書 ends, and once it has ended', async () => {
    const patientId = await teamPatient();
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([]);
    const filed = await fileInstruction(patientId, day(-150), day(20));
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([]);

    await advanceDays(10);
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([
      { documentId: filed.document.documentId, formId: '', title: '訪問看護指示書', validUntil: day(10), expired: false, daysLeft: 10 },
    ]);
    // The care worker may not read instructions: no alert about one either.
    expect((await overview(patientId, careWorker)).chart.instructionAlerts).toEqual([]);

    await advanceDays(13);
    const expired = (await overview(patientId, doctor)).chart.instructionAlerts;
    expect(expired).toEqual([expect.objectContaining({ documentId: filed.document.documentId, expired: true, daysLeft: -3 })]);

    // A new instruction covers the patient again: the old one that lapsed is no longer an alert.
    await fileInstruction(patientId, day(0), day(90), '訪問看護指示書（更新）');
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([]);
  });

  it('count a finalised instruction form, not a draft', async () => {
    const patientId = await teamPatient();
    const values = {
      instructionKind: 'SPECIAL',
      instructionPeriod: { from: day(0), to: day(6) },
      issuedOn: day(0),
      mainDiagnosis: '慢性心不全',
      conditionSummary: '急性増悪。',
      careNotes: '毎日訪問し、体重と浮腫を確認。',
      emergencyContact: 'テスト診療所（24時間）',
      facilityName: 'テスト診療所',
      doctorName: '黒木 健一',
      addresseeStation: 'テスト訪問看護ステーション',
    };
    const form = await call(
      region.clinical,
      'FormService',
      'CreateForm',
      { patientId, documentType: INSTRUCTION, title: '特別訪問看護指示書', valuesJson: JSON.stringify(values) },
      doctor,
    );
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([]);
    await call(region.clinical, 'FormService', 'FinaliseForm', { patientId, formId: form.formId, version: form.version }, doctor);
    const alert = { documentId: '', formId: form.formId, title: '特別訪問看護指示書', validUntil: day(6), expired: false, daysLeft: 6 };
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([alert]);

    // Amending the finalised instruction starts a draft: the finalised version is still the one in
    // force, so its alert stays until the amendment is finalised in turn.
    const draft = await call(
      region.clinical,
      'FormService',
      'SaveForm',
      {
        patientId,
        formId: form.formId,
        baseVersion: form.version,
        amendFinalised: true,
        valuesJson: JSON.stringify({ ...values, instructionPeriod: { from: day(0), to: day(13) } }),
      },
      doctor,
    );
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([alert]);
    await call(region.clinical, 'FormService', 'FinaliseForm', { patientId, formId: form.formId, version: draft.version }, doctor);
    expect((await overview(patientId, nurse)).chart.instructionAlerts).toEqual([{ ...alert, validUntil: day(13), daysLeft: 13 }]);
  });

  it('stop after 90 days of expiry', async () => {
    const patientId = await teamPatient();
    await fileInstruction(patientId, day(-100), day(-1));
    expect((await overview(patientId, doctor)).chart.instructionAlerts[0]).toMatchObject({ expired: true, daysLeft: -1 });
    await advanceDays(89);
    expect((await overview(patientId, doctor)).chart.instructionAlerts[0]).toMatchObject({ daysLeft: -90 });
    await advanceDays(1);
    expect((await overview(patientId, doctor)).chart.instructionAlerts).toEqual([]);
  });
});

describe('the overview chart', () => {
  it('shows the consent status to everyone who sees the patient, whatever their role', async () => {
    const patientId = await teamPatient();
    const consent = (await overview(patientId, careWorker)).chart.consent;
    expect(consent).toMatchObject({ shared: false, registeredBy: { id: await region.facilityId } });
    expect(
      (await overview(patientId, careWorker)).chart.myAccess.filter((a: { canRead: boolean }) => a.canRead).map((a: { recordKind: string }) => a.recordKind),
    ).toEqual(['TIMELINE', 'DOCUMENT_TYPE_CARE_PLAN', 'EMERGENCY_INFO', 'MEDICATIONS']);
  });

  it('costs the same number of queries for 2 patients as for 20', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const patientId = await teamPatient();
      ids.push(patientId);
      await call(
        region.clinical,
        'ProgressNoteService',
        'WriteNote',
        { patientId, soap: { subjective: '', objective: `血圧 ${120 + i}/70`, assessment: '', plan: '' } },
        doctor,
      );
      if (i % 4 === 0) await fileInstruction(patientId, day(-30), day(5 + i));
    }
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const store = { engine: backend.database.engine, db: backend.database.db.withPlugin(counting) };
    // As a sync page reads them: the nurse's chart access on the page, then the overviews.
    const countFor = async (patientIds: string[]) => {
      queries = 0;
      const overviews = await loadOverviews(store, patientIds, await chartAccessForPatients(store, users.nurse!, patientIds), backend.clock.now());
      expect(overviews.size).toBe(patientIds.length);
      return queries;
    };
    const few = await countFor(ids.slice(0, 2));
    const many = await countFor(ids);
    expect(many).toBe(few);
    // A fixed number per page: the chart, the emergency information, insurance and the instruction in
    // force, medications and vital signs each add their few queries (hospital data one, more only for a
    // page with patients linked to a hospital), never one per patient.
    expect(many).toBeLessThan(30);
    const overviews = await loadOverviews(backend.database, ids, await chartAccessForPatients(backend.database, users.nurse!, ids), backend.clock.now());
    expect([...overviews.values()].every((o) => o.chart!.latestNotes!.length === 1)).toBe(true);
    expect([...overviews.values()].filter((o) => o.chart!.instructionAlerts!.length === 1)).toHaveLength(3);
  });
});
