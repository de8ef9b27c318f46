// The development bridge carries a logged-in clinician's session over HTTP, so it must answer only
// this run's own page: loopback Host and Origin, the per-run token on every request, and only the
// DesktopApi's methods with the API's argument shapes. Requests are made with node:http, which
// (unlike fetch) lets a test send the Host header a DNS-rebinding page would send. Run by
// Playwright with the screen tests (npm run test:e2e), though it needs no browser.
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { DesktopHost } from '../../src/core/desktop-host';
import type { CoverageView } from '../../src/shared/coverage-views';
import type { EmergencyInfoView } from '../../src/shared/emergency-views';
import type { PhraseListView, PhraseView } from '../../src/shared/phrase-views';
import type { AccessLogCsvSaved, AccessLogPage } from '../../src/shared/access-log-views';
import type { FhirExportSaved } from '../../src/shared/fhir-export-views';
import { startDevBridge, type DevBridge } from '../../src/dev-bridge/dev-bridge';
import { restoreBinary } from '../../src/shared/binary-values';
import type {
  ColleagueView,
  GroupView,
  InboxView,
  NotificationSettings,
  OpenedAttachment,
  PostReaderView,
  PostView,
  TimelinePageView,
} from '../../src/shared/timeline-views';
import { DesktopApiError } from '../../src/shared/desktop-api-error';
import type {
  AppStatus,
  ConsentView,
  DesktopApi,
  DesktopEvent,
  DocumentView,
  FormView,
  OpenedDocument,
  StagedFileContent,
  PatientOverviewView,
  PatientSearchResult,
  ArchivedPatientSearchResult,
  ProgressNoteView,
  SecondFactorSetupView,
  SessionView,
  StagedFileView,
  SyncView,
  UploadResult,
  UserFacingError,
  WatchedFolderView,
} from '../../src/shared/desktop-api';

const STATUS: AppStatus = {
  device: { state: 'not-enrolled' },
  tunnel: { phase: 'unconfigured', lastHandshakeAt: null, rxBytes: 0, txBytes: 0, error: null, serviceUnreachable: false },
  session: null,
  sync: { state: 'never', lastSyncedAt: null, progress: null, error: null },
  online: false,
  sessionEnded: null,
};

const LOGIN_FAILED: UserFacingError = {
  reason: 'LOGIN_FAILED',
  message: { ja: 'ユーザーIDまたはパスワードが正しくありません。', en: 'The user ID or password is wrong.' },
};

const author = {
  userId: 'u1',
  name: { family: '黒木', given: '一郎', familyKana: 'クロキ', givenKana: 'イチロウ' },
  profession: 'PROFESSION_DOCTOR',
  facilityName: 'くろき在宅クリニック',
};
const NOTE: ProgressNoteView = {
  noteId: 'n1',
  version: 1,
  soap: { subjective: '', objective: '', assessment: '', plan: '' },
  observedAt: '2026-11-24T01:00:00.000Z',
  status: 'current',
  correctionReason: '',
  author,
  recordedAt: '2026-11-24T01:00:00.000Z',
  superseded: false,
};
const DOCUMENT: DocumentView = {
  documentId: 'd1',
  version: 1,
  documentType: 'DOCUMENT_TYPE_OTHER',
  title: '紹介状',
  fileName: 'letter.pdf',
  mediaType: 'application/pdf',
  size: 8,
  sha256: '0'.repeat(64),
  pageCount: 1,
  issuedOn: '',
  issuer: '',
  validFrom: '',
  validUntil: '',
  note: '',
  uploadedBy: author,
  uploadedAt: '2026-11-24T01:00:00.000Z',
  superseded: false,
};
/** A form whose values merely look like base64: they must reach the page as text. */
const FORM: FormView = {
  formId: 'f1',
  version: 1,
  currentVersion: 1,
  documentType: 'DOCUMENT_TYPE_VISITING_NURSING_PLAN',
  title: '計画書',
  values: { bytes: 'JVBERi0=', binary: [['bytes']] },
  savedBy: author,
  savedAt: '2026-11-24T01:00:00.000Z',
  basedOnVersion: 0,
  finalised: false,
  finalisedBy: null,
  finalisedAt: null,
};
const CONSENT: ConsentView = { shared: false, current: null, history: [], registeredByFacilityName: '', callerMayRecord: false };
/** Bytes with every value 0–255, so any re-encoding on the way would show. */
const PDF_BYTES = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
const WATCHED: WatchedFolderView = { path: null, files: [], error: null };

