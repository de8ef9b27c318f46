// DesktopApi over the development bridge (src/dev-bridge), for working on the screens in a plain
// browser and testing them with Playwright. The bridge serves this page under a secret path
// (/<token>/), so every request made relative to the page carries the token; calls are JSON POSTs
// to api/<method>, and core events arrive as Server-Sent Events from events. Bytes in a result
// (a document, a rendered PDF) arrive as base64 with their paths listed, and become Uint8Arrays
// again here. A dropped file's bytes are posted to staged-files (there is no path in a browser).
// The wire format is defined by src/dev-bridge/dev-bridge.ts; the renderer cannot import it.
import { isBinaryPaths, restoreBinary } from '../../shared/binary-values';
import type { DesktopApi, DesktopApiMethod, DesktopEvent, DroppedFileStaging, StagedFileView, UserFacingError } from '../../shared/desktop-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import { isUserFacingError } from '../../shared/desktop-api-error';

type Envelope = { ok: true; value?: unknown; binary?: unknown } | { ok: false; error: UserFacingError };

const bridgeUnreachable = (): DesktopApiError => new DesktopApiError(BRIDGE_UNREACHABLE);

const BRIDGE_UNREACHABLE: UserFacingError = {
  reason: 'DEV_BRIDGE_UNREACHABLE',
  message: {
    ja: '開発用ブリッジに接続できません。ブリッジを起動し直し、表示されたURLを開いてください。',
    en: 'The development bridge cannot be reached. Restart it and open the URL it prints.',
  },
};

const DROPPED_NOT_A_FILE: UserFacingError = {
  reason: 'DROPPED_FILE_UNREADABLE',
  message: {
    ja: 'ドロップされたものをファイルとして読み取れません。エクスプローラーなどから、PCに保存されたファイルをドロップしてください。',
    en: 'What was dropped cannot be read as a file. Drop a file saved on this PC, from Explorer or a similar window.',
  },
};

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true || (value.ok === false && 'error' in value && isUserFacingError(value.error));
}

/** The envelope's value, its bytes restored; a failure as DesktopApiError. */
function unwrap(body: unknown): unknown {
  if (!isEnvelope(body)) throw bridgeUnreachable();
  if (!body.ok) throw new DesktopApiError(body.error);
  if (body.binary === undefined) return body.value;
  if (!isBinaryPaths(body.binary)) throw bridgeUnreachable();
  try {
    return restoreBinary(body.value, body.binary);
  } catch {
    throw bridgeUnreachable();
  }
}

async function post(url: URL, init: { headers: Record<string, string>; body: BodyInit }): Promise<unknown> {
  let body: unknown;
  try {
    const response = await fetch(url, { method: 'POST', cache: 'no-store', ...init });
    body = await response.json();
  } catch {
    throw bridgeUnreachable();
  }
  return unwrap(body);
}

