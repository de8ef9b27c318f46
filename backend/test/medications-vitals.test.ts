// MedicationService and VitalSignService through the real gRPC backend: the medication list kept
// as versions (a stop stays in the history), vital signs checked against physiological ranges at
// the boundary, recorded with their progress note in one action, both carried by the overview the
// PC caches, and the chart policy refusing roles that may not read or write them. An observation
// marked entered in error (入力誤り) by its recorder leaves the overview every PC syncs and stays,
// struck with who marked it, when and why, in the list that asks for it.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let patientId: string;
let doctor: Credentials;
let nurse: Credentials;
let pharmacist: Credentials;
let careWorker: Credentials;
let careManager: Credentials;
const userIds: Record<string, string> = {};

const meds = <T = any>(method: string, request: object, who: Credentials) => call<T>(region.clinical, 'MedicationService', method, request, who);
const vitals = <T = any>(method: string, request: object, who: Credentials) => call<T>(region.clinical, 'VitalSignService', method, request, who);
const overview = (who: Credentials) => call<any>(region.clinical, 'PatientService', 'GetPatientOverview', { patientId }, who);

/** An ISO instant `minutes` from the backend's clock. */
const at = (minutes: number) => new Date(backend.clock.now().getTime() + minutes * 60_000).toISOString();
const DAY = 24 * 60;

const FUROSEMIDE = {
  drugName: 'フロセミド錠20mg',
  dose: '1錠',
  usage: '1日1回 朝食後',
  prescriber: 'みやざき在宅クリニック 黒木',
  startedOn: '2026-10-01',
  handling: ['MEDICATION_HANDLING_ONE_DOSE_PACKAGE'],
  note: '体重 2kg 増で連絡',
};

