// The desktop core: everything the app does, in plain Node (it never imports electron). Electron's
// main process and the development bridge expose it to the screens as DesktopApi.
//
// The journey of a clinic PC, along which the core is split, one folder per step:
//   device/      enroll with a one-time code → wait for approval → the tunnel; revocation wipes the PC
//   connection/  the tunnel's state, whether calls get through, whether the server answered (online)
//   session/     users log in (sessions bound to this device), or unlock their cache offline
//   sync/        each user's overviews synced into an encrypted cache in the background
//   chart/       the overview and the shared chart: notes, documents, forms, consent
//   documents/   what waits to be filed (dropped files, the watched folder), the document cache
//   timeline/    the care team's contact timeline (在宅連絡帳): its cache, outbox and live stream
//
// This file is the composition root: it builds those parts, wires what one tells another (the
// device is revoked → the sessions, caches and staged files go; the tunnel is back → sync catches
// up; a session begins → sync starts, then the timeline's stream), and implements DesktopApi by
// delegating to them.
//
// While the screen is locked (session/, shared/screen-lock-views.ts) the core answers only the
// calls of CALLABLE_WHILE_LOCKED and refuses every other with SCREEN_LOCKED — by default, so a
// method added later is refused too — and tells the screens (and the main process's tray and
// notifications) nothing but the status. Sync, the outbox and the stream go on underneath.
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type {
  AppStatus,
  ConsentView,
  CorrectNoteInput,
  CreateFormInput,
  DesktopEvent,
  DocumentView,
  EnrollInput,
  FormView,
  LoginInput,
  LoginResult,
  SecondFactorSetupView,
  AccountSecurityView,
  ChangePasswordInput,
  MarkNoteEnteredInErrorInput,
  MarkVitalSignsEnteredInErrorInput,
  VitalSignsView,
  OpenedDocument,
  PatientOverviewView,
  PatientSearchResult,
  ArchivedPatientSearchResult,
  ProgressNoteView,
  RecordedVitalSigns,
  RecordVitalSignsInput,
  AddMedicationInput,
  MedicationView,
  ChangeMedicationInput,
  RecordConsentInput,
  SaveFormInput,
  SessionView,
  StagedFileContent,
  StagedFileView,
  SyncView,
  UploadDocumentInput,
  UploadResult,
  WatchedFolderView,
  WithdrawConsentInput,
  WriteNoteInput,
} from '../shared/desktop-api';
import type { CoverageView, RecordCoverageInput } from '../shared/coverage-views';
import type { EmergencyInfoView, RecordEmergencyInfoInput } from '../shared/emergency-views';
import type {
  ColleagueView,
  EditPostInput,
  FileAttachmentInput,
  GroupView,
  InboxView,
  NotificationSettings,
  OpenedAttachment,
  PostReaderView,
  PostView,
  SoapSectionName,
  TimelinePageView,
  TimelineRefView,
  WritePostInput,
} from '../shared/timeline-views';
import { ChartGateway } from './chart/chart-gateway';
import { PhraseGateway } from './phrases/phrase-gateway';
import type { CreatePhraseInput, PhraseListView, PhraseView, UpdatePhraseInput } from '../shared/phrase-views';
import type { AccessLogCsvSaved, AccessLogExportQuery, AccessLogPage, AccessLogQuery } from '../shared/access-log-views';
import type { FhirExportQuery, FhirExportSaved } from '../shared/fhir-export-views';
import { ServerConnection } from './connection/server-connection';
import type { ChooseSavePath, DesktopHost } from './desktop-host';
import { DeviceLifecycle } from './device/device-lifecycle';
import { DocumentIntake } from './documents/document-intake';
import { StagedFiles } from './documents/staged-files';
import type { WatchedFolderOptions } from './documents/watched-folder';
import { osKeychain, type Keychain } from './keychain/keychain';
import { CALLABLE_WHILE_LOCKED, DESKTOP_API_METHODS } from '../shared/desktop-api';
import { fail } from './desktop-error';
import { IdleLock } from './session/idle-lock';
import { SessionManager, type UserSession } from './session/session-manager';
import { LOCAL_ERRORS } from './user-messages';
import { SyncController } from './sync/sync-controller';
import { TimelineGateway } from './timeline/timeline-gateway';
import { TimelineSubscription } from './timeline/timeline-subscription';
import type { TunnelServiceClient } from './tunnel/tunnel-client';