export function connectDevBridge(pageBase: URL): DesktopApi & DroppedFileStaging {
  async function call<M extends DesktopApiMethod>(method: M, ...args: Parameters<DesktopApi[M]>): Promise<Awaited<ReturnType<DesktopApi[M]>>> {
    // JSON has no undefined: an omitted optional argument must not arrive as null.
    const sent: unknown[] = [...args];
    while (sent.length > 0 && sent.at(-1) === undefined) sent.pop();
    const value = await post(new URL(`api/${method}`, pageBase), { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ args: sent }) });
    return value as Awaited<ReturnType<DesktopApi[M]>>;
  }

  /** The browser cannot give the core a path: the file's bytes go to the bridge instead. */
  async function stageDroppedFile(file: unknown): Promise<StagedFileView> {
    if (!(file instanceof File)) throw new DesktopApiError(DROPPED_NOT_A_FILE);
    const value = await post(new URL('staged-files', pageBase), {
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
      body: file,
    });
    return value as StagedFileView;
  }

  const listeners = new Set<(event: DesktopEvent) => void>();
  let source: EventSource | null = null;

  // One stream for all listeners, open only while someone listens; EventSource reconnects by itself.
  function openEvents(): void {
    source = new EventSource(new URL('events', pageBase));
    source.onmessage = (message: MessageEvent<string>) => {
      let event: DesktopEvent;
      try {
        event = JSON.parse(message.data) as DesktopEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
  }

  return {
    getStatus: () => call('getStatus'),
    enroll: (input) => call('enroll', input),
    refreshDevice: () => call('refreshDevice'),
    connectTunnel: () => call('connectTunnel'),
    disconnectTunnel: () => call('disconnectTunnel'),
    login: (input) => call('login', input),
    verifySecondFactor: (input) => call('verifySecondFactor', input),
    beginSecondFactorSetup: () => call('beginSecondFactorSetup'),
    confirmSecondFactorSetup: (code) => call('confirmSecondFactorSetup', code),
    finishSecondFactorSetup: () => call('finishSecondFactorSetup'),
    cancelSecondFactor: () => call('cancelSecondFactor'),
    getAccountSecurity: () => call('getAccountSecurity'),
    changePassword: (input) => call('changePassword', input),
    beginAuthenticatorSetup: () => call('beginAuthenticatorSetup'),
    confirmAuthenticatorSetup: (code) => call('confirmAuthenticatorSetup', code),
    regenerateRecoveryCodes: (currentPassword) => call('regenerateRecoveryCodes', currentPassword),
    logout: () => call('logout'),
    reportActivity: () => call('reportActivity'),
    lockScreen: () => call('lockScreen'),
    unlockScreen: (password) => call('unlockScreen', password),
    switchUser: () => call('switchUser'),
    syncNow: () => call('syncNow'),
    searchPatients: (query) => call('searchPatients', query),
    searchArchivedPatients: (query) => call('searchArchivedPatients', query),
    getPatientOverview: (patientId) => call('getPatientOverview', patientId),
    listNotes: (patientId, options) => call('listNotes', patientId, options),
    getNoteHistory: (patientId, noteId) => call('getNoteHistory', patientId, noteId),
    writeNote: (input) => call('writeNote', input),
    correctNote: (input) => call('correctNote', input),
    recordVitalSigns: (input) => call('recordVitalSigns', input),
    addMedication: (input) => call('addMedication', input),
    changeMedication: (input) => call('changeMedication', input),
    listAllMedications: (patientId) => call('listAllMedications', patientId),
    getMedicationHistory: (patientId, medicationId) => call('getMedicationHistory', patientId, medicationId),
    listVitalSigns: (patientId) => call('listVitalSigns', patientId),
    markVitalSignsEnteredInError: (input) => call('markVitalSignsEnteredInError', input),
    markNoteEnteredInError: (input) => call('markNoteEnteredInError', input),
    listDocuments: (patientId) => call('listDocuments', patientId),
    getDocumentHistory: (patientId, documentId) => call('getDocumentHistory', patientId, documentId),
    uploadDocument: (input) => call('uploadDocument', input),
    discardStagedFile: (stagedFileId) => call('discardStagedFile', stagedFileId),
    readStagedFile: (stagedFileId) => call('readStagedFile', stagedFileId),
    openDocument: (patientId, documentId, version) => call('openDocument', patientId, documentId, version),
    getWatchedFolder: () => call('getWatchedFolder'),
    chooseWatchedFolder: () => call('chooseWatchedFolder'),
    stopWatchingFolder: () => call('stopWatchingFolder'),
    listForms: (patientId) => call('listForms', patientId),
    getForm: (patientId, formId, version) => call('getForm', patientId, formId, version),
    listFormVersions: (patientId, formId) => call('listFormVersions', patientId, formId),
    createForm: (input) => call('createForm', input),
    saveForm: (input) => call('saveForm', input),
    finaliseForm: (patientId, formId, version) => call('finaliseForm', patientId, formId, version),
    renderFormPdf: (patientId, formId, version) => call('renderFormPdf', patientId, formId, version),
    getConsentStatus: (patientId) => call('getConsentStatus', patientId),
    getEmergencyInfoHistory: (patientId) => call('getEmergencyInfoHistory', patientId),
    recordEmergencyInfo: (input) => call('recordEmergencyInfo', input),
    getCoverageHistory: (patientId) => call('getCoverageHistory', patientId),
    recordCoverage: (input) => call('recordCoverage', input),
    listPhrases: () => call('listPhrases'),
    listPatientAccessLog: (query) => call('listPatientAccessLog', query),
    saveAccessLogCsv: (query) => call('saveAccessLogCsv', query),
    saveFhirExport: (query) => call('saveFhirExport', query),
    createPhrase: (input) => call('createPhrase', input),
    updatePhrase: (input) => call('updatePhrase', input),
    deletePhrase: (phraseId) => call('deletePhrase', phraseId),
    recordConsent: (input) => call('recordConsent', input),
    withdrawConsent: (input) => call('withdrawConsent', input),
    listTimelines: () => call('listTimelines'),
    readTimeline: (timeline, options) => call('readTimeline', timeline, options),
    writePost: (input) => call('writePost', input),
    cancelPendingPost: (clientRequestId) => call('cancelPendingPost', clientRequestId),
    editPost: (input) => call('editPost', input),
    retractPost: (timeline, postId, baseVersion) => call('retractPost', timeline, postId, baseVersion),
    markTimelineRead: (timeline, upTo) => call('markTimelineRead', timeline, upTo),
    confirmPost: (timeline, postId) => call('confirmPost', timeline, postId),
    getPostReaders: (timeline, postId) => call('getPostReaders', timeline, postId),
    promotePostsToNote: (patientId, postIds, section) => call('promotePostsToNote', patientId, postIds, section),
    openAttachment: (timeline, postId, attachmentId) => call('openAttachment', timeline, postId, attachmentId),
    fileAttachment: (input) => call('fileAttachment', input),
    getNotificationSettings: () => call('getNotificationSettings'),
    setNotificationSettings: (settings) => call('setNotificationSettings', settings),
    createGroup: (title) => call('createGroup', title),
    addGroupMember: (groupId, userId) => call('addGroupMember', groupId, userId),
    removeGroupMember: (groupId, userId) => call('removeGroupMember', groupId, userId),
    listColleagues: () => call('listColleagues'),
    stageDroppedFile,
    onEvent(listener) {
      listeners.add(listener);
      if (source === null) openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source !== null) {
          source.close();
          source = null;
        }
      };
    },
  };
}