async function deniedActions(userId: string): Promise<string[]> {
  const rows = await backend.database.db
    .selectFrom('audit_events')
    .select(['action'])
    .where('actor_user_id', '=', userId)
    .where('outcome', '=', 'denied')
    .execute();
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const d = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  const n = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  const p = await region.user('PROFESSION_PHARMACIST', ['日高', '薫']);
  const w = await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  const m = await region.user('PROFESSION_CARE_MANAGER', ['河野', '誠']);
  Object.assign(userIds, { doctor: d.id, nurse: n.id, pharmacist: p.id, careWorker: w.id, careManager: m.id });
  patientId = (await region.patient()).id;
  await region.join(patientId, d.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, n.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patientId, p.id, 'CARE_TEAM_ROLE_PHARMACIST');
  await region.join(patientId, w.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await region.join(patientId, m.id, 'CARE_TEAM_ROLE_CARE_MANAGER');
  doctor = await region.session(d.login_id);
  nurse = await region.session(n.login_id);
  pharmacist = await region.session(p.login_id);
  careWorker = await region.session(w.login_id);
  careManager = await region.session(m.login_id);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('medications', () => {
  it('keeps each change as a version with who changed it and why; a stopped drug leaves the list but stays in the history', async () => {
    const added = await meds('AddMedication', { patientId, details: FUROSEMIDE }, pharmacist);
    expect(added).toMatchObject({ version: 1, patientId, details: { ...FUROSEMIDE, stoppedOn: '' }, superseded: false, stopped: false, changeReason: '' });
    expect(added.recordedBy).toMatchObject({ userId: userIds.pharmacist, profession: 'PROFESSION_PHARMACIST' });

    const changed = await meds(
      'ChangeMedication',
      { patientId, medicationId: added.medicationId, baseVersion: 1, details: { ...FUROSEMIDE, dose: '2錠' }, reason: '浮腫増悪のため増量' },
      doctor,
    );
    expect(changed).toMatchObject({ version: 2, details: { dose: '2錠' }, changeReason: '浮腫増悪のため増量' });
    expect(changed.recordedBy.userId).toBe(userIds.doctor);

    const stopped = await meds(
      'ChangeMedication',
      {
        patientId,
        medicationId: added.medicationId,
        baseVersion: 2,
        details: { ...FUROSEMIDE, dose: '2錠', stoppedOn: '2026-11-01' },
        reason: '脱水傾向のため中止',
      },
      doctor,
    );
    expect(stopped).toMatchObject({ version: 3, stopped: true, details: { stoppedOn: '2026-11-01' } });

    const inUse = await meds('ListMedications', { patientId }, careManager);
    expect(inUse.medications.map((m: any) => m.medicationId)).not.toContain(added.medicationId);
    const all = await meds('ListMedications', { patientId, includeStopped: true }, careManager);
    expect(all.medications.find((m: any) => m.medicationId === added.medicationId)).toMatchObject({ version: 3, stopped: true });

    const history = await meds('GetMedicationHistory', { patientId, medicationId: added.medicationId }, nurse);
    expect(history.versions.map((v: any) => [v.version, v.details.dose, v.superseded, v.details.stoppedOn])).toEqual([
      [1, '1錠', true, ''],
      [2, '2錠', true, ''],
      [3, '2錠', false, '2026-11-01'],
    ]);
  });

  it('refuses a change of a version that is no longer current, naming the current one', async () => {
    const added = await meds('AddMedication', { patientId, details: { ...FUROSEMIDE, drugName: 'アムロジピン錠5mg' } }, doctor);
    await meds(
      'ChangeMedication',
      { patientId, medicationId: added.medicationId, baseVersion: 1, details: { ...FUROSEMIDE, drugName: 'アムロジピン錠5mg', note: '朝' }, reason: '注記' },
      doctor,
    );
    const stale = await failure(
      meds(
        'ChangeMedication',
        { patientId, medicationId: added.medicationId, baseVersion: 1, details: { ...FUROSEMIDE, drugName: 'アムロジピン錠5mg' }, reason: '古い版から' },
        pharmacist,
      ),
    );
    expect(stale.code).toBe(grpc.status.ABORTED);
    expect(stale.reason).toBe('MEDICATION_VERSION_SUPERSEDED');
    expect(stale.message).toContain('第2版');
  });

  it('returns the entry already added when a request is retried with the same request id', async () => {
    const clientRequestId = randomUUID();
    const first = await meds('AddMedication', { patientId, details: { ...FUROSEMIDE, drugName: 'ランソプラゾールOD錠15mg' }, clientRequestId }, pharmacist);
    const again = await meds('AddMedication', { patientId, details: { ...FUROSEMIDE, drugName: 'ランソプラゾールOD錠15mg' }, clientRequestId }, pharmacist);
    expect(again.medicationId).toBe(first.medicationId);
    const rows = await backend.database.db.selectFrom('medication_versions').select('id').where('client_request_id', '=', clientRequestId).execute();
    expect(rows).toHaveLength(1);
  });

  it('validates at the boundary: a drug name is required, handling must be a known flag, a drug cannot stop before it started', async () => {
    const noName = await failure(meds('AddMedication', { patientId, details: { ...FUROSEMIDE, drugName: '  ' } }, doctor));
    expect(noName.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(noName.fieldViolations).toEqual([expect.objectContaining({ field: 'details.drugName', reason: 'DRUG_NAME_REQUIRED' })]);
    expect(noName.message).toContain('薬剤名を入力してください');

    const backwards = await failure(meds('AddMedication', { patientId, details: { ...FUROSEMIDE, startedOn: '2026-10-01', stoppedOn: '2026-09-30' } }, doctor));
    expect(backwards.fieldViolations).toEqual([expect.objectContaining({ field: 'details.stoppedOn', reason: 'STOP_BEFORE_START' })]);

    const badDay = await failure(meds('AddMedication', { patientId, details: { ...FUROSEMIDE, startedOn: '2026-02-30' } }, doctor));
    expect(badDay.fieldViolations).toEqual([expect.objectContaining({ field: 'details.startedOn', reason: 'NOT_A_DAY' })]);
  });

  it('lets doctors and pharmacists write, not nurses or care workers; care workers read the list (服薬介助)', async () => {
    const byNurse = await failure(meds('AddMedication', { patientId, details: FUROSEMIDE }, nurse));
    expect(byNurse.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(byNurse.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    expect(await deniedActions(userIds.nurse!)).toContain('medication.add');

    const byWorker = await failure(meds('AddMedication', { patientId, details: FUROSEMIDE }, careWorker));
    expect(byWorker.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    const read = await meds('ListMedications', { patientId }, careWorker);
    expect(read.medications.length).toBeGreaterThan(0);
  });
});

describe('vital signs', () => {
  const VALUES = { systolicMmhg: 128, diastolicMmhg: 76, pulsePerMin: 72, temperatureCelsius: 36.5, spo2Percent: 97 };

  it('records the values and their progress note in one action; both are listed, linked', async () => {
    const observedAt = at(-30);
    const recorded = await vitals(
      'RecordVitalSigns',
      { patientId, observedAt, values: VALUES, note: { subjective: '息苦しさなし', objective: 'BP 128/76 P 72 T 36.5 SpO2 97%', assessment: '', plan: '' } },
      nurse,
    );
    expect(recorded.vitalSigns).toMatchObject({ patientId, observedAt, values: { ...VALUES, respirationPerMin: 0, weightKg: 0, bloodGlucoseMgDl: 0 } });
    expect(recorded.vitalSigns.recordedBy).toMatchObject({ userId: userIds.nurse, profession: 'PROFESSION_NURSE' });
    expect(recorded.note).toMatchObject({ version: 1, observedAt, soap: { objective: 'BP 128/76 P 72 T 36.5 SpO2 97%' } });
    expect(recorded.vitalSigns.noteId).toBe(recorded.note.noteId);

    const notes = await call<any>(region.clinical, 'ProgressNoteService', 'ListNotes', { patientId }, doctor);
    expect(notes.notes.map((n: any) => n.noteId)).toContain(recorded.note.noteId);
    const listed = await vitals('ListVitalSigns', { patientId }, doctor);
    expect(listed.vitalSigns[0]).toMatchObject({ id: recorded.vitalSigns.id, noteId: recorded.note.noteId });
  });

  it('refuses values outside the physiological range, saying the range in Japanese; nothing is stored, not even the note', async () => {
    const before = await backend.database.db.selectFrom('progress_note_versions').select('id').where('patient_id', '=', patientId).execute();
    const typo = await failure(
      vitals(
        'RecordVitalSigns',
        { patientId, values: { ...VALUES, temperatureCelsius: 365 }, note: { objective: 'T 365', subjective: '', assessment: '', plan: '' } },
        nurse,
      ),
    );
    expect(typo.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(typo.fieldViolations).toEqual([
      expect.objectContaining({ field: 'values.temperatureCelsius', reason: 'VITAL_OUT_OF_RANGE', parameters: { min: '30', max: '44', unit: '℃' } }),
    ]);
    expect(typo.message).toContain('30〜44℃の範囲で入力してください');
    const after = await backend.database.db.selectFrom('progress_note_versions').select('id').where('patient_id', '=', patientId).execute();
    expect(after).toHaveLength(before.length);

    const swapped = await failure(vitals('RecordVitalSigns', { patientId, values: { systolicMmhg: 70, diastolicMmhg: 120 } }, nurse));
    expect(swapped.fieldViolations).toEqual([expect.objectContaining({ field: 'values.diastolicMmhg', reason: 'DIASTOLIC_NOT_BELOW_SYSTOLIC' })]);
    const half = await failure(vitals('RecordVitalSigns', { patientId, values: { systolicMmhg: 130 } }, nurse));
    expect(half.fieldViolations).toEqual([expect.objectContaining({ field: 'values.diastolicMmhg', reason: 'BLOOD_PRESSURE_HALF' })]);
    const empty = await failure(vitals('RecordVitalSigns', { patientId, values: {} }, nurse));
    expect(empty.fieldViolations).toEqual([expect.objectContaining({ field: 'values', reason: 'VITALS_EMPTY' })]);
    const precise = await failure(vitals('RecordVitalSigns', { patientId, values: { temperatureCelsius: 36.55 } }, nurse));
    expect(precise.fieldViolations).toEqual([expect.objectContaining({ field: 'values.temperatureCelsius', reason: 'VITAL_TOO_PRECISE' })]);
    const future = await failure(vitals('RecordVitalSigns', { patientId, observedAt: at(60), values: VALUES }, nurse));
    expect(future.fieldViolations).toEqual([expect.objectContaining({ field: 'observedAt', reason: 'TIME_IN_FUTURE' })]);
  });

  it('lets nurses and doctors record; a pharmacist may not, and a care worker may not read them', async () => {
    const byPharmacist = await failure(vitals('RecordVitalSigns', { patientId, values: VALUES }, pharmacist));
    expect(byPharmacist.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    expect(await deniedActions(userIds.pharmacist!)).toContain('vitals.record');
    const byWorker = await failure(vitals('ListVitalSigns', { patientId }, careWorker));
    expect(byWorker.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(byWorker.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
    expect(await deniedActions(userIds.careWorker!)).toContain('vitals.list');
    const byDoctor = await vitals('RecordVitalSigns', { patientId, values: { weightKg: 52.4 } }, doctor);
    expect(byDoctor.note).toBeNull();
    expect(byDoctor.vitalSigns.values.weightKg).toBeCloseTo(52.4);
  });

  it('records once when retried with the same request id, with its note', async () => {
    const clientRequestId = randomUUID();
    const request = { patientId, values: { pulsePerMin: 88 }, clientRequestId, note: { objective: 'P 88', subjective: '', assessment: '', plan: '' } };
    const first = await vitals('RecordVitalSigns', request, nurse);
    const again = await vitals('RecordVitalSigns', request, nurse);
    expect(again.vitalSigns.id).toBe(first.vitalSigns.id);
    expect(again.note.noteId).toBe(first.note.noteId);
    const notes = await backend.database.db.selectFrom('progress_note_versions').select('id').where('note_id', '=', first.note.noteId).execute();
    expect(notes).toHaveLength(1);
  });
});

describe('vital signs entered in error', () => {
  /** The doctor's copy of the patient's overview, as their PC's cache gets it from the change feed. */
  async function pullOverview(cursor: string): Promise<{ overview: any; cursor: string }> {
    let overviewSeen: any = null;
    for (;;) {
      const page = await call<any>(region.clinical, 'SyncService', 'PullChanges', { cursor }, doctor);
      for (const change of page.changes) if (change.patientId === patientId) overviewSeen = change.upserted ?? null;
      cursor = page.nextCursor;
      if (!page.hasMore) return { overview: overviewSeen, cursor };
    }
  }

  it('is marked by its recorder with the reason: the overview every PC syncs drops it, the list shows it struck with who and when; its note is kept', async () => {
    const recorded = await vitals(
      'RecordVitalSigns',
      {
        patientId,
        observedAt: at(-90),
        values: { systolicMmhg: 158, diastolicMmhg: 92 },
        note: { objective: 'BP 158/92', subjective: '', assessment: '', plan: '' },
      },
      nurse,
    );
    const id = recorded.vitalSigns.id;
    expect(recorded.vitalSigns.enteredInError).toBe(false);
    const before = await pullOverview('');
    expect(before.overview.recentVitalSigns.map((v: any) => v.id)).toContain(id);

    const marked = await vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId: id, reason: '  128 を 158 と入力したため  ' }, nurse);
    expect(marked).toMatchObject({
      id,
      enteredInError: true,
      enteredInErrorReason: '128 を 158 と入力したため',
      values: { systolicMmhg: 158, diastolicMmhg: 92 },
    });
    expect(marked.enteredInErrorBy).toMatchObject({ userId: userIds.nurse, profession: 'PROFESSION_NURSE' });
    expect(new Date(Number(marked.enteredInErrorAt.seconds) * 1000).getTime()).toBeGreaterThan(0);

    // Every PC's cache: the change feed carries the patient again, without the observation.
    const after = await pullOverview(before.cursor);
    expect(after.overview).not.toBeNull();
    expect(after.overview.recentVitalSigns.map((v: any) => v.id)).not.toContain(id);
    expect((await overview(doctor)).recentVitalSigns.map((v: any) => v.id)).not.toContain(id);

    const inForce = await vitals('ListVitalSigns', { patientId }, doctor);
    expect(inForce.vitalSigns.map((v: any) => v.id)).not.toContain(id);
    const all = await vitals('ListVitalSigns', { patientId, includeEnteredInError: true }, doctor);
    expect(all.vitalSigns.find((v: any) => v.id === id)).toMatchObject({
      enteredInError: true,
      enteredInErrorReason: '128 を 158 と入力したため',
      enteredInErrorBy: expect.objectContaining({ userId: userIds.nurse }),
      noteId: recorded.note.noteId,
    });
    expect(all.vitalSigns.filter((v: any) => !v.enteredInError).every((v: any) => v.enteredInErrorBy === null && v.enteredInErrorReason === '')).toBe(true);

    // The note written with the values is not changed: its writer marks it by the notes' rule.
    const notes = await call<any>(region.clinical, 'ProgressNoteService', 'ListNotes', { patientId }, doctor);
    expect(notes.notes.find((n: any) => n.noteId === recorded.note.noteId)).toMatchObject({ status: 'NOTE_STATUS_CURRENT', version: 1 });

    const audited = await backend.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'patient_id'])
      .where('actor_user_id', '=', userIds.nurse!)
      .where('action', '=', 'vitals.entered-in-error')
      .execute();
    expect(audited).toEqual([{ outcome: 'ok', patient_id: patientId }]);
  });

  it('is refused a second time, saying it was already marked; the first reason stays', async () => {
    const recorded = await vitals('RecordVitalSigns', { patientId, observedAt: at(-80), values: { weightKg: 61.2 } }, nurse);
    await vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId: recorded.vitalSigns.id, reason: '別の患者の体重' }, nurse);
    const twice = await failure(vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId: recorded.vitalSigns.id, reason: 'もう一度' }, nurse));
    expect(twice.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(twice.fieldViolations).toEqual([expect.objectContaining({ field: 'vitalSignsId', reason: 'VITAL_SIGNS_ENTERED_IN_ERROR' })]);
    expect(twice.message).toContain('すでに入力誤りとして取り消されています');
    const all = await vitals('ListVitalSigns', { patientId, includeEnteredInError: true }, nurse);
    expect(all.vitalSigns.find((v: any) => v.id === recorded.vitalSigns.id).enteredInErrorReason).toBe('別の患者の体重');

    // Two marks at once (two PCs, a double click): one is kept, the other told it was already marked.
    const raced = await vitals('RecordVitalSigns', { patientId, observedAt: at(-75), values: { weightKg: 48.0 } }, nurse);
    const outcomes = await Promise.allSettled(
      ['一度目', '二度目'].map((reason) => vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId: raced.vitalSigns.id, reason }, nurse)),
    );
    const kept = outcomes.filter((o): o is PromiseFulfilledResult<any> => o.status === 'fulfilled');
    expect(kept).toHaveLength(1);
    const refused = await failure(Promise.reject((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason));
    expect(refused.fieldViolations).toEqual([expect.objectContaining({ field: 'vitalSignsId', reason: 'VITAL_SIGNS_ENTERED_IN_ERROR' })]);
    const stored = await vitals('ListVitalSigns', { patientId, includeEnteredInError: true }, nurse);
    expect(stored.vitalSigns.find((v: any) => v.id === raced.vitalSigns.id).enteredInErrorReason).toBe(kept[0]!.value.enteredInErrorReason);
  });

  it("may be marked only by its recorder, whose role writes vital signs, with a reason; another chart's observation is not found", async () => {
    const recorded = await vitals('RecordVitalSigns', { patientId, observedAt: at(-70), values: { pulsePerMin: 140 } }, nurse);
    const vitalSignsId = recorded.vitalSigns.id;

    const byDoctor = await failure(vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId, reason: '誤り' }, doctor));
    expect(byDoctor.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(byDoctor.reason).toBe('VITAL_SIGNS_NOT_RECORDER');
    expect(byDoctor.message).toContain('記録した本人だけです');
    expect(await deniedActions(userIds.doctor!)).toContain('vitals.entered-in-error');
    const byPharmacist = await failure(vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId, reason: '誤り' }, pharmacist));
    expect(byPharmacist.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    const byWorker = await failure(vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId, reason: '誤り' }, careWorker));
    expect(byWorker.code).toBe(grpc.status.PERMISSION_DENIED);

    const noReason = await failure(vitals('MarkVitalSignsEnteredInError', { patientId, vitalSignsId, reason: '   ' }, nurse));
    expect(noReason.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(noReason.fieldViolations).toEqual([expect.objectContaining({ field: 'reason' })]);

    const other = (await region.patient()).id;
    await region.join(other, userIds.nurse!, 'CARE_TEAM_ROLE_VISITING_NURSE');
    const elsewhere = await failure(vitals('MarkVitalSignsEnteredInError', { patientId: other, vitalSignsId, reason: '誤り' }, nurse));
    expect(elsewhere.reason).toBe('RECORD_NOT_FOUND');

    const still = await vitals('ListVitalSigns', { patientId }, nurse);
    expect(still.vitalSigns.find((v: any) => v.id === vitalSignsId)).toMatchObject({ enteredInError: false });
  });
});