interface RenkeiCoreOptions {
  /** The app's data directory (device record, per-user caches). */
  dataDir: string;
  /** The privileged tunnel service; null on a machine that runs without it (the demo). */
  tunnel: TunnelServiceClient | null;
  keychain?: Keychain;
  /** How often a logged-in session syncs in the background. */
  syncIntervalMs?: number;
  /** The most each user's document cache keeps (default 200 MB). */
  documentCacheBytes?: number;
  /** How often an offline session tries the server besides when the tunnel comes up (default 5 s; tests shorten it). */
  offlineRetryMs?: number;
  /** Timings of the watched folder (tests shorten them). */
  watchedFolder?: WatchedFolderOptions;
  now?: () => Date;
}

export class RenkeiCore implements DesktopHost {
  private readonly listeners = new Set<(event: DesktopEvent) => void>();
  private readonly device: DeviceLifecycle;
  private readonly connection: ServerConnection;
  private readonly sessions: SessionManager;
  private readonly sync: SyncController;
  private readonly intake: DocumentIntake;
  private readonly chart: ChartGateway;
  private readonly phrases: PhraseGateway;
  private readonly timeline: TimelineGateway;
  private readonly subscription: TimelineSubscription;
  private readonly idle: IdleLock;
  private stopWatchingTunnel: (() => void) | undefined;

  private constructor(
    private readonly options: RenkeiCoreOptions,
    staged: StagedFiles,
    now: () => Date,
  ) {
    this.refuseWhileLocked();
    const keychain = options.keychain ?? osKeychain();
    // A change in any part is one status event for the screens.
    const changed = () => this.emit();
    // The parts tell one another through these callbacks, some naming parts built further down:
    // none runs before start() has built them all.
    this.device = new DeviceLifecycle(options.dataDir, keychain, options.tunnel, {
      changed,
      tunnelState: (state) => this.connection.tunnelChanged(state),
      routeChanged: () => this.connection.reconnect(),
      wipe: () => this.wipe(),
    });
    this.connection = new ServerConnection(this.device, options.tunnel !== null, {
      changed,
      tunnelCameUp: () => {
        void this.sessions.reconnectOffline();
        this.sync.catchUp();
        this.subscription.reconnectNow();
        void this.timeline.outbox.flush();
      },
      revoked: () => this.device.revoked(),
      unreachable: (wasOnline) => this.sync.checkRevocation(wasOnline),
      // The server answers again (its health check, or any call): an offline session logs in, an
      // online one catches up, and what waited for the server (the outbox) goes.
      backOnline: () => {
        void this.sessions.reconnectOffline();
        this.sync.catchUp();
        void this.timeline.outbox.flush();
      },
    });
    const sessionOptions = { dataDir: options.dataDir, keychain, documentCacheBytes: options.documentCacheBytes, now, offlineRetryMs: options.offlineRetryMs };
    this.sessions = new SessionManager(sessionOptions, this.connection, {
      changed,
      began: (session) => {
        this.idle.restart(session.idleLockMinutes);
        this.intake.changed();
        this.sync.sessionBegan(session);
        session.timeline.prune(now());
        if (!session.offline) void this.afterFirstSync(session);
      },
      ended: () => {
        this.idle.stop();
        this.intake.sessionEnded();
        this.subscription.stop();
      },
    });
    this.idle = new IdleLock(() => void this.sessions.lock());
    this.sync = new SyncController({ intervalMs: options.syncIntervalMs ?? 60_000, now }, this.sessions, this.connection, () => this.device.refresh(), {
      changed,
      patientsRemoved: (session, patientIds) => this.timeline.patientsLeft(session, patientIds),
      // A phrase an office colleague added on another PC is in this PC's offline list after the next sync.
      synced: (session) => this.phrases.refreshCache(session, this.connection.clinical().chart),
    });
    this.intake = new DocumentIntake(
      options.dataDir,
      staged,
      this.sessions,
      (folder) => this.publish({ type: 'watched-folder', folder }),
      options.watchedFolder,
    );
    this.chart = new ChartGateway(this.sessions, this.connection, this.intake, (event) => this.publish(event), now);
    this.phrases = new PhraseGateway(this.sessions, this.connection);
    this.timeline = new TimelineGateway(this.sessions, this.connection, staged, (change) => this.publish({ type: 'timeline', change }), now);
    this.subscription = new TimelineSubscription(
      this.connection,
      {
        change: (change) => this.publish({ type: 'timeline', change }),
        notify: (notification) => this.publish({ type: 'notification', notification }),
        // The overview cache follows within a second instead of at the next interval.
        overviewsChanged: () => void this.sync.syncNow().catch(() => undefined),
        refreshInbox: async (session) => void (await this.timeline.refreshInbox(session, this.connection.clinical().timeline)),
        connected: () => void this.timeline.outbox.flush(),
      },
      now,
    );
  }

