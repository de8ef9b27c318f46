// The shared chart through the desktop core, against a real backend (TLS, SQLite or PostgreSQL),
// the real OS keychain, real caches and real documents (a letter LibreOffice exported to PDF,
// from the backend's document fixtures): notes, filing with progress, opening online and from the
// encrypted document cache offline, the watched folder, forms and consent.
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  removeCareTeamMember,
  approveDevice,
  buildDocumentFixtures,
  defaultFixtureDirectory,
  makeLargePdf,
  type DocumentFixtures,
  TEST_PASSWORD,
  TestRegion,
  startTestBackend,
  type TestBackend,
} from '@renkei/backend/test-support';
import { osKeychain } from '../../src/core/keychain/keychain';
import { RenkeiCore } from '../../src/core/renkei-core';
import type { DesktopEvent, StagedFileView, UploadDocumentInput, WatchedFolderView } from '../../src/shared/desktop-api';
import { failure } from './support/clinic-pc';

let backend: TestBackend;
let region: TestRegion;
let fixtures: DocumentFixtures;
let largePdf: string;

beforeAll(async () => {
  [backend, fixtures] = await Promise.all([startTestBackend(), buildDocumentFixtures(defaultFixtureDirectory())]);
  largePdf = await makeLargePdf(defaultFixtureDirectory(), 700 * 1024);
  region = new TestRegion(backend);
}, 300_000);
afterAll(async () => {
  await backend?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Resolves with the first event `pick` accepts, or rejects after `ms`. */
function nextEvent<T>(core: RenkeiCore, pick: (event: DesktopEvent) => T | undefined, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no such event'));
    }, ms);
    const stop = core.onEvent((event) => {
      const picked = pick(event);
      if (picked === undefined) return;
      clearTimeout(timer);
      stop();
      resolve(picked);
    });
  });
}

/** Polls getWatchedFolder until `until` holds. */
async function watchedUntil(core: RenkeiCore, until: (view: WatchedFolderView) => boolean, ms = 15_000): Promise<WatchedFolderView> {
  const deadline = Date.now() + ms;
  for (;;) {
    const view = await core.getWatchedFolder();
    if (until(view)) return view;
    if (Date.now() > deadline) throw new Error(`watched folder never reached the state: ${JSON.stringify(view)}`);
    await sleep(50);
  }
}

const SOAP = { subjective: '息苦しさが続くと本人', objective: 'SpO2 93%、下腿浮腫あり', assessment: '心不全増悪の疑い', plan: '利尿薬を増量し、2日後に再訪問' };

function uploadInput(patientId: string, staged: StagedFileView, overrides: Partial<UploadDocumentInput> = {}): UploadDocumentInput {
  return {
    patientId,
    stagedFileId: staged.stagedFileId,
    documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
    title: '診療情報提供書（宮崎病院宛）',
    issuedOn: '2026-11-20',
    issuer: 'くろき在宅クリニック 黒木健一',
    validFrom: '',
    validUntil: '',
    note: '',
    replacesDocumentId: '',
    ...overrides,
  };
}