describe('the overview', () => {
  it('carries current medications and the last 30 days of vitals, as far as the role may read them', async () => {
    const old = await vitals('RecordVitalSigns', { patientId, observedAt: at(-40 * DAY), values: { spo2Percent: 91 } }, nurse);
    const recent = await vitals('RecordVitalSigns', { patientId, observedAt: at(-2 * DAY), values: { spo2Percent: 95 } }, nurse);

    const seenByDoctor = await overview(doctor);
    const vitalIds = seenByDoctor.recentVitalSigns.map((v: any) => v.id);
    expect(vitalIds).toContain(recent.vitalSigns.id);
    expect(vitalIds).not.toContain(old.vitalSigns.id);
    const times = seenByDoctor.recentVitalSigns.map((v: any) => v.observedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(seenByDoctor.medications.length).toBeGreaterThan(0);
    expect(seenByDoctor.medications.every((m: any) => !m.stopped)).toBe(true);
    expect(seenByDoctor.chart.myAccess).toEqual(expect.arrayContaining([{ recordKind: 'VITAL_SIGNS', canRead: true, canWrite: true }]));

    // The old observation is still on the chart, only outside the overview's window.
    const since = await vitals('ListVitalSigns', { patientId, since: at(-60 * DAY) }, doctor);
    expect(since.vitalSigns.map((v: any) => v.id)).toContain(old.vitalSigns.id);

    const seenByWorker = await overview(careWorker);
    expect(seenByWorker.medications.length).toBe(seenByDoctor.medications.length);
    expect(seenByWorker.recentVitalSigns).toEqual([]);
  });
});