  /**
   * Every call a renderer can make (DesktopApi) and the host's staging calls, but those of
   * CALLABLE_WHILE_LOCKED, first checks the lock: one place, whatever a method does inside.
   */
  private refuseWhileLocked(): void {
    const methods: string[] = [...DESKTOP_API_METHODS, 'stageFile', 'stageBytes', 'setWatchedFolder'];
    const self = this as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of methods) {
      if (CALLABLE_WHILE_LOCKED.has(method)) continue;
      const run = self[method]!;
      self[method] = async (...args: unknown[]) => {
        if (this.sessions.current?.locked) fail(LOCAL_ERRORS.screenLocked);
        return run.apply(this, args);
      };
    }
  }

  /** The stream starts once the session's first sync has run (the patients it names are then cached); then the outbox goes. */
  private async afterFirstSync(session: UserSession): Promise<void> {
    await this.sync.syncNow().catch(() => undefined);
    if (this.sessions.current !== session) return;
    this.subscription.start(session);
    await this.timeline.outbox.flush();
  }

  static async start(options: RenkeiCoreOptions): Promise<RenkeiCore> {
    const now = options.now ?? (() => new Date());
    const core = new RenkeiCore(options, await StagedFiles.open(options.dataDir, now), now);
    await core.intake.start();
    await core.device.load();
    if (options.tunnel) {
      core.stopWatchingTunnel = options.tunnel.watchState((state) => core.connection.tunnelChanged(state), {
        onError: (error) => {
          if (error.unreachable) core.connection.tunnelServiceUnreachable();
        },
      });
    }
    await core.device.connectAtStart();
    core.connection.startProbing();
    if (core.device.approved) await core.sessions.restore();
    return core;
  }

  async stop(): Promise<void> {
    this.idle.stop();
    this.stopWatchingTunnel?.();
    this.subscription.stop();
    await this.sync.stop();
    await this.intake.close();
    this.sessions.close();
    this.connection.close();
    this.options.tunnel?.close();
  }

  /** Everything of the region leaves this PC but its registration (revocation, re-enrollment). */
  private async wipe(): Promise<void> {
    this.subscription.stop();
    await this.sessions.forgetAll();
    this.sync.reset();
    this.connection.forget();
    await this.intake.releaseAll();
  }

  // ---- status and events ----

  onEvent(listener: (event: DesktopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getStatus(): Promise<AppStatus> {
    return this.status();
  }

  private status(): AppStatus {
    return {
      device: this.device.view(),
      tunnel: this.connection.tunnelView,
      session: this.sessions.view(),
      sync: this.sync.view,
      // An offline session is offline even while the server answers (until it logs in by itself, or
      // the user must): the banner and the status bar never say online over read-only screens.
      online: this.connection.online && this.sessions.current?.offline !== true,
      sessionEnded: this.sessions.sessionEnded,
    };
  }

  private emit(): void {
    this.publish({ type: 'status', status: this.status() });
  }

  private publish(event: DesktopEvent): void {
    // Locked: no post, notification, chart change or file goes out; the screens read afresh on unlock.
    if (this.sessions.current?.locked && event.type !== 'status') return;
    for (const listener of this.listeners) listener(event);
  }

  // ---- the device ----

  async enroll(input: EnrollInput): Promise<AppStatus> {
    await this.device.enroll(input);
    return this.status();
  }

  async refreshDevice(): Promise<AppStatus> {
    await this.device.refresh();
    return this.status();
  }

  async connectTunnel(): Promise<AppStatus> {
    await this.device.connectTunnel();
    return this.status();
  }

  async disconnectTunnel(): Promise<AppStatus> {
    await this.device.disconnectTunnel();
    return this.status();
  }

  // ---- sessions and sync ----

  login(input: LoginInput): Promise<LoginResult> {
    return this.sessions.login(input);
  }

  verifySecondFactor(input: { code?: string; recoveryCode?: string }): Promise<SessionView> {
    return this.sessions.verifySecondFactor(input);
  }

  beginSecondFactorSetup(): Promise<SecondFactorSetupView> {
    return this.sessions.beginSecondFactorSetup();
  }

  confirmSecondFactorSetup(code: string): Promise<{ recoveryCodes: string[] }> {
    return this.sessions.confirmSecondFactorSetup(code);
  }

  finishSecondFactorSetup(): Promise<SessionView> {
    return this.sessions.finishSecondFactorSetup();
  }

  async cancelSecondFactor(): Promise<void> {
    this.sessions.cancelSecondFactor();
  }

  // ---- the user's own account ----

  getAccountSecurity(): Promise<AccountSecurityView> {
    return this.sessions.accountSecurity();
  }

  changePassword(input: ChangePasswordInput): Promise<SessionView> {
    return this.sessions.changePassword(input);
  }

  beginAuthenticatorSetup(): Promise<SecondFactorSetupView> {
    return this.sessions.beginAuthenticatorSetup();
  }

  confirmAuthenticatorSetup(code: string): Promise<{ recoveryCodes: string[] }> {
    return this.sessions.confirmAuthenticatorSetup(code);
  }

  regenerateRecoveryCodes(currentPassword: string): Promise<{ recoveryCodes: string[] }> {
    return this.sessions.regenerateRecoveryCodes(currentPassword);
  }

  async logout(): Promise<void> {
    await this.sessions.logout();
    this.sync.reset();
    this.emit();
  }

  syncNow(): Promise<SyncView> {
    return this.sync.syncNow();
  }

  // ---- the screen lock ----

  async reportActivity(): Promise<void> {
    const session = this.sessions.current;
    // Input behind the lock screen (typing the password) does not count: the lock holds until unlocked.
    if (session && !session.locked) this.idle.restart(session.idleLockMinutes);
  }

  lockScreen(): Promise<void> {
    return this.sessions.lock();
  }

  async unlockScreen(password: string): Promise<void> {
    const wasLocked = this.sessions.current?.locked != null;
    try {
      await this.sessions.unlock(password);
    } finally {
      // Five wrong passwords ended the session: what a logout resets goes too.
      if (!this.sessions.current) this.sync.reset();
    }
    const session = this.sessions.current;
    if (wasLocked && session) this.idle.restart(session.idleLockMinutes);
  }

  /** The locked user's session ends as a logout does (the server's too when it answers); their caches and outbox stay. */
  switchUser(): Promise<void> {
    return this.logout();
  }

  // ---- the patient's record ----

  searchPatients(query: string): Promise<PatientSearchResult> {
    return this.chart.searchPatients(query);
  }

  searchArchivedPatients(query: string): Promise<ArchivedPatientSearchResult> {
    return this.chart.searchArchivedPatients(query);
  }

  getPatientOverview(patientId: string): Promise<PatientOverviewView> {
    return this.chart.getPatientOverview(patientId);
  }

  listNotes(
    patientId: string,
    options?: { includeEnteredInError?: boolean; pageToken?: string },
  ): Promise<{ notes: ProgressNoteView[]; nextPageToken: string }> {
    return this.chart.listNotes(patientId, options);
  }

  getEmergencyInfoHistory(patientId: string): Promise<EmergencyInfoView[]> {
    return this.chart.getEmergencyInfoHistory(patientId);
  }

  recordEmergencyInfo(input: RecordEmergencyInfoInput): Promise<EmergencyInfoView> {
    return this.chart.recordEmergencyInfo(input);
  }

  getCoverageHistory(patientId: string): Promise<CoverageView[]> {
    return this.chart.getCoverageHistory(patientId);
  }

  recordCoverage(input: RecordCoverageInput): Promise<CoverageView> {
    return this.chart.recordCoverage(input);
  }

  listPatientAccessLog(query: AccessLogQuery): Promise<AccessLogPage> {
    return this.chart.listPatientAccessLog(query);
  }

  /** The core has no window to show a save dialog in: Electron main (or the bridge) calls saveAccessLogCsvTo. */
  async saveAccessLogCsv(_query: AccessLogExportQuery): Promise<AccessLogCsvSaved> {
    fail(LOCAL_ERRORS.saveDialogUnavailable);
  }

  /**
   * Fetches the CSV first (the server checks who may and records the export), then asks where to
   * save it, and writes it there. Cancelling the dialog writes nothing; the export stays recorded,
   * as the log did reach this PC.
   */
  async saveAccessLogCsvTo(query: AccessLogExportQuery, choosePath: ChooseSavePath): Promise<AccessLogCsvSaved> {
    const exported = await this.chart.exportPatientAccessLog(query);
    const path = await choosePath(exported.fileName);
    if (path === null) return { saved: false, fileName: exported.fileName, rows: exported.rows };
    try {
      await writeFile(path, exported.csv);
    } catch (error) {
      fail(LOCAL_ERRORS.fileNotWritable(basename(path), (error as NodeJS.ErrnoException).code ?? ''));
    }
    return { saved: true, fileName: basename(path), rows: exported.rows };
  }

  /** As saveAccessLogCsv: Electron main (or the bridge) calls saveFhirExportTo with its save dialog. */
  async saveFhirExport(_query: FhirExportQuery): Promise<FhirExportSaved> {
    fail(LOCAL_ERRORS.saveDialogUnavailable);
  }

  /** Fetches the FHIR JSON first (the server checks and records the export), then asks where to save it. */
  async saveFhirExportTo(query: FhirExportQuery, choosePath: ChooseSavePath): Promise<FhirExportSaved> {
    const exported = await this.chart.exportFhir(query);
    const path = await choosePath(exported.fileName);
    if (path === null) return { saved: false, fileName: exported.fileName };
    try {
      await writeFile(path, exported.json);
    } catch (error) {
      fail(LOCAL_ERRORS.fileNotWritable(basename(path), (error as NodeJS.ErrnoException).code ?? ''));
    }
    return { saved: true, fileName: basename(path) };
  }

  // ---- 定型文 ----

  listPhrases(): Promise<PhraseListView> {
    return this.phrases.listPhrases();
  }

  createPhrase(input: CreatePhraseInput): Promise<PhraseView> {
    return this.phrases.createPhrase(input);
  }

  updatePhrase(input: UpdatePhraseInput): Promise<PhraseView> {
    return this.phrases.updatePhrase(input);
  }

  deletePhrase(phraseId: string): Promise<void> {
    return this.phrases.deletePhrase(phraseId);
  }

  getNoteHistory(patientId: string, noteId: string): Promise<ProgressNoteView[]> {
    return this.chart.getNoteHistory(patientId, noteId);
  }

  writeNote(input: WriteNoteInput): Promise<ProgressNoteView> {
    return this.chart.writeNote(input);
  }

  recordVitalSigns(input: RecordVitalSignsInput): Promise<RecordedVitalSigns> {
    return this.chart.recordVitalSigns(input);
  }

  addMedication(input: AddMedicationInput): Promise<MedicationView> {
    return this.chart.addMedication(input);
  }

  changeMedication(input: ChangeMedicationInput): Promise<MedicationView> {
    return this.chart.changeMedication(input);
  }

  listAllMedications(patientId: string): Promise<MedicationView[]> {
    return this.chart.listAllMedications(patientId);
  }

  getMedicationHistory(patientId: string, medicationId: string): Promise<MedicationView[]> {
    return this.chart.getMedicationHistory(patientId, medicationId);
  }

  listVitalSigns(patientId: string): Promise<VitalSignsView[]> {
    return this.chart.listVitalSigns(patientId);
  }

  markVitalSignsEnteredInError(input: MarkVitalSignsEnteredInErrorInput): Promise<VitalSignsView> {
    return this.chart.markVitalSignsEnteredInError(input);
  }

  correctNote(input: CorrectNoteInput): Promise<ProgressNoteView> {
    return this.chart.correctNote(input);
  }

  markNoteEnteredInError(input: MarkNoteEnteredInErrorInput): Promise<ProgressNoteView> {
    return this.chart.markNoteEnteredInError(input);
  }

  listDocuments(patientId: string): Promise<DocumentView[]> {
    return this.chart.listDocuments(patientId);
  }

  getDocumentHistory(patientId: string, documentId: string): Promise<DocumentView[]> {
    return this.chart.getDocumentHistory(patientId, documentId);
  }

  uploadDocument(input: UploadDocumentInput): Promise<UploadResult> {
    return this.chart.uploadDocument(input);
  }

  openDocument(patientId: string, documentId: string, version: number): Promise<OpenedDocument> {
    return this.chart.openDocument(patientId, documentId, version);
  }

  listForms(patientId: string): Promise<FormView[]> {
    return this.chart.listForms(patientId);
  }

  getForm(patientId: string, formId: string, version: number): Promise<FormView> {
    return this.chart.getForm(patientId, formId, version);
  }

  listFormVersions(patientId: string, formId: string): Promise<FormView[]> {
    return this.chart.listFormVersions(patientId, formId);
  }

  createForm(input: CreateFormInput): Promise<FormView> {
    return this.chart.createForm(input);
  }

  saveForm(input: SaveFormInput): Promise<FormView> {
    return this.chart.saveForm(input);
  }

  finaliseForm(patientId: string, formId: string, version: number): Promise<FormView> {
    return this.chart.finaliseForm(patientId, formId, version);
  }

  renderFormPdf(patientId: string, formId: string, version: number): Promise<{ bytes: Uint8Array; fileName: string }> {
    return this.chart.renderFormPdf(patientId, formId, version);
  }

  getConsentStatus(patientId: string): Promise<ConsentView> {
    return this.chart.getConsentStatus(patientId);
  }

  recordConsent(input: RecordConsentInput): Promise<ConsentView> {
    return this.chart.recordConsent(input);
  }

  withdrawConsent(input: WithdrawConsentInput): Promise<ConsentView> {
    return this.chart.withdrawConsent(input);
  }

  // ---- what waits to be filed ----

  stageFile(path: string): Promise<StagedFileView> {
    return this.intake.stagePath(path);
  }

  stageBytes(fileName: string, body: AsyncIterable<Uint8Array>): Promise<StagedFileView> {
    return this.intake.stageBytes(fileName, body);
  }

  readStagedFile(stagedFileId: string): Promise<StagedFileContent> {
    return this.intake.read(stagedFileId);
  }

  discardStagedFile(stagedFileId: string): Promise<void> {
    return this.intake.discard(stagedFileId);
  }

  async getWatchedFolder(): Promise<WatchedFolderView> {
    return this.intake.view();
  }

  async chooseWatchedFolder(): Promise<WatchedFolderView> {
    this.intake.chooseFolder();
  }

  setWatchedFolder(path: string | null): Promise<WatchedFolderView> {
    return this.intake.setFolder(path);
  }

  stopWatchingFolder(): Promise<WatchedFolderView> {
    return this.intake.setFolder(null);
  }

  // ---- the contact timeline (在宅連絡帳) ----

  listTimelines(): Promise<InboxView> {
    return this.timeline.listTimelines();
  }

  readTimeline(timeline: TimelineRefView, options?: { beforeSeq?: number }): Promise<TimelinePageView> {
    return this.timeline.readTimeline(timeline, options);
  }

  writePost(input: WritePostInput): Promise<PostView> {
    return this.timeline.writePost(input);
  }

  cancelPendingPost(clientRequestId: string): Promise<void> {
    return this.timeline.cancelPendingPost(clientRequestId);
  }

  editPost(input: EditPostInput): Promise<PostView> {
    return this.timeline.editPost(input);
  }

  retractPost(timeline: TimelineRefView, postId: string, baseVersion: number): Promise<PostView> {
    return this.timeline.retractPost(timeline, postId, baseVersion);
  }

  markTimelineRead(timeline: TimelineRefView, upTo: number): Promise<void> {
    return this.timeline.markTimelineRead(timeline, upTo);
  }

  confirmPost(timeline: TimelineRefView, postId: string): Promise<PostView> {
    return this.timeline.confirmPost(timeline, postId);
  }

  getPostReaders(timeline: TimelineRefView, postId: string): Promise<PostReaderView[]> {
    return this.timeline.getPostReaders(timeline, postId);
  }

  promotePostsToNote(patientId: string, postIds: string[], section: SoapSectionName): Promise<{ noteId: string; alreadyPromoted: boolean }> {
    return this.timeline.promotePostsToNote(patientId, postIds, section);
  }

  openAttachment(timeline: TimelineRefView, postId: string, attachmentId: string): Promise<OpenedAttachment> {
    return this.timeline.openAttachment(timeline, postId, attachmentId);
  }

  fileAttachment(input: FileAttachmentInput): Promise<{ documentId: string; alreadyFiled: boolean }> {
    return this.timeline.fileAttachment(input);
  }

  getNotificationSettings(): Promise<NotificationSettings> {
    return this.timeline.getNotificationSettings();
  }

  setNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
    return this.timeline.setNotificationSettings(settings);
  }

  createGroup(title: string): Promise<GroupView> {
    return this.timeline.createGroup(title);
  }

  addGroupMember(groupId: string, userId: string): Promise<GroupView> {
    return this.timeline.addGroupMember(groupId, userId);
  }

  removeGroupMember(groupId: string, userId: string): Promise<GroupView> {
    return this.timeline.removeGroupMember(groupId, userId);
  }

  listColleagues(): Promise<ColleagueView[]> {
    return this.timeline.listColleagues();
  }
}
