// Consent (患者同意書) through the real gRPC backend: a patient is shared beyond the office that
// registered them only while a consent covering the other office is in force, and the devices of
// that office gain or lose the patient on their next sync.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { japanToday } from '@renkei/proto/calendar';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../src/consent/consents';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { closeDocumentClients, uploadDocument } from './support/document-transfer';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let clinic: TestRegion;
let nursing: TestRegion;
let pharmacy: TestRegion;
let patientId: string;
let doctor: Credentials;
let clinicClerk: Credentials;
let nurse: Credentials;
let pharmacist: Credentials;
let nursingFacilityId: string;
const cursors = new Map<Credentials, string>();

const consentCall = <T = any>(method: string, request: object, who: Credentials) => call<T>(clinic.clinical, 'ConsentService', method, request, who);
const listed = async (who: Credentials) =>
  ((await call(clinic.clinical, 'PatientService', 'ListPatients', {}, who)).patients as { id: string }[]).map((p) => p.id);
const today = () => japanToday(backend.clock.now());

/** Pulls everything new for this user since their last pull; the first call takes the snapshot. */
async function pull(who: Credentials): Promise<{ upserted: string[]; removed: { patientId: string; reason: string }[] }> {
  let cursor = cursors.get(who) ?? '';
  const upserted: string[] = [];
  const removed: { patientId: string; reason: string }[] = [];
  for (;;) {
    const page = await call(clinic.clinical, 'SyncService', 'PullChanges', { cursor }, who);
    for (const change of page.changes) {
      if (change.upserted) upserted.push(change.patientId);
      else removed.push({ patientId: change.patientId, reason: change.removed.reason });
    }
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  cursors.set(who, cursor);
  return { upserted, removed };
}

async function consentFormPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Consent form (scanned)', { x: 50, y: 780, size: 18 });
  return Buffer.from(await pdf.save());
}

beforeAll(async () => {
  backend = await startTestBackend();
  clinic = new TestRegion(backend);
  nursing = clinic.office('FACILITY_KIND_VISITING_NURSE_STATION', 'テスト訪問看護ステーション');
  pharmacy = clinic.office('FACILITY_KIND_PHARMACY', 'テスト薬局');
  nursingFacilityId = await nursing.facilityId;
  const d = await clinic.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const clerk = await clinic.user('PROFESSION_CLERK', ['事務', '花子']);
  const n = await nursing.user('PROFESSION_NURSE', ['甲斐', '由美']);
  const ph = await pharmacy.user('PROFESSION_PHARMACIST', ['児玉', '恵']);
  const patient = await clinic.patient();
  patientId = patient.id;
  await clinic.join(patientId, d.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await clinic.join(patientId, n.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await clinic.join(patientId, ph.id, 'CARE_TEAM_ROLE_PHARMACIST');
  // The clerk works at the registering office but is not on this patient's team.
  const another = await clinic.patient({ familyName: '別人', givenName: '一', familyNameKana: 'ベツジン', givenNameKana: 'ハジメ' });
  await clinic.join(another.id, clerk.id, 'CARE_TEAM_ROLE_OTHER');
  doctor = await clinic.session(d.login_id);
  clinicClerk = await clinic.session(clerk.login_id);
  nurse = await nursing.session(n.login_id);
  pharmacist = await pharmacy.session(ph.login_id);
  for (const who of [doctor, nurse, pharmacist]) await pull(who);
});
afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
});