describe('the shared chart on a clinic PC', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-chart-'));
  const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);
  const watchedDir = mkdtempSync(join(tmpdir(), 'renkei-watched-'));
  const scratchDirs: string[] = [];
  let core: RenkeiCore;
  let patient: string;
  let leaving: string;
  let noteId: string;
  let filed: { documentId: string; version: number };
  let doctorId: string;
  const vitals = { kept: '', withdrawn: '' };

  const start = () =>
    RenkeiCore.start({
      dataDir,
      tunnel: null,
      keychain,
      syncIntervalMs: 3_600_000,
      watchedFolder: { stabilityThresholdMs: 400, pollIntervalMs: 50, checkIntervalMs: 300 },
    });

  beforeAll(async () => {
    const user = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    doctorId = user.id;
    patient = (await region.patient()).id;
    leaving = (await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' })).id;
    await region.join(patient, user.id);
    await region.join(leaving, user.id);
    core = await start();
    const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '診察室PC' });
    await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'test', backend.clock.now());
    await core.refreshDevice();
    await core.login({ loginId: user.login_id, password: TEST_PASSWORD });
    await core.syncNow();
  });
  afterAll(async () => {
    await core?.stop();
    for (const dir of [dataDir, watchedDir, ...scratchDirs]) rmSync(dir, { recursive: true, force: true });
  });

  it('writes, corrects, lists and withdraws progress notes, keeping every version', async () => {
    const written = await core.writeNote({ patientId: patient, soap: SOAP, observedAt: '2026-11-24T01:30:00.000Z' });
    expect(written).toMatchObject({
      version: 1,
      status: 'current',
      soap: SOAP,
      observedAt: '2026-11-24T01:30:00.000Z',
      author: { name: { family: '黒木' }, profession: 'PROFESSION_DOCTOR' },
    });
    noteId = written.noteId;

    const corrected = await core.correctNote({
      patientId: patient,
      noteId,
      baseVersion: 1,
      soap: { ...SOAP, plan: '利尿薬を増量し、翌日に再訪問' },
      reason: '再訪問日の誤記',
      // The visit was half an hour earlier than written: the correction carries it to the server.
      observedAt: '2026-11-24T10:00:00+09:00',
    });
    expect(corrected).toMatchObject({ noteId, version: 2, correctionReason: '再訪問日の誤記', observedAt: '2026-11-24T01:00:00.000Z' });
    // Correcting the old version again: someone (here, we) already replaced it.
    expect((await failure(core.correctNote({ patientId: patient, noteId, baseVersion: 1, soap: SOAP, reason: 'もう一度' }))).reason).toBe(
      'NOTE_VERSION_SUPERSEDED',
    );

    const listed = await core.listNotes(patient);
    expect(listed.notes.map((n) => [n.noteId, n.version])).toEqual([[noteId, 2]]);
    expect(listed.notes[0]!.soap.plan).toBe('利尿薬を増量し、翌日に再訪問');
    const history = await core.getNoteHistory(patient, noteId);
    expect(history.map((n) => [n.version, n.superseded])).toEqual([
      [1, true],
      [2, false],
    ]);

    const other = await core.writeNote({ patientId: patient, soap: { ...SOAP, subjective: '別の患者の記録を誤って入力' } });
    const withdrawn = await core.markNoteEnteredInError({ patientId: patient, noteId: other.noteId, baseVersion: 1, reason: '別の患者の記録' });
    expect(withdrawn.status).toBe('entered-in-error');
    expect((await core.listNotes(patient)).notes.map((n) => n.noteId)).toEqual([noteId]);
    expect((await core.listNotes(patient, { includeEnteredInError: true })).notes.map((n) => n.noteId).sort()).toEqual([noteId, other.noteId].sort());
  });

  it('shows the chart on the overview: latest notes and what this user may do', async () => {
    const overview = await core.getPatientOverview(patient);
    expect(overview.source).toBe('server');
    expect(overview.chart.latestNotes[0]).toMatchObject({ noteId, version: 2 });
    expect(overview.chart.myAccess).toContainEqual({ recordKind: 'PROGRESS_NOTES', canRead: true, canWrite: true });
  });

  it('records vital signs and withdraws one as 入力誤り: the list keeps it struck with who and why, the overview drops it', async () => {
    const kept = await core.recordVitalSigns({ patientId: patient, values: { systolicMmhg: 128, diastolicMmhg: 76 }, observedAt: '2026-11-24T01:30:00.000Z' });
    const wrong = await core.recordVitalSigns({
      patientId: patient,
      values: { systolicMmhg: 158, diastolicMmhg: 76 },
      note: { subjective: '', objective: 'BP 158/76', assessment: '', plan: '' },
    });
    Object.assign(vitals, { kept: kept.vitalSigns.id, withdrawn: wrong.vitalSigns.id });
    expect(wrong.vitalSigns.enteredInError).toBeNull();
    expect((await core.getPatientOverview(patient)).recentVitalSigns.map((v) => v.id)).toContain(wrong.vitalSigns.id);

    const marked = await core.markVitalSignsEnteredInError({ patientId: patient, vitalSignsId: wrong.vitalSigns.id, reason: '128 を 158 と入力' });
    expect(marked.enteredInError).toMatchObject({ reason: '128 を 158 と入力', by: { name: { family: '黒木' }, profession: 'PROFESSION_DOCTOR' } });
    expect(Date.parse(marked.enteredInError!.at)).not.toBeNaN();
    const again = await failure(core.markVitalSignsEnteredInError({ patientId: patient, vitalSignsId: wrong.vitalSigns.id, reason: 'もう一度' }));
    expect(again.reason).toBe('INVALID_REQUEST');
    expect(again.message.ja).toContain('すでに入力誤りとして取り消されています');

    const listed = await core.listVitalSigns(patient);
    expect(listed.find((v) => v.id === wrong.vitalSigns.id)).toMatchObject({ enteredInError: { reason: '128 を 158 と入力' }, noteId: wrong.note!.noteId });
    expect(listed.find((v) => v.id === kept.vitalSigns.id)?.enteredInError).toBeNull();
    await core.syncNow();
    const overview = await core.getPatientOverview(patient);
    expect(overview.recentVitalSigns.map((v) => v.id)).toContain(kept.vitalSigns.id);
    expect(overview.recentVitalSigns.map((v) => v.id)).not.toContain(wrong.vitalSigns.id);
  });

  it('stages a real PDF and files it, reporting progress chunk by chunk up to the whole', async () => {
    const size = readFileSync(largePdf).length;
    const staged = await core.stageFile(largePdf);
    expect(staged).toMatchObject({ fileName: 'large-716800.pdf', size, origin: 'dropped' });
    const progress: number[] = [];
    const stop = core.onEvent((event) => {
      if (event.type === 'upload-progress' && event.stagedFileId === staged.stagedFileId) {
        expect(event.totalBytes).toBe(size);
        progress.push(event.sentBytes);
      }
    });
    const result = await core.uploadDocument(uploadInput(patient, staged));
    stop();
    expect(result.alreadyFiled).toBe(false);
    expect(result.document).toMatchObject({
      title: '診療情報提供書（宮崎病院宛）',
      mediaType: 'application/pdf',
      size,
      sha256: sha256(readFileSync(largePdf)),
      documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
    });
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(size / (256 * 1024)));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(size);
    filed = result.document;
    // Filed, so no longer staged.
    expect((await failure(core.uploadDocument(uploadInput(patient, staged)))).reason).toBe('STAGED_FILE_NOT_FOUND');
    expect(existsSync(largePdf)).toBe(true);
  });

  it("refuses what is not a file to stage, a file replaced since, and tells the server's refusal of a disguised program", async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'renkei-dropped-'));
    scratchDirs.push(scratch);
    expect((await failure(core.stageFile(tmpdir()))).reason).toBe('FILE_NOT_A_DOCUMENT');
    expect((await failure(core.stageFile('relative/紹介状.pdf'))).reason).toBe('DROPPED_FILE_UNREADABLE');
    expect((await failure(core.stageFile(join(scratch, 'no-such-file.pdf')))).reason).toBe('STAGED_FILE_GONE');
    symlinkSync('/etc/passwd', join(scratch, 'link.pdf'));
    expect((await failure(core.stageFile(join(scratch, 'link.pdf')))).reason).toBe('FILE_NOT_A_DOCUMENT');
    writeFileSync(join(scratch, 'huge.pdf'), '');
    truncateSync(join(scratch, 'huge.pdf'), 100 * 1024 * 1024 + 1);
    const tooLarge = await failure(core.stageFile(join(scratch, 'huge.pdf')));
    expect(tooLarge.reason).toBe('DOCUMENT_TOO_LARGE');
    expect(tooLarge.message.ja).toContain('100 MB');

    // Staged, then swapped for another file under the same name: not sent.
    const swapped = join(scratch, '差し替え.pdf');
    copyFileSync(fixtures.referralPdf, swapped);
    const stagedSwap = await core.stageFile(swapped);
    unlinkSync(swapped);
    copyFileSync(fixtures.multiPagePdf, swapped);
    expect((await failure(core.uploadDocument(uploadInput(patient, stagedSwap)))).reason).toBe('STAGED_FILE_CHANGED');
    unlinkSync(swapped);
    symlinkSync(fixtures.multiPagePdf, swapped);
    expect((await failure(core.uploadDocument(uploadInput(patient, stagedSwap)))).reason).toBe('STAGED_FILE_CHANGED');
    await core.discardStagedFile(stagedSwap.stagedFileId);

    const program = await core.stageFile(fixtures.renamedExecutable);
    const refused = await failure(core.uploadDocument(uploadInput(patient, program)));
    expect(refused.reason).toBe('DOCUMENT_EXECUTABLE');
    expect(refused.message.ja).toContain('紹介状.pdf');
    await core.discardStagedFile(program.stagedFileId);
  });

  it('cancels an upload when its staged file is discarded', async () => {
    const staged = await core.stageFile(largePdf);
    const firstChunk = nextEvent(core, (e) => (e.type === 'upload-progress' && e.stagedFileId === staged.stagedFileId ? e : undefined));
    const upload = failure(core.uploadDocument(uploadInput(patient, staged, { title: '取り消す文書' })));
    await firstChunk;
    await core.discardStagedFile(staged.stagedFileId);
    expect((await upload).reason).toBe('UPLOAD_CANCELLED');
    expect((await core.listDocuments(patient)).map((d) => d.title)).not.toContain('取り消す文書');
  });

  it("opens a filed document from the server, then from this PC's cache once the server confirms it", async () => {
    const original = readFileSync(largePdf);
    const first = await core.openDocument(patient, filed.documentId, 0);
    expect(first.source).toBe('server');
    expect(Buffer.from(first.bytes).equals(original)).toBe(true);
    expect(sha256(first.bytes)).toBe(first.document.sha256);
    const again = await core.openDocument(patient, filed.documentId, filed.version);
    expect(again.source).toBe('cache');
    expect(Buffer.from(again.bytes).equals(original)).toBe(true);
    expect(again.document).toEqual(first.document);
  });

  it('offers PDFs of the watched folder once fully written, files them and moves them to 登録済み', async () => {
    const view = await core.setWatchedFolder(watchedDir);
    expect(view).toEqual({ path: watchedDir, files: [], error: null });
    mkdirSync(join(watchedDir, '登録済み'));
    copyFileSync(fixtures.referralPdf, join(watchedDir, '登録済み', '紹介状.pdf'));
    writeFileSync(join(watchedDir, 'メモ.txt'), '取り込み対象外');

    // The business system writes in two goes; half a file is not offered.
    const letter = readFileSync(fixtures.referralPdf);
    const target = join(watchedDir, '紹介状.pdf');
    writeFileSync(target, letter.subarray(0, 1000));
    await sleep(200);
    writeFileSync(target, letter);
    const offered = await nextEvent(core, (e) => (e.type === 'watched-folder' && e.folder.files.length > 0 ? e.folder : undefined));
    expect(offered.files).toHaveLength(1);
    expect(offered.files[0]).toMatchObject({ fileName: '紹介状.pdf', size: letter.length, origin: 'watched-folder' });
    // Its bytes, for the preview and for telling whose it is, are the file as staged; an id not staged is refused.
    const content = await core.readStagedFile(offered.files[0]!.stagedFileId);
    expect(content.mediaType).toBe('application/pdf');
    expect(Buffer.from(content.bytes).equals(letter)).toBe(true);
    expect((await failure(core.readStagedFile('no-such-file'))).reason).toBe('STAGED_FILE_NOT_FOUND');
    copyFileSync(fixtures.multiPagePdf, join(watchedDir, 'REPORT.PDF'));
    const both = await watchedUntil(core, (v) => v.files.length === 2);
    expect(both.files.map((f) => f.fileName).sort()).toEqual(['REPORT.PDF', '紹介状.pdf']);

    const staged = both.files.find((f) => f.fileName === '紹介状.pdf')!;
    const result = await core.uploadDocument(uploadInput(patient, staged, { title: '紹介状（監視フォルダー）' }));
    expect(result.document.sha256).toBe(sha256(letter));
    // Moved beside the earlier 紹介状.pdf under a numbered name, and no longer offered.
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(join(watchedDir, '登録済み')).sort()).toEqual(['紹介状 (2).pdf', '紹介状.pdf']);
    expect(readFileSync(join(watchedDir, '登録済み', '紹介状 (2).pdf')).equals(letter)).toBe(true);
    expect((await core.getWatchedFolder()).files.map((f) => f.fileName)).toEqual(['REPORT.PDF']);

    // Discarded: not offered again while it is unchanged.
    await core.discardStagedFile((await core.getWatchedFolder()).files[0]!.stagedFileId);
    await sleep(600);
    expect((await core.getWatchedFolder()).files).toEqual([]);
  });

  it('remembers the watched folder across a restart, and says so when the folder is gone', async () => {
    await core.stop();
    core = await start();
    expect((await core.getWatchedFolder()).path).toBe(watchedDir);
    rmSync(watchedDir, { recursive: true, force: true });
    const gone = await watchedUntil(core, (v) => v.error !== null);
    expect(gone.error?.reason).toBe('WATCHED_FOLDER_MISSING');
    expect(gone.error?.message.ja).toContain(watchedDir);
    mkdirSync(watchedDir);
    expect((await watchedUntil(core, (v) => v.error === null)).path).toBe(watchedDir);
    expect((await core.stopWatchingFolder()).path).toBeNull();
    expect((await failure(core.setWatchedFolder(join(watchedDir, 'nothing-here')))).reason).toBe('WATCHED_FOLDER_MISSING');
  });

  it('addresses a new 指示書 to the station the doctor chose from the care team, with its people; an office off the team is refused', async () => {
    const addressed = (await region.patient({ familyName: '児湯', givenName: '花', familyNameKana: 'コユ', givenNameKana: 'ハナ' })).id;
    await region.join(addressed, doctorId);
    const stations = [
      region.office('FACILITY_KIND_VISITING_NURSE_STATION', 'ひまわり訪問看護ステーション'),
      region.office('FACILITY_KIND_VISITING_NURSE_STATION', 'あおぞら訪問看護ステーション'),
    ];
    for (const [station, nurse] of [
      [stations[0]!, ['日高', '美香']],
      [stations[1]!, ['青木', '空']],
    ] as const) {
      await station.join(addressed, (await station.user('PROFESSION_NURSE', [...nurse])).id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    }
    const instruction = (addresseeFacilityId?: string) =>
      core.createForm({
        patientId: addressed,
        documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
        title: '訪問看護指示書',
        values: {},
        ...(addresseeFacilityId !== undefined && { addresseeFacilityId }),
      });

    // Two stations on the team: the server guesses neither; the chosen one is written on the form.
    expect((await instruction()).values).not.toHaveProperty('addresseeStation');
    const chosen = await instruction(await stations[1]!.facilityId);
    expect(chosen.values).toMatchObject({ addresseeStation: 'あおぞら訪問看護ステーション', doctorName: '黒木 健一' });

    const stranger = region.office('FACILITY_KIND_VISITING_NURSE_STATION', 'よその訪問看護ステーション');
    const refused = await failure(instruction(await stranger.facilityId));
    expect(refused.reason).toBe('INVALID_REQUEST');
    expect(JSON.stringify(refused)).toContain('ADDRESSEE_NOT_ON_CARE_TEAM');
    expect(refused.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it('saves a shared form; a save based on an old version is refused as a conflict to merge', async () => {
    const created = await core.createForm({ patientId: patient, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_PLAN', title: '訪問看護計画書', values: {} });
    expect(created).toMatchObject({ version: 1, currentVersion: 1, finalised: false, values: {} });
    const saved = await core.saveForm({ patientId: patient, formId: created.formId, baseVersion: 1, values: { nursingGoal: '在宅での生活を継続する' } });
    expect(saved).toMatchObject({ version: 2, basedOnVersion: 1, values: { nursingGoal: '在宅での生活を継続する' } });
    const conflict = await failure(core.saveForm({ patientId: patient, formId: created.formId, baseVersion: 1, values: { nursingGoal: '別の目標' } }));
    expect(conflict.reason).toBe('TEMPLATE_VERSION_CONFLICT');
    expect(conflict.message.ja).toContain('第2版');
    expect((await core.listFormVersions(patient, created.formId)).map((f) => f.version)).toEqual([1, 2]);
    expect((await core.getForm(patient, created.formId, 0)).values).toEqual({ nursingGoal: '在宅での生活を継続する' });
    const pdf = await core.renderFormPdf(patient, created.formId, 0);
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(pdf.fileName).toMatch(/\.pdf$/);
  });

  it("records the patient's consent and reads it back", async () => {
    const recorded = await core.recordConsent({
      patientId: patient,
      obtainedOn: '2026-11-20',
      obtainedBy: '主治医 黒木',
      scope: 'CONSENT_SCOPE_CARE_TEAM',
      facilityIds: [],
      formDocumentId: '',
      note: '家族（長女）同席',
    });
    expect(recorded.shared).toBe(true);
    expect(recorded.current).toMatchObject({ obtainedOn: '2026-11-20', obtainedBy: '主治医 黒木', scope: 'CONSENT_SCOPE_CARE_TEAM', recordedBy: '黒木 健一' });
    expect((await core.getConsentStatus(patient)).current?.id).toBe(recorded.current?.id);
  });

  it("drops the documents of a patient who leaves the user's view when the next sync says so", async () => {
    const staged = await core.stageFile(fixtures.referralPdf);
    const other = await core.uploadDocument(uploadInput(leaving, staged, { title: '日向様の紹介状' }));
    await core.openDocument(leaving, other.document.documentId, 0);
    const index = () => {
      const db = new Database(
        join(
          dataDir,
          'caches',
          readdirSync(join(dataDir, 'caches')).find((f) => f.endsWith('.documents'))!,
          'index.sqlite',
        ),
        { readonly: true },
      );
      try {
        return (db.prepare('select patient_id from documents').all() as { patient_id: string }[]).map((r) => r.patient_id);
      } finally {
        db.close();
      }
    };
    expect(index()).toContain(leaving);
    const user = (await core.getStatus()).session!.user;
    await removeCareTeamMember(backend.database, leaving, user.id, backend.clock.now());
    await core.syncNow();
    expect(index()).not.toContain(leaving);
    expect(index()).toContain(patient);
  });

  it('reads the chart summary and opened documents offline, from encrypted caches only', async () => {
    const onlineOverview = await core.getPatientOverview(patient);
    await backend.server.stop();

    const overview = await core.getPatientOverview(patient);
    expect(overview.source).toBe('cache');
    expect(overview.chart).toEqual(onlineOverview.chart);
    expect(overview.chart.documents.map((d) => d.documentId)).toContain(filed.documentId);

    const original = readFileSync(largePdf);
    const opened = await core.openDocument(patient, filed.documentId, 0);
    expect(opened.source).toBe('cache');
    expect(Buffer.from(opened.bytes).equals(original)).toBe(true);
    expect(opened.document.sha256).toBe(sha256(original));

    // Nothing of the PDF is readable on disk: not its header, not any stretch of its body.
    const windows = [original.subarray(0, 64), original.subarray(original.length >> 1, (original.length >> 1) + 64), original.subarray(-64)];
    for (const file of filesUnder(join(dataDir, 'caches'))) {
      const raw = readFileSync(file);
      expect(raw.includes(Buffer.from('%PDF-')), `${file} holds a PDF header`).toBe(false);
      for (const window of windows) expect(raw.includes(window), `${file} holds PDF bytes`).toBe(false);
      expect(raw.includes(Buffer.from('診療情報提供書（宮崎病院宛）')), `${file} holds the title`).toBe(false);
    }

    const unopened = overview.chart.documents.find((d) => d.documentId !== filed.documentId);
    if (unopened) expect((await failure(core.openDocument(patient, unopened.documentId, 0))).reason).toBe('DOCUMENT_NOT_CACHED');
    const offline = await failure(core.listNotes(patient));
    expect(offline.reason).toBe('CHART_NEEDS_CONNECTION');
    expect(offline.message.ja).toContain('接続');
    expect((await failure(core.writeNote({ patientId: patient, soap: SOAP }))).reason).toBe('CHART_NEEDS_CONNECTION');
    // The trend reads offline without the withdrawn values; the list and a mark need the server.
    expect(overview.recentVitalSigns.map((v) => v.id)).toEqual([vitals.kept]);
    expect((await failure(core.listVitalSigns(patient))).reason).toBe('CHART_NEEDS_CONNECTION');
    expect((await failure(core.markVitalSignsEnteredInError({ patientId: patient, vitalSignsId: vitals.kept, reason: '誤り' }))).reason).toBe(
      'CHART_NEEDS_CONNECTION',
    );
    expect((await core.getStatus()).online).toBe(false);
  });
});