/** Just enough of a DesktopApi (and of the host's staging) to see what reaches it. */
class RecordingApi implements DesktopApi, Pick<DesktopHost, 'stageBytes' | 'setWatchedFolder'> {
  staged: { fileName: string; bytes: Buffer }[] = [];
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly listeners = new Set<(event: DesktopEvent) => void>();

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
  emit(event: DesktopEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async getStatus(): Promise<AppStatus> {
    this.record('getStatus');
    return STATUS;
  }
  async enroll(input: unknown): Promise<AppStatus> {
    this.record('enroll', input);
    return STATUS;
  }
  async refreshDevice(): Promise<AppStatus> {
    this.record('refreshDevice');
    return STATUS;
  }
  async connectTunnel(): Promise<AppStatus> {
    this.record('connectTunnel');
    return STATUS;
  }
  async disconnectTunnel(): Promise<AppStatus> {
    this.record('disconnectTunnel');
    return STATUS;
  }
  async login(input: { loginId: string; password: string }): Promise<SessionView> {
    this.record('login', input);
    // Thrown as the core does; a property beyond UserFacingError's must not leak through the bridge.
    throw new DesktopApiError({ ...LOGIN_FAILED, internalDetail: 'row 42 of users' } as UserFacingError);
  }
  async verifySecondFactor(input: { code?: string; recoveryCode?: string }): Promise<SessionView> {
    this.record('verifySecondFactor', input);
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async beginSecondFactorSetup(): Promise<SecondFactorSetupView> {
    this.record('beginSecondFactorSetup');
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async confirmSecondFactorSetup(code: string): Promise<{ recoveryCodes: string[] }> {
    this.record('confirmSecondFactorSetup', code);
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async finishSecondFactorSetup(): Promise<SessionView> {
    this.record('finishSecondFactorSetup');
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async cancelSecondFactor(): Promise<void> {
    this.record('cancelSecondFactor');
  }
  async getAccountSecurity(): Promise<never> {
    this.record('getAccountSecurity');
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async changePassword(input: unknown): Promise<never> {
    this.record('changePassword', input);
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async beginAuthenticatorSetup(): Promise<never> {
    this.record('beginAuthenticatorSetup');
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async confirmAuthenticatorSetup(code: string): Promise<never> {
    this.record('confirmAuthenticatorSetup', code);
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async regenerateRecoveryCodes(password: string): Promise<never> {
    this.record('regenerateRecoveryCodes', password);
    throw new DesktopApiError(LOGIN_FAILED);
  }
  async logout(): Promise<void> {
    this.record('logout');
  }
  async reportActivity(): Promise<void> {
    this.record('reportActivity');
  }
  async lockScreen(): Promise<void> {
    this.record('lockScreen');
  }
  async unlockScreen(password: string): Promise<void> {
    this.record('unlockScreen', password);
  }
  async switchUser(): Promise<void> {
    this.record('switchUser');
  }
  async syncNow(): Promise<SyncView> {
    this.record('syncNow');
    throw new Error('database is locked at /home/clinic/.renkei/cache.db');
  }
  async searchPatients(query: string): Promise<PatientSearchResult> {
    this.record('searchPatients', query);
    return { patients: [], asOf: null };
  }
  async searchArchivedPatients(query: string): Promise<ArchivedPatientSearchResult> {
    this.record('searchArchivedPatients', query);
    return { patients: [] };
  }
  async getPatientOverview(patientId: string): Promise<PatientOverviewView> {
    this.record('getPatientOverview', patientId);
    // A bare UserFacingError object, as a simpler API implementation might throw.
    throw LOGIN_FAILED;
  }
  async listNotes(patientId: string, options?: unknown): Promise<{ notes: ProgressNoteView[]; nextPageToken: string }> {
    this.record('listNotes', ...(options === undefined ? [patientId] : [patientId, options]));
    return { notes: [NOTE], nextPageToken: '' };
  }
  async getNoteHistory(...args: unknown[]): Promise<ProgressNoteView[]> {
    this.record('getNoteHistory', ...args);
    return [NOTE];
  }
  async writeNote(input: unknown): Promise<ProgressNoteView> {
    this.record('writeNote', input);
    return NOTE;
  }
  async correctNote(input: unknown): Promise<ProgressNoteView> {
    this.record('correctNote', input);
    return NOTE;
  }
  async markNoteEnteredInError(input: unknown): Promise<ProgressNoteView> {
    this.record('markNoteEnteredInError', input);
    return NOTE;
  }
  async recordVitalSigns(input: unknown): Promise<never> {
    this.record('recordVitalSigns', input);
    throw new Error('not used by these tests');
  }
  async addMedication(input: unknown): Promise<never> {
    this.record('addMedication', input);
    throw new Error('not used by these tests');
  }
  async changeMedication(input: unknown): Promise<never> {
    this.record('changeMedication', input);
    throw new Error('not used by these tests');
  }
  async listAllMedications(...args: unknown[]): Promise<never> {
    this.record('listAllMedications', ...args);
    throw new Error('not used by these tests');
  }
  async getMedicationHistory(...args: unknown[]): Promise<never> {
    this.record('getMedicationHistory', ...args);
    throw new Error('not used by these tests');
  }
  async listVitalSigns(...args: unknown[]): Promise<never> {
    this.record('listVitalSigns', ...args);
    throw new Error('not used by these tests');
  }
  async markVitalSignsEnteredInError(input: unknown): Promise<never> {
    this.record('markVitalSignsEnteredInError', input);
    throw new Error('not used by these tests');
  }
  async listDocuments(...args: unknown[]): Promise<DocumentView[]> {
    this.record('listDocuments', ...args);
    return [DOCUMENT];
  }
  async getDocumentHistory(...args: unknown[]): Promise<DocumentView[]> {
    this.record('getDocumentHistory', ...args);
    return [DOCUMENT];
  }
  async uploadDocument(input: unknown): Promise<UploadResult> {
    this.record('uploadDocument', input);
    return { document: DOCUMENT, alreadyFiled: false };
  }
  async discardStagedFile(...args: unknown[]): Promise<void> {
    this.record('discardStagedFile', ...args);
  }
  async readStagedFile(...args: unknown[]): Promise<StagedFileContent> {
    this.record('readStagedFile', ...args);
    return { fileName: 'a.pdf', mediaType: 'application/pdf', bytes: Buffer.from(PDF_BYTES) };
  }
  async openDocument(...args: unknown[]): Promise<OpenedDocument> {
    this.record('openDocument', ...args);
    // A Buffer, as the core returns one: a view into a larger pool, which must not leak into the result.
    return { document: DOCUMENT, bytes: Buffer.from(PDF_BYTES), source: 'server' };
  }
  async getWatchedFolder(): Promise<WatchedFolderView> {
    this.record('getWatchedFolder');
    return WATCHED;
  }
  async chooseWatchedFolder(): Promise<WatchedFolderView> {
    this.record('chooseWatchedFolder');
    return WATCHED;
  }
  async stopWatchingFolder(): Promise<WatchedFolderView> {
    this.record('stopWatchingFolder');
    return WATCHED;
  }
  async setWatchedFolder(path: string | null): Promise<WatchedFolderView> {
    this.record('setWatchedFolder', path);
    return { ...WATCHED, path };
  }
  async listForms(...args: unknown[]): Promise<FormView[]> {
    this.record('listForms', ...args);
    return [FORM];
  }
  async getForm(...args: unknown[]): Promise<FormView> {
    this.record('getForm', ...args);
    return FORM;
  }
  async listFormVersions(...args: unknown[]): Promise<FormView[]> {
    this.record('listFormVersions', ...args);
    return [FORM];
  }
  async createForm(input: unknown): Promise<FormView> {
    this.record('createForm', input);
    return FORM;
  }
  async saveForm(input: unknown): Promise<FormView> {
    this.record('saveForm', input);
    return FORM;
  }
  async finaliseForm(...args: unknown[]): Promise<FormView> {
    this.record('finaliseForm', ...args);
    return FORM;
  }
  async renderFormPdf(...args: unknown[]): Promise<{ bytes: Uint8Array; fileName: string }> {
    this.record('renderFormPdf', ...args);
    return { bytes: PDF_BYTES, fileName: '計画書.pdf' };
  }
  async getEmergencyInfoHistory(...args: unknown[]): Promise<EmergencyInfoView[]> {
    this.record('getEmergencyInfoHistory', ...args);
    return [];
  }
  async recordEmergencyInfo(input: unknown): Promise<EmergencyInfoView> {
    this.record('recordEmergencyInfo', input);
    throw new Error('not recorded in this test');
  }
  async getCoverageHistory(...args: unknown[]): Promise<CoverageView[]> {
    this.record('getCoverageHistory', ...args);
    return [];
  }
  async recordCoverage(input: unknown): Promise<CoverageView> {
    this.record('recordCoverage', input);
    throw new Error('not recorded in this test');
  }
  async listPatientAccessLog(query: unknown): Promise<AccessLogPage> {
    this.record('listPatientAccessLog', query);
    return { entries: [], nextPageToken: '' };
  }
  async saveAccessLogCsv(query: unknown): Promise<AccessLogCsvSaved> {
    this.record('saveAccessLogCsv', query);
    return { saved: false, fileName: '', rows: 0 };
  }
  async saveFhirExport(query: unknown): Promise<FhirExportSaved> {
    this.record('saveFhirExport', query);
    return { saved: false, fileName: '' };
  }
  async listPhrases(): Promise<PhraseListView> {
    this.record('listPhrases');
    return { phrases: [], source: 'server' };
  }
  async createPhrase(input: unknown): Promise<PhraseView> {
    this.record('createPhrase', input);
    throw new Error('not recorded in this test');
  }
  async updatePhrase(input: unknown): Promise<PhraseView> {
    this.record('updatePhrase', input);
    throw new Error('not recorded in this test');
  }
  async deletePhrase(phraseId: unknown): Promise<void> {
    this.record('deletePhrase', phraseId);
  }
  async getConsentStatus(...args: unknown[]): Promise<ConsentView> {
    this.record('getConsentStatus', ...args);
    return CONSENT;
  }
  async recordConsent(input: unknown): Promise<ConsentView> {
    this.record('recordConsent', input);
    return CONSENT;
  }
  async withdrawConsent(input: unknown): Promise<ConsentView> {
    this.record('withdrawConsent', input);
    return CONSENT;
  }
  async stageBytes(fileName: string, body: AsyncIterable<Uint8Array>): Promise<StagedFileView> {
    this.record('stageBytes', fileName);
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    this.staged.push({ fileName, bytes });
    return { stagedFileId: 's1', fileName, size: bytes.length, origin: 'dropped', stagedAt: '2026-11-24T01:00:00.000Z' };
  }
  onEvent(listener: (event: DesktopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  // The contact timeline: recorded, with the simplest honest answers.
  async listTimelines(): Promise<InboxView> {
    this.record('listTimelines');
    return { timelines: [], source: 'server', asOf: null };
  }
  async readTimeline(...args: unknown[]): Promise<TimelinePageView> {
    this.record('readTimeline', ...args);
    throw LOGIN_FAILED;
  }
  async writePost(input: unknown): Promise<PostView> {
    this.record('writePost', input);
    throw LOGIN_FAILED;
  }
  async cancelPendingPost(clientRequestId: string): Promise<void> {
    this.record('cancelPendingPost', clientRequestId);
  }
  async editPost(input: unknown): Promise<PostView> {
    this.record('editPost', input);
    throw LOGIN_FAILED;
  }
  async retractPost(...args: unknown[]): Promise<PostView> {
    this.record('retractPost', ...args);
    throw LOGIN_FAILED;
  }
  async markTimelineRead(...args: unknown[]): Promise<void> {
    this.record('markTimelineRead', ...args);
  }
  async confirmPost(...args: unknown[]): Promise<PostView> {
    this.record('confirmPost', ...args);
    throw LOGIN_FAILED;
  }
  async getPostReaders(...args: unknown[]): Promise<PostReaderView[]> {
    this.record('getPostReaders', ...args);
    return [];
  }
  async promotePostsToNote(...args: unknown[]): Promise<{ noteId: string; alreadyPromoted: boolean }> {
    this.record('promotePostsToNote', ...args);
    return { noteId: 'n-1', alreadyPromoted: false };
  }
  async openAttachment(...args: unknown[]): Promise<OpenedAttachment> {
    this.record('openAttachment', ...args);
    throw LOGIN_FAILED;
  }
  async fileAttachment(input: unknown): Promise<{ documentId: string; alreadyFiled: boolean }> {
    this.record('fileAttachment', input);
    throw LOGIN_FAILED;
  }
  async getNotificationSettings(): Promise<NotificationSettings> {
    this.record('getNotificationSettings');
    return { mentions: true, urgent: true, confirmRequests: true };
  }
  async setNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
    this.record('setNotificationSettings', settings);
    return settings;
  }
  async createGroup(title: string): Promise<GroupView> {
    this.record('createGroup', title);
    throw new Error('not scripted');
  }
  async addGroupMember(groupId: string, userId: string): Promise<GroupView> {
    this.record('addGroupMember', groupId, userId);
    throw new Error('not scripted');
  }
  async removeGroupMember(groupId: string, userId: string): Promise<GroupView> {
    this.record('removeGroupMember', groupId, userId);
    throw new Error('not scripted');
  }
  async listColleagues(): Promise<ColleagueView[]> {
    this.record('listColleagues');
    return [];
  }
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(bridge: DevBridge, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const url = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path, method: options.method ?? 'GET', headers: { host: url.host, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const tokenOf = (bridge: DevBridge) => new URL(bridge.url).pathname.split('/')[1]!;

function call(bridge: DevBridge, method: string, args: unknown[], headers: Record<string, string> = {}): Promise<Reply> {
  return send(bridge, `/${tokenOf(bridge)}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ args }),
  });
}

let rendererDir: string;
let api: RecordingApi;
let bridge: DevBridge;

test.beforeAll(() => {
  rendererDir = mkdtempSync(join(tmpdir(), 'renkei-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Renkei</title>');
});

test.afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

async function open(options: { chooseWatchedFolder?: () => Promise<string | null> } = {}): Promise<void> {
  api = new RecordingApi();
  bridge = await startDevBridge({ api, rendererDir, ...options });
}

function stage(bridge: DevBridge, body: Buffer | undefined, headers: Record<string, string>, path = `/${tokenOf(bridge)}/staged-files`): Promise<Reply> {
  return send(bridge, path, { method: 'POST', headers, ...(body !== undefined && { body: body as unknown as string }) });
}

test.afterEach(async () => {
  await bridge?.close();
});

test.describe('the development bridge', () => {
  test('listens on loopback only and puts a long random token in its URL', async () => {
    await open();
    const url = new URL(bridge.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(tokenOf(bridge)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startDevBridge({ api: new RecordingApi(), rendererDir });
    expect(tokenOf(other)).not.toBe(tokenOf(bridge));
    await other.close();
  });

  test('serves the renderer with its token, under a strict CSP', async () => {
    await open();
    const reply = await send(bridge, new URL(bridge.url).pathname);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Renkei</title>');
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(reply.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  test('refuses every request without the token, or with a wrong one', async () => {
    await open();
    const token = tokenOf(bridge);
    const wrongSameLength = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const path of ['/', '/index.html', '/api/getStatus', `/${wrongSameLength}/`, `/${token.slice(0, -1)}/`, `/${token}x/`, `/x${token}/events`]) {
      expect((await send(bridge, path)).status, path).toBe(403);
    }
    const refused = await send(bridge, `/${wrongSameLength}/api/getStatus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { reason: 'DEV_BRIDGE_FORBIDDEN' } });
    expect(api.calls).toEqual([]);
  });

  test('refuses a Host header that is not this loopback server, even with the token (DNS rebinding)', async () => {
    await open();
    const port = new URL(bridge.url).port;
    const path = new URL(bridge.url).pathname;
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `192.168.1.5:${port}`,
      `127.0.0.1:${Number(port) + 1}`,
      '127.0.0.1',
    ]) {
      expect((await send(bridge, path, { headers: { host } })).status, host).toBe(403);
    }
    expect((await send(bridge, path, { headers: { host: `localhost:${port}` } })).status).toBe(200);
    const viaApi = await call(bridge, 'getStatus', [], { host: `evil.example:${port}` });
    expect(viaApi.status).toBe(403);
    expect(api.calls).toEqual([]);
  });

  test('refuses calls from a page of another origin', async () => {
    await open();
    const port = new URL(bridge.url).port;
    expect((await call(bridge, 'getStatus', [], { origin: 'https://evil.example' })).status).toBe(403);
    expect((await call(bridge, 'getStatus', [], { origin: `http://127.0.0.1:${Number(port) + 1}` })).status).toBe(403);
    expect(api.calls).toEqual([]);
    expect((await call(bridge, 'getStatus', [], { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  test('carries calls to the API and returns their results', async () => {
    await open();
    const reply = await call(bridge, 'searchPatients', ['やまだ']);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { patients: [], asOf: null } });
    expect((await call(bridge, 'logout', [])).status).toBe(200);
    expect(api.calls).toEqual([
      { method: 'searchPatients', args: ['やまだ'] },
      { method: 'logout', args: [] },
    ]);
  });

  test('refuses a method that is not in DESKTOP_API_METHODS', async () => {
    await open();
    for (const method of ['deleteEverything', 'onEvent', 'constructor', '__proto__', 'toString', 'record', 'emit', 'getStatus/x']) {
      const reply = await call(bridge, method, []);
      expect(reply.status, method).toBe(404);
      expect(JSON.parse(reply.body).error.reason).toBe('DEV_BRIDGE_UNKNOWN_METHOD');
    }
    expect(api.calls).toEqual([]);
  });

  test('refuses arguments of the wrong shape before the API sees them', async () => {
    await open();
    const bad: [string, unknown[]][] = [
      ['login', []],
      ['login', [{ loginId: 'tanaka' }]],
      ['login', [{ loginId: 'tanaka', password: 1 }]],
      ['login', [{ loginId: 'tanaka', password: 'x', isAdmin: true }]],
      ['enroll', [{ serverAddress: 'a', enrollmentCode: 'b' }]],
      ['searchPatients', []],
      ['searchPatients', ['a', 'b']],
      ['searchPatients', ['x'.repeat(5000)]],
      ['getPatientOverview', ['']],
      ['getStatus', ['surprise']],
    ];
    for (const [method, args] of bad) {
      const reply = await call(bridge, method, args);
      expect(reply.status, `${method} ${JSON.stringify(args).slice(0, 60)}`).toBe(400);
      expect(JSON.parse(reply.body).error.reason).toBe('INVALID_REQUEST');
    }
    const path = `/${tokenOf(bridge)}/api/getStatus`;
    expect((await send(bridge, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"args":' })).status).toBe(400);
    expect((await send(bridge, path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"args":[]}' })).status).toBe(415);
    expect((await send(bridge, path, { method: 'GET' })).status).toBe(405);
    const huge = JSON.stringify({ args: ['x'.repeat(600_000)] });
    expect(
      (await send(bridge, `/${tokenOf(bridge)}/api/searchPatients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge })).status,
    ).toBe(413);
    expect(api.calls).toEqual([]);
  });

  test('passes a UserFacingError through as exactly that, and hides any other failure', async () => {
    await open();
    const failed = await call(bridge, 'login', [{ loginId: 'tanaka', password: 'wrong' }]);
    expect(JSON.parse(failed.body)).toEqual({ ok: false, error: LOGIN_FAILED });
    const plain = await call(bridge, 'getPatientOverview', ['p-1']);
    expect(JSON.parse(plain.body)).toEqual({ ok: false, error: LOGIN_FAILED });

    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const crashed = await call(bridge, 'syncNow', []);
      expect(crashed.status).toBe(500);
      expect(JSON.parse(crashed.body).error.reason).toBe('INTERNAL');
      expect(crashed.body).not.toContain('cache.db');
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });

  test('serves only files inside the renderer directory', async () => {
    await open();
    const token = tokenOf(bridge);
    for (const path of [
      `/${token}/../${token}/index.html`,
      `/${token}/%2e%2e/%2e%2e/etc/passwd`,
      `/${token}/..%2f..%2fetc%2fpasswd`,
      `/${token}/nothing.js`,
      `/${token}/index.html%00.js`,
    ]) {
      expect([403, 404], path).toContain((await send(bridge, path)).status);
    }
  });

  test("streams the API's events, starting with the current status, to holders of the token only", async () => {
    await open();
    expect((await send(bridge, '/events')).status).toBe(403);
    const url = new URL(bridge.url);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: url.port, path: `${url.pathname}events`, headers: { host: url.host } }, (res) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('"phase":"up"')) {
            req.destroy();
            resolve(text);
          } else if (text.includes('"phase":"unconfigured"')) {
            api.emit({ type: 'status', status: { ...STATUS, tunnel: { ...STATUS.tunnel, phase: 'up' } } });
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const events = received
      .split('\n\n')
      .filter((block) => block.startsWith('data: '))
      .map((block) => JSON.parse(block.slice(6)) as DesktopEvent);
    expect(events.map((e) => (e.type === 'status' ? e.status.tunnel.phase : e.type))).toEqual(['unconfigured', 'up']);
  });

  test('carries bytes in results as base64, listing where they are, and nothing else as bytes', async () => {
    await open();
    const opened = JSON.parse((await call(bridge, 'openDocument', ['p1', 'd1', 0])).body) as {
      ok: true;
      value: { bytes: string };
      binary: (string | number)[][];
    };
    expect(opened.binary).toEqual([['bytes']]);
    expect(opened.value.bytes).toBe(Buffer.from(PDF_BYTES).toString('base64'));
    const restored = restoreBinary(opened.value, opened.binary) as OpenedDocument;
    expect(restored.bytes).toBeInstanceOf(Uint8Array);
    expect([...restored.bytes]).toEqual([...PDF_BYTES]);

    const rendered = JSON.parse((await call(bridge, 'renderFormPdf', ['p1', 'f1', 0])).body) as { binary: unknown };
    expect(rendered.binary).toEqual([['bytes']]);
    // A user's form values that look like the envelope's own fields stay what they are.
    const form = JSON.parse((await call(bridge, 'getForm', ['p1', 'f1', 0])).body) as { value: FormView; binary?: unknown };
    expect(form.binary).toBeUndefined();
    expect(form.value.values).toEqual(FORM.values);
  });

  test("accepts a dropped file's bytes with the token, from this origin, as application/octet-stream", async () => {
    await open();
    const bytes = Buffer.from('%PDF-1.7 a dropped file');
    const headers = { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('訪問看護指示書 宮崎.pdf') };
    const reply = await stage(bridge, bytes, headers);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { stagedFileId: 's1', fileName: '訪問看護指示書 宮崎.pdf', size: bytes.length } });
    expect(api.staged).toEqual([{ fileName: '訪問看護指示書 宮崎.pdf', bytes }]);

    const port = new URL(bridge.url).port;
    const token = tokenOf(bridge);
    const wrongToken = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect((await stage(bridge, bytes, headers, `/${wrongToken}/staged-files`)).status).toBe(403);
    expect((await stage(bridge, bytes, headers, '/staged-files')).status).toBe(403);
    expect((await stage(bridge, bytes, { ...headers, origin: 'https://evil.example' })).status).toBe(403);
    expect((await stage(bridge, bytes, { ...headers, host: `evil.example:${port}` })).status).toBe(403);
    // The encodings a cross-site form can send without asking are refused.
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json']) {
      expect((await stage(bridge, bytes, { ...headers, 'content-type': type })).status, type).toBe(415);
    }
    expect((await stage(bridge, bytes, { 'content-type': 'application/octet-stream' })).status).toBe(400);
    expect((await stage(bridge, bytes, { ...headers, 'x-file-name': '%E0%A4%A' })).status).toBe(400);
    expect((await send(bridge, `/${token}/staged-files`)).status).toBe(405);
    expect(api.staged).toHaveLength(1);
  });

  test('refuses a dropped file over 100 MB, by its declared length or as it streams', async () => {
    await open();
    const headers = { 'content-type': 'application/octet-stream', 'x-file-name': 'huge.pdf' };
    const declared = await stage(bridge, Buffer.from('x'), { ...headers, 'content-length': String(100 * 1024 * 1024 + 1) });
    expect(declared.status).toBe(413);

    const url = new URL(bridge.url);
    const status = await new Promise<number>((resolve, reject) => {
      // A fresh connection: the bridge closed the previous one, which a pooled socket would not know yet.
      const req = request(
        { host: '127.0.0.1', port: url.port, path: `/${tokenOf(bridge)}/staged-files`, method: 'POST', agent: false, headers: { host: url.host, ...headers } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The bridge may close the connection while the rest is still being written.
      req.on('error', () => undefined);
      const chunk = Buffer.alloc(1024 * 1024, 0x25);
      let sent = 0;
      const pump = () => {
        while (sent <= 101) {
          sent += 1;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
      setTimeout(() => reject(new Error('no answer to an oversized upload')), 20_000).unref();
    });
    expect(status).toBe(413);
    expect(api.staged).toEqual([]);
  });

  test('stands in for the native folder dialog with the folder it was given', async () => {
    await open({ chooseWatchedFolder: async () => '/srv/emr-export' });
    const reply = JSON.parse((await call(bridge, 'chooseWatchedFolder', [])).body) as { value: WatchedFolderView };
    expect(reply.value.path).toBe('/srv/emr-export');
    expect(api.calls).toEqual([{ method: 'setWatchedFolder', args: ['/srv/emr-export'] }]);
    await bridge.close();

    await open({ chooseWatchedFolder: async () => null });
    expect(JSON.parse((await call(bridge, 'chooseWatchedFolder', [])).body).value).toEqual(WATCHED);
    expect(api.calls.map((c) => c.method)).toEqual(['getWatchedFolder']);
  });

  test('stops answering once closed', async () => {
    await open();
    const path = new URL(bridge.url).pathname;
    await bridge.close();
    await expect(send(bridge, path)).rejects.toThrow(/ECONNREFUSED/);
  });
});