describe('consent', () => {
  it('keeps a patient without consent within the registering office, and tells other team members why', async () => {
    expect(await listed(doctor)).toContain(patientId);
    expect(await listed(nurse)).not.toContain(patientId);
    for (const [service, method, request] of [
      ['PatientService', 'GetPatientOverview', { patientId }],
      ['ProgressNoteService', 'ListNotes', { patientId }],
      ['ConsentService', 'GetConsentStatus', { patientId }],
    ] as const) {
      const error = await failure(call(clinic.clinical, service, method, request, nurse));
      expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(error.reason).toBe('CONSENT_REQUIRED');
      expect(error.message).toContain('患者同意書');
    }
    expect((await pull(nurse)).upserted).not.toContain(patientId);

    const overview = await call(clinic.clinical, 'PatientService', 'GetPatientOverview', { patientId }, doctor);
    expect(overview.chart.consent).toMatchObject({ shared: false, current: null, history: [], registeredBy: { id: await clinic.facilityId } });
  });

  it('lets only care-team members of the registering office record consent', async () => {
    const stranger = await failure(
      consentCall('RecordConsent', { patientId, obtainedOn: today(), obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_CARE_TEAM' }, clinicClerk),
    );
    expect(stranger.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    const otherOffice = await failure(
      consentCall('RecordConsent', { patientId, obtainedOn: today(), obtainedBy: '看護師 甲斐', scope: 'CONSENT_SCOPE_CARE_TEAM' }, nurse),
    );
    expect(otherOffice.reason).toBe('CONSENT_REQUIRED');
    expect(await backend.database.db.selectFrom('patient_consents').select('id').where('patient_id', '=', patientId).execute()).toEqual([]);
  });

  it('validates a consent field by field, in Japanese', async () => {
    const noFacility = await failure(
      consentCall('RecordConsent', { patientId, obtainedOn: today(), obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_LISTED_FACILITIES' }, doctor),
    );
    expect(noFacility.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(noFacility.fieldViolations).toEqual([{ field: 'facilityIds', reason: 'CONSENT_OFFICES_REQUIRED' }]);
    const unknown = await failure(
      consentCall(
        'RecordConsent',
        { patientId, obtainedOn: today(), obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_LISTED_FACILITIES', facilityIds: [randomUUID()] },
        doctor,
      ),
    );
    expect(unknown.message).toContain('登録されていない事業所');
    const noScope = await failure(consentCall('RecordConsent', { patientId, obtainedOn: today(), obtainedBy: '主治医 黒木' }, doctor));
    expect(noScope.fieldViolations).toEqual([{ field: 'scope', reason: 'NOT_A_CHOICE' }]);
    expect(noScope.message).toContain('scope: 選択肢から選んでください');
    const future = await failure(
      consentCall('RecordConsent', { patientId, obtainedOn: '2999-01-01', obtainedBy: '', scope: 'CONSENT_SCOPE_CARE_TEAM' }, doctor),
    );
    expect(future.fieldViolations.map((v) => v.field).sort()).toEqual(['obtainedBy', 'obtainedOn']);
    expect(future.message).toContain('未来の日付は指定できません');
    const notAForm = await failure(
      consentCall(
        'RecordConsent',
        { patientId, obtainedOn: today(), obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_CARE_TEAM', formDocumentId: randomUUID() },
        doctor,
      ),
    );
    expect(notAForm.fieldViolations[0]?.field).toBe('formDocumentId');
  });

  it('shares the patient with every office on the team once consent is recorded, with the scanned form', async () => {
    const form = await uploadDocument(
      clinic.clinical,
      doctor,
      {
        patientId,
        uploadId: randomUUID(),
        documentType: 'DOCUMENT_TYPE_CONSENT_FORM',
        title: '患者同意書',
        fileName: 'doui.pdf',
        issuedOn: today(),
        issuer: '本人署名',
      },
      await consentFormPdf(),
    );
    const status = await consentCall(
      'RecordConsent',
      {
        patientId,
        obtainedOn: today(),
        obtainedBy: '主治医 黒木',
        scope: 'CONSENT_SCOPE_CARE_TEAM',
        formDocumentId: form.document.documentId,
        note: '長女同席',
      },
      doctor,
    );
    expect(status).toMatchObject({
      shared: true,
      current: { obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_CARE_TEAM', formDocumentId: form.document.documentId, note: '長女同席', withdrawnOn: '' },
    });
    expect(status.current.recordedBy).toMatchObject({ name: { family: '黒木' }, profession: 'PROFESSION_DOCTOR', facilityId: await clinic.facilityId });

    expect(await listed(nurse)).toContain(patientId);
    expect(await listed(pharmacist)).toContain(patientId);
    const overview = await call(clinic.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurse);
    expect(overview.chart.consent.shared).toBe(true);
    expect((await pull(nurse)).upserted).toContain(patientId);
    expect((await pull(pharmacist)).upserted).toContain(patientId);
    await call(clinic.clinical, 'ProgressNoteService', 'ListNotes', { patientId }, nurse);
    expect((await consentCall('GetConsentStatus', { patientId }, nurse)).shared).toBe(true);
  });

  it('does not let another office record or withdraw consent, even once it sees the patient', async () => {
    const record = await failure(
      consentCall('RecordConsent', { patientId, obtainedOn: today(), obtainedBy: '看護師 甲斐', scope: 'CONSENT_SCOPE_CARE_TEAM' }, nurse),
    );
    expect(record.reason).toBe('CONSENT_NOT_RECORDABLE');
    expect(record.message).toContain('患者を登録した事業所');
    const withdraw = await failure(consentCall('WithdrawConsent', { patientId, reason: '撤回' }, nurse));
    expect(withdraw.reason).toBe('CONSENT_NOT_RECORDABLE');
    const denied = await backend.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('outcome', '=', 'denied')
      .where('patient_id', '=', patientId)
      .where('action', 'like', 'consent.%')
      .execute();
    expect(denied.map((d) => d.action).sort()).toEqual(['consent.record', 'consent.withdraw']);
    // The status each reads says so, by the same rule, so that screens offer only what is allowed.
    expect((await consentCall('GetConsentStatus', { patientId }, nurse)).callerMayRecord).toBe(false);
    expect((await consentCall('GetConsentStatus', { patientId }, doctor)).callerMayRecord).toBe(true);
  });

  it('limits a LISTED_FACILITIES consent to the offices listed; the consent it replaces is kept as history', async () => {
    const status = await consentCall(
      'RecordConsent',
      { patientId, obtainedOn: today(), obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_LISTED_FACILITIES', facilityIds: [nursingFacilityId] },
      doctor,
    );
    expect(status.current.facilities.map((f: { id: string }) => f.id)).toEqual([nursingFacilityId]);
    expect(status.history).toHaveLength(2);
    expect(status.history[1]).toMatchObject({ withdrawalReason: '新しい同意書に差し替え', withdrawnOn: today() });
    expect(
      await backend.database.db.selectFrom('patient_consents').select('id').where('patient_id', '=', patientId).where('withdrawn_at', 'is', null).execute(),
    ).toHaveLength(1);

    expect(await listed(nurse)).toContain(patientId);
    expect(await listed(pharmacist)).not.toContain(patientId);
    expect((await failure(call(clinic.clinical, 'PatientService', 'GetPatientOverview', { patientId }, pharmacist))).reason).toBe('CONSENT_REQUIRED');
    expect((await pull(pharmacist)).removed).toEqual([{ patientId, reason: 'REMOVAL_REASON_CONSENT_WITHDRAWN' }]);
    expect((await pull(nurse)).removed).toEqual([]);
  });

  it('withdrawing takes the patient away from other offices on their next sync, and the registering office keeps it', async () => {
    const status = await consentCall('WithdrawConsent', { patientId, reason: '本人の申し出により撤回' }, doctor);
    expect(status).toMatchObject({ shared: false, current: null });
    expect(status.history[0]).toMatchObject({ withdrawnOn: today(), withdrawalReason: '本人の申し出により撤回', withdrawnBy: { name: { family: '黒木' } } });

    expect(await pull(nurse)).toEqual({ upserted: [], removed: [{ patientId, reason: 'REMOVAL_REASON_CONSENT_WITHDRAWN' }] });
    expect((await failure(call(clinic.clinical, 'PatientService', 'GetPatientOverview', { patientId }, nurse))).reason).toBe('CONSENT_REQUIRED');
    expect((await failure(call(clinic.clinical, 'ProgressNoteService', 'ListNotes', { patientId }, nurse))).reason).toBe('CONSENT_REQUIRED');
    expect(await listed(doctor)).toContain(patientId);
    expect((await pull(doctor)).upserted).toContain(patientId);
    expect((await call(clinic.clinical, 'PatientService', 'GetPatientOverview', { patientId }, doctor)).chart.consent.shared).toBe(false);

    const nothing = await failure(consentCall('WithdrawConsent', { patientId, reason: '二重の撤回' }, doctor));
    expect(nothing.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(nothing.message).toContain('有効な同意が記録されていません');
  });

  it('lets the regional office record consent without a device, named by its label', async () => {
    const status = await recordConsent(
      backend.database,
      { kind: 'regional-office', label: 'admin:test@office' },
      { patientId, obtainedOn: today(), obtainedBy: '事務局 佐藤', scope: 'CONSENT_SCOPE_CARE_TEAM' },
      backend.clock.now(),
    );
    expect(status.current).toMatchObject({ recordedBy: { userId: '', name: { family: 'admin:test@office' }, facilityName: '医師会事務局' } });
    expect((await pull(nurse)).upserted).toContain(patientId);
  });

  it('logs every record, withdrawal and read', async () => {
    const events = await backend.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_label', 'actor_user_id'])
      .where('patient_id', '=', patientId)
      .where('outcome', '=', 'ok')
      .where('action', 'like', 'consent.%')
      .execute();
    const actions = events.map((e) => e.action);
    expect(actions.filter((a) => a === 'consent.record')).toHaveLength(3);
    expect(actions).toContain('consent.withdraw');
    expect(actions).toContain('consent.read');
    expect(events.find((e) => e.actor_label === 'admin:test@office')?.action).toBe('consent.record');
  });
});
