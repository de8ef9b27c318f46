// The DesktopApi of a core running in another process (clinic-host.ts), over its stdin/stdout.
// Failures arrive as DesktopApiError, exactly as from a core in this process; bytes in a result
// (a document, a rendered PDF) arrive as base64 and are Buffers (Uint8Arrays) again here. It is a
// DesktopHost too, so the development bridge can stage dropped files and set the watched folder.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DesktopHost } from '../src/core/desktop-host';
import { isBinaryPaths, restoreBinary } from '../src/shared/binary-values';
import type { DesktopApi, DesktopEvent, UserFacingError } from '../src/shared/desktop-api';
import { DesktopApiError } from '../src/shared/desktop-api-error';

export class RemoteDesktopApi implements DesktopHost {
  private nextId = 1;
  private exited: string | undefined;
  private readonly pending = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();
  private readonly listeners = new Set<(event: DesktopEvent) => void>();

  constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let message: { id?: number; result?: unknown; binary?: unknown; error?: UserFacingError; event?: DesktopEvent };
      try {
        message = JSON.parse(line);
      } catch {
        return; // not ours: a library printing to stdout
      }
      if (message.event) {
        for (const listener of this.listeners) listener(message.event);
        return;
      }
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new DesktopApiError(message.error));
      else if (isBinaryPaths(message.binary)) waiter.resolve(restoreBinary(message.result, message.binary, (text) => Buffer.from(text, 'base64')));
      else waiter.resolve(message.result);
    });
    child.stdin!.on('error', () => undefined);
    child.once('exit', (code, signal) => {
      this.exited = `the clinic's desktop core exited (${code ?? signal})`;
      for (const waiter of this.pending.values()) waiter.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  /** Any method of the clinic host, DesktopApi or probe. */
  call<T = any>(method: string, ...args: unknown[]): Promise<T> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, method, args })}\n`);
    });
  }

  onEvent(listener: (event: DesktopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getStatus: DesktopApi['getStatus'] = () => this.call('getStatus');
  enroll: DesktopApi['enroll'] = (input) => this.call('enroll', input);
  refreshDevice: DesktopApi['refreshDevice'] = () => this.call('refreshDevice');
  connectTunnel: DesktopApi['connectTunnel'] = () => this.call('connectTunnel');
  disconnectTunnel: DesktopApi['disconnectTunnel'] = () => this.call('disconnectTunnel');
  login: DesktopApi['login'] = (input) => this.call('login', input);
  verifySecondFactor: DesktopApi['verifySecondFactor'] = (input) => this.call('verifySecondFactor', input);
  beginSecondFactorSetup: DesktopApi['beginSecondFactorSetup'] = () => this.call('beginSecondFactorSetup');
  confirmSecondFactorSetup: DesktopApi['confirmSecondFactorSetup'] = (code) => this.call('confirmSecondFactorSetup', code);
  finishSecondFactorSetup: DesktopApi['finishSecondFactorSetup'] = () => this.call('finishSecondFactorSetup');
  cancelSecondFactor: DesktopApi['cancelSecondFactor'] = () => this.call('cancelSecondFactor');
  getAccountSecurity: DesktopApi['getAccountSecurity'] = () => this.call('getAccountSecurity');
  changePassword: DesktopApi['changePassword'] = (input) => this.call('changePassword', input);
  beginAuthenticatorSetup: DesktopApi['beginAuthenticatorSetup'] = () => this.call('beginAuthenticatorSetup');
  confirmAuthenticatorSetup: DesktopApi['confirmAuthenticatorSetup'] = (code) => this.call('confirmAuthenticatorSetup', code);
  regenerateRecoveryCodes: DesktopApi['regenerateRecoveryCodes'] = (currentPassword) => this.call('regenerateRecoveryCodes', currentPassword);
  logout: DesktopApi['logout'] = () => this.call('logout');
  reportActivity: DesktopApi['reportActivity'] = () => this.call('reportActivity');
  lockScreen: DesktopApi['lockScreen'] = () => this.call('lockScreen');
  unlockScreen: DesktopApi['unlockScreen'] = (password) => this.call('unlockScreen', password);
  switchUser: DesktopApi['switchUser'] = () => this.call('switchUser');
  syncNow: DesktopApi['syncNow'] = () => this.call('syncNow');
  searchPatients: DesktopApi['searchPatients'] = (query) => this.call('searchPatients', query);
  searchArchivedPatients: DesktopApi['searchArchivedPatients'] = (query) => this.call('searchArchivedPatients', query);
  getPatientOverview: DesktopApi['getPatientOverview'] = (patientId) => this.call('getPatientOverview', patientId);
  listNotes: DesktopApi['listNotes'] = (patientId, options) => this.call('listNotes', patientId, ...(options === undefined ? [] : [options]));
  getNoteHistory: DesktopApi['getNoteHistory'] = (patientId, noteId) => this.call('getNoteHistory', patientId, noteId);
  writeNote: DesktopApi['writeNote'] = (input) => this.call('writeNote', input);
  correctNote: DesktopApi['correctNote'] = (input) => this.call('correctNote', input);
  recordVitalSigns: DesktopApi['recordVitalSigns'] = (input) => this.call('recordVitalSigns', input);
  addMedication: DesktopApi['addMedication'] = (input) => this.call('addMedication', input);
  changeMedication: DesktopApi['changeMedication'] = (input) => this.call('changeMedication', input);
  listAllMedications: DesktopApi['listAllMedications'] = (patientId) => this.call('listAllMedications', patientId);
  getMedicationHistory: DesktopApi['getMedicationHistory'] = (patientId, medicationId) => this.call('getMedicationHistory', patientId, medicationId);
  listVitalSigns: DesktopApi['listVitalSigns'] = (patientId) => this.call('listVitalSigns', patientId);
  markVitalSignsEnteredInError: DesktopApi['markVitalSignsEnteredInError'] = (input) => this.call('markVitalSignsEnteredInError', input);
  markNoteEnteredInError: DesktopApi['markNoteEnteredInError'] = (input) => this.call('markNoteEnteredInError', input);
  listDocuments: DesktopApi['listDocuments'] = (patientId) => this.call('listDocuments', patientId);
  getDocumentHistory: DesktopApi['getDocumentHistory'] = (patientId, documentId) => this.call('getDocumentHistory', patientId, documentId);
  uploadDocument: DesktopApi['uploadDocument'] = (input) => this.call('uploadDocument', input);
  discardStagedFile: DesktopApi['discardStagedFile'] = (stagedFileId) => this.call('discardStagedFile', stagedFileId);
  readStagedFile: DesktopApi['readStagedFile'] = (stagedFileId) => this.call('readStagedFile', stagedFileId);
  openDocument: DesktopApi['openDocument'] = (patientId, documentId, version) => this.call('openDocument', patientId, documentId, version);
  getWatchedFolder: DesktopApi['getWatchedFolder'] = () => this.call('getWatchedFolder');
  chooseWatchedFolder: DesktopApi['chooseWatchedFolder'] = () => this.call('chooseWatchedFolder');
  stopWatchingFolder: DesktopApi['stopWatchingFolder'] = () => this.call('stopWatchingFolder');
  listForms: DesktopApi['listForms'] = (patientId) => this.call('listForms', patientId);
  getForm: DesktopApi['getForm'] = (patientId, formId, version) => this.call('getForm', patientId, formId, version);
  listFormVersions: DesktopApi['listFormVersions'] = (patientId, formId) => this.call('listFormVersions', patientId, formId);
  createForm: DesktopApi['createForm'] = (input) => this.call('createForm', input);
  saveForm: DesktopApi['saveForm'] = (input) => this.call('saveForm', input);
  finaliseForm: DesktopApi['finaliseForm'] = (patientId, formId, version) => this.call('finaliseForm', patientId, formId, version);
  renderFormPdf: DesktopApi['renderFormPdf'] = (patientId, formId, version) => this.call('renderFormPdf', patientId, formId, version);
  getConsentStatus: DesktopApi['getConsentStatus'] = (patientId) => this.call('getConsentStatus', patientId);
  getEmergencyInfoHistory: DesktopApi['getEmergencyInfoHistory'] = (patientId) => this.call('getEmergencyInfoHistory', patientId);
  recordEmergencyInfo: DesktopApi['recordEmergencyInfo'] = (input) => this.call('recordEmergencyInfo', input);
  getCoverageHistory: DesktopApi['getCoverageHistory'] = (patientId) => this.call('getCoverageHistory', patientId);
  recordCoverage: DesktopApi['recordCoverage'] = (input) => this.call('recordCoverage', input);
  listPhrases: DesktopApi['listPhrases'] = () => this.call('listPhrases');
  createPhrase: DesktopApi['createPhrase'] = (input) => this.call('createPhrase', input);
  updatePhrase: DesktopApi['updatePhrase'] = (input) => this.call('updatePhrase', input);
  deletePhrase: DesktopApi['deletePhrase'] = (phraseId) => this.call('deletePhrase', phraseId);
  listPatientAccessLog: DesktopApi['listPatientAccessLog'] = (query) => this.call('listPatientAccessLog', query);
  saveAccessLogCsv: DesktopApi['saveAccessLogCsv'] = (query) => this.call('saveAccessLogCsv', query);
  /** The path is chosen here (a function cannot cross the pipe); the core in the clinic host writes the file. */
  saveAccessLogCsvTo: DesktopHost['saveAccessLogCsvTo'] = async (query, choosePath) => {
    const path = await choosePath('access-log.csv');
    if (path === null) return { saved: false, fileName: 'access-log.csv', rows: 0 };
    return this.call('saveAccessLogCsvAt', query, path);
  };
  saveFhirExport: DesktopApi['saveFhirExport'] = (query) => this.call('saveFhirExport', query);
  /** As saveAccessLogCsvTo: the path is chosen here, the core in the clinic host writes the file. */
  saveFhirExportTo: DesktopHost['saveFhirExportTo'] = async (query, choosePath) => {
    const path = await choosePath('fhir.json');
    if (path === null) return { saved: false, fileName: 'fhir.json' };
    return this.call('saveFhirExportAt', query, path);
  };
  recordConsent: DesktopApi['recordConsent'] = (input) => this.call('recordConsent', input);
  withdrawConsent: DesktopApi['withdrawConsent'] = (input) => this.call('withdrawConsent', input);
  listTimelines: DesktopApi['listTimelines'] = () => this.call('listTimelines');
  readTimeline: DesktopApi['readTimeline'] = (timeline, options) => this.call('readTimeline', timeline, ...(options === undefined ? [] : [options]));
  writePost: DesktopApi['writePost'] = (input) => this.call('writePost', input);
  cancelPendingPost: DesktopApi['cancelPendingPost'] = (clientRequestId) => this.call('cancelPendingPost', clientRequestId);
  editPost: DesktopApi['editPost'] = (input) => this.call('editPost', input);
  retractPost: DesktopApi['retractPost'] = (timeline, postId, baseVersion) => this.call('retractPost', timeline, postId, baseVersion);
  markTimelineRead: DesktopApi['markTimelineRead'] = (timeline, upTo) => this.call('markTimelineRead', timeline, upTo);
  confirmPost: DesktopApi['confirmPost'] = (timeline, postId) => this.call('confirmPost', timeline, postId);
  getPostReaders: DesktopApi['getPostReaders'] = (timeline, postId) => this.call('getPostReaders', timeline, postId);
  promotePostsToNote: DesktopApi['promotePostsToNote'] = (patientId, postIds, section) => this.call('promotePostsToNote', patientId, postIds, section);
  openAttachment: DesktopApi['openAttachment'] = (timeline, postId, attachmentId) => this.call('openAttachment', timeline, postId, attachmentId);
  fileAttachment: DesktopApi['fileAttachment'] = (input) => this.call('fileAttachment', input);
  getNotificationSettings: DesktopApi['getNotificationSettings'] = () => this.call('getNotificationSettings');
  setNotificationSettings: DesktopApi['setNotificationSettings'] = (settings) => this.call('setNotificationSettings', settings);
  createGroup: DesktopApi['createGroup'] = (title) => this.call('createGroup', title);
  addGroupMember: DesktopApi['addGroupMember'] = (groupId, userId) => this.call('addGroupMember', groupId, userId);
  removeGroupMember: DesktopApi['removeGroupMember'] = (groupId, userId) => this.call('removeGroupMember', groupId, userId);
  listColleagues: DesktopApi['listColleagues'] = () => this.call('listColleagues');

  stageFile: DesktopHost['stageFile'] = (path) => this.call('stageFile', path);
  setWatchedFolder: DesktopHost['setWatchedFolder'] = (path) => this.call('setWatchedFolder', path);
  /** The bytes go over the pipe as base64 in one line (the bridge has already bounded their size). */
  stageBytes: DesktopHost['stageBytes'] = async (fileName, body) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return this.call('stageBytes', fileName, Buffer.concat(chunks).toString('base64'));
  };
}
