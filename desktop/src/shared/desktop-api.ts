// The one API the app's screens use: what preload exposes as `window.renkei` in Electron, and
// what the development bridge carries over a loopback connection for browser tests. Implemented
// by the desktop core (src/core/renkei-core.ts). Pure types and plain data: no Node, no DOM, so
// every layer may import it. Dates are ISO 8601 strings so they cross IPC unchanged.

import type { DocumentMediaType, PersonName, RecordAuthorView, UserFacingError } from './record-values';
import type { EmergencyInfoApi, EmergencyInfoView } from './emergency-views';
import type { PhraseApi } from './phrase-views';
import type { AccessLogApi } from './access-log-views';
import type { FhirExportApi } from './fhir-export-views';
import type {
  AddMedicationInput,
  ChangeMedicationInput,
  MarkVitalSignsEnteredInErrorInput,
  MedicationView,
  RecordedVitalSigns,
  RecordVitalSignsInput,
  VitalSignsView,
} from './medication-views';
import type { TimelineApi, TimelineEvent } from './timeline-views';
import type { CoverageApi, CoverageView, InstructionInForceView, PatientListMarksView } from './coverage-views';
import type { ScreenLockApi, ScreenLockView } from './screen-lock-views';
import type { HospitalDataView } from './hospital-data-views';

export type {
  AddMedicationInput,
  ChangeMedicationInput,
  MedicationDetailsInput,
  MedicationView,
  RecordedVitalSigns,
  RecordVitalSignsInput,
  VitalSignsView,
  MarkVitalSignsEnteredInErrorInput,
  VitalSignsEnteredInError,
} from './medication-views';

export type { DocumentMediaType, FieldProblem, PersonName, RecordAuthorView, UserFacingError } from './record-values';
export type * from './coverage-views';
export type * from './hospital-data-views';

export type Locale = 'ja' | 'en';

export type DeviceView =
  | { state: 'not-enrolled' }
  | {
      state: 'pending' | 'approved' | 'revoked';
      serverAddress: string;
      deviceId: string;
      deviceName: string;
      facilityName: string;
      enrolledAt: string | null;
      /** False only when the server runs without WireGuard (demo): the UI must say so plainly. */
      tunnelRequired: boolean;
    };

export type TunnelPhase = 'not-used' | 'unconfigured' | 'down' | 'connecting' | 'up' | 'error';

export interface TunnelView {
  phase: TunnelPhase;
  lastHandshakeAt: string | null;
  rxBytes: number;
  txBytes: number;
  /** What went wrong, in the service's words (English); the UI shows its own text by phase. */
  error: string | null;
  /** The tunnel service is not installed or not running. */
  serviceUnreachable: boolean;
}

export interface UserView {
  id: string;
  loginId: string;
  name: PersonName;
  /** Profession enum name, e.g. PROFESSION_DOCTOR (labels in @renkei/proto labels). */
  profession: string;
  facilityName: string;
}

/** What a new password must be (the proto's PasswordRule; the renderer checks it with @renkei/proto/password-rule). */
export interface PasswordRule {
  minLength: number;
  /** Letters, digits and symbols must each appear. */
  mixedRequired: boolean;
}

export interface SessionView {
  user: UserView;
  expiresAt: string;
  /** True when the user unlocked the local cache without the server (offline). */
  offline: boolean;
  /**
   * An offline session goes online by itself when the server answers; null, unless the server then
   * refused it (the password was changed meanwhile, the account locked): the user must log in again.
   */
  loginAgain: UserFacingError | null;
  /** Minutes without input before the screen locks (the facility's setting, else 10). */
  idleLockMinutes: number;
  /** Set while the screen is locked: the screens then show the lock screen only. */
  locked: ScreenLockView | null;
  /**
   * The regional office asked for a new password: until it is changed (changePassword), the screens
   * show the password change alone and the server refuses every other call.
   */
  passwordChangeRequired: boolean;
  /** What a new password must be for this user (null offline: the server says it). */
  passwordRule: PasswordRule | null;
}

export interface SyncView {
  state: 'never' | 'idle' | 'syncing' | 'error';
  /** When the cache was last known to match the server. */
  lastSyncedAt: string | null;
  progress: { done: number; total: number } | null;
  error: UserFacingError | null;
}

export interface AppStatus {
  device: DeviceView;
  tunnel: TunnelView;
  session: SessionView | null;
  sync: SyncView;
  /** Whether the clinical API answered the last time it was asked. */
  online: boolean;
  /** Why the last session ended by itself (five wrong passwords on the lock screen), shown at the login; cleared by the next login. */
  sessionEnded: UserFacingError | null;
}

export interface PatientListItem {
  id: string;
  name: PersonName;
  birthDate: string;
  /** SEX_MALE, SEX_FEMALE, SEX_UNSPECIFIED */
  sex: string;
  /** CARE_LEVEL_* */
  careLevel: string;
  /** CARE_TEAM_ROLE_* of the logged-in user on this patient's team. */
  myRoles: string[];
  /** 地域患者番号 (0 in a cache written before the numbers: shown once synced again). */
  regionalNumber: number;
  /** Instruction ending or ended, certification ending: as of the day shown (coverage-views.ts). */
  marks: PatientListMarksView;
}

export interface CareTeamMemberView {
  userId: string;
  name: PersonName;
  profession: string;
  /** The member's office (what a consent limited to listed offices names). */
  facilityId: string;
  facilityName: string;
  facilityPhone: string;
  /** The office's 24-hour on-call number (24時間連絡先), '' when it has none. */
  facilityOnCallPhone: string;
  role: string;
  joinedAt: string | null;
  /** The member's own number (PHS, work mobile); '' when none is registered (or cached before it was sent). */
  contactPhone: string;
}

export interface PatientOverviewView {
  patient: PatientListItem & {
    postalCode: string;
    address: string;
    phone: string;
    keyPerson: string;
    /** When the regional office archived the patient: read-only, never kept on this PC. Null otherwise. */
    archivedAt: string | null;
  };
  careTeam: CareTeamMemberView[];
  allergies: { substance: string; reaction: string; severity: string; notedOn: string }[];
  diagnoses: { name: string; icd10Code: string; onsetDate: string; primary: boolean; note: string }[];
  updatedAt: string | null;
  /** Notes, documents, forms, expiring instructions and consent, as far as this user may see them. */
  chart: ChartView;
  /** What the team must know in an emergency; null when the user's role may not read it. */
  emergencyInfo: EmergencyInfoView | null;
  /** 保険・認定, when recorded and this user may read it. */
  coverage: CoverageView | null;
  /** The 訪問看護指示書 in force and its period, when there is one and this user may read it. */
  instructionInForce: InstructionInForceView | null;
  /** Current medications and the last 30 days of vital signs (newest first), as far as the role may read them. */
  medications: MedicationView[];
  recentVitalSigns: VitalSignsView[];
  /**
   * Hospital data (病院データ) imported from SS-MIX2, as far as the role may read it; null when the
   * patient is linked to no hospital. Shown beside the team's entries, never merged into them.
   */
  hospitalData: HospitalDataView | null;
  /** Where this came from, and how current it is. */
  source: 'server' | 'cache';
  asOf: string;
}

// ---- The shared chart (共有カルテ) ------------------------------------------------------------

/** Who wrote or filed something, as they were at the time (authenticity). */

export interface SoapText {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

export interface ProgressNoteView {
  noteId: string;
  version: number;
  soap: SoapText;
  /** When the visit or observation happened (ISO instant). */
  observedAt: string;
  status: 'current' | 'entered-in-error';
  /** Why this version replaced the previous one ('' for version 1). */
  correctionReason: string;
  author: RecordAuthorView;
  recordedAt: string;
  /** A newer version exists. */
  superseded: boolean;
}

export interface DocumentView {
  documentId: string;
  version: number;
  /** DOCUMENT_TYPE_* (labels in @renkei/proto labels) */
  documentType: string;
  title: string;
  fileName: string;
  mediaType: DocumentMediaType;
  size: number;
  sha256: string;
  pageCount: number;
  /** ISO dates, '' when not given. */
  issuedOn: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  note: string;
  uploadedBy: RecordAuthorView;
  uploadedAt: string;
  superseded: boolean;
}

/** A shared form (テンプレート); fields as in @renkei/proto template-forms. */
export interface FormView {
  formId: string;
  version: number;
  /** The form's newest version when this was read. */
  currentVersion: number;
  documentType: string;
  title: string;
  values: Record<string, unknown>;
  savedBy: RecordAuthorView;
  savedAt: string;
  basedOnVersion: number;
  finalised: boolean;
  finalisedBy: RecordAuthorView | null;
  finalisedAt: string | null;
}

export interface InstructionAlertView {
  /** One of the two is set. */
  documentId: string;
  formId: string;
  title: string;
  validUntil: string;
  expired: boolean;
  daysLeft: number;
}

export interface ConsentRecordView {
  id: string;
  obtainedOn: string;
  obtainedBy: string;
  /** CONSENT_SCOPE_* */
  scope: string;
  facilityNames: string[];
  formDocumentId: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
  withdrawnOn: string;
  withdrawalReason: string;
}

export interface ConsentView {
  shared: boolean;
  current: ConsentRecordView | null;
  history: ConsentRecordView[];
  registeredByFacilityName: string;
  /** The user may record or withdraw consent (the server's rule); false in the overview's copy, which has no caller. */
  callerMayRecord: boolean;
}

export interface RecordAccessView {
  /** DOCUMENT_TYPE_* or PROGRESS_NOTES */
  recordKind: string;
  canRead: boolean;
  canWrite: boolean;
}

export interface ChartView {
  latestNotes: ProgressNoteView[];
  documents: DocumentView[];
  forms: FormView[];
  instructionAlerts: InstructionAlertView[];
  consent: ConsentView | null;
  myAccess: RecordAccessView[];
}

export interface WriteNoteInput {
  patientId: string;
  soap: SoapText;
  /** ISO instant; omitted means now. */
  observedAt?: string;
}

export interface CorrectNoteInput {
  patientId: string;
  noteId: string;
  baseVersion: number;
  soap: SoapText;
  reason: string;
  /** ISO instant, when the note was dated wrongly; omitted keeps its observed time. */
  observedAt?: string;
}

export interface MarkNoteEnteredInErrorInput {
  patientId: string;
  noteId: string;
  baseVersion: number;
  reason: string;
}

/**
 * A file the user offered for filing, held by the core until it is uploaded or discarded: dropped
 * onto the window (the renderer never sees a path), or found in the watched folder.
 */
export interface StagedFileView {
  stagedFileId: string;
  fileName: string;
  size: number;
  origin: 'dropped' | 'watched-folder';
  /** ISO instant the file was found or dropped. */
  stagedAt: string;
}

/** A staged file's bytes, to preview it and read its text before it is filed. */
export interface StagedFileContent {
  fileName: string;
  /** From the file name. */
  mediaType: DocumentMediaType;
  bytes: Uint8Array;
}

export interface UploadDocumentInput {
  patientId: string;
  stagedFileId: string;
  /** DOCUMENT_TYPE_* */
  documentType: string;
  title: string;
  issuedOn: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  note: string;
  /** Set to file a new version of an existing document. */
  replacesDocumentId: string;
}

export interface UploadResult {
  document: DocumentView;
  /** The same file had already been filed by this upload (a retry): nothing was duplicated. */
  alreadyFiled: boolean;
}

export interface OpenedDocument {
  document: DocumentView;
  bytes: Uint8Array;
  /** 'cache' when read from this PC's encrypted document cache (e.g. offline). */
  source: 'server' | 'cache';
}

export interface CreateFormInput {
  patientId: string;
  documentType: string;
  title: string;
  values: Record<string, unknown>;
  /** The office the form goes to, one of the care team's (addresseeChoices); absent: the server's choice, if plain. */
  addresseeFacilityId?: string;
}

export interface SaveFormInput {
  patientId: string;
  formId: string;
  baseVersion: number;
  values: Record<string, unknown>;
  /** A finalised form is locked; true starts a new draft from it on purpose. */
  amendFinalised?: boolean;
}

export interface RecordConsentInput {
  patientId: string;
  obtainedOn: string;
  obtainedBy: string;
  /** CONSENT_SCOPE_* */
  scope: string;
  facilityIds: string[];
  formDocumentId: string;
  note: string;
}

export interface WithdrawConsentInput {
  patientId: string;
  withdrawnOn: string;
  reason: string;
}

export interface WatchedFolderView {
  /** null when this PC has no watched folder. */
  path: string | null;
  /** The PDFs waiting to be filed; empty while nobody is logged in (file names often name patients). */
  files: StagedFileView[];
  error: UserFacingError | null;
}

export interface PatientSearchResult {
  patients: PatientListItem[];
  /** When the cache these results come from was last synced. */
  asOf: string | null;
}

export interface ArchivedPatientSearchResult {
  patients: PatientListItem[];
}

export interface EnrollInput {
  serverAddress: string;
  enrollmentCode: string;
  deviceName: string;
}

export interface LoginInput {
  loginId: string;
  password: string;
}

// Two-factor login (issue 13): the password step may answer a prompt for the second step instead
// of a session; the session begins once the code (or a recovery code) is taken.
/** The password was right and a second step is due before the session begins. */
export interface SecondFactorPrompt {
  /** 'code': the authenticator's current code; 'setup': the user must set an authenticator up first. */
  secondFactor: 'code' | 'setup';
  /** The second step must be done by then; after it, the password again. */
  expiresAt: string;
}

export type LoginResult = SessionView | SecondFactorPrompt;

/** A new authenticator for the user's app: the QR code (an otpauth:// URI) and the same secret as text. */
export interface SecondFactorSetupView {
  otpauthUri: string;
  /** Base32, for typing into the app when the camera cannot be used. */
  secretBase32: string;
  /** The QR code as an SVG data: URL (the screens' CSP allows data: images). */
  qrCodeDataUrl: string;
}

export interface SecondFactorApi {
  /** The code step: exactly one of the authenticator's six digits and a recovery code. */
  verifySecondFactor(input: { code?: string; recoveryCode?: string }): Promise<SessionView>;
  beginSecondFactorSetup(): Promise<SecondFactorSetupView>;
  /** The first code puts the authenticator in force and answers the ten recovery codes, shown once. */
  confirmSecondFactorSetup(code: string): Promise<{ recoveryCodes: string[] }>;
  /** The user has saved the recovery codes: the session begins. */
  finishSecondFactorSetup(): Promise<SessionView>;
  /** Back to the password (the step's challenge is forgotten). */
  cancelSecondFactor(): Promise<void>;
}

// The signed-in user's own account (the 「アカウント」 screen): online only.
export interface AccountSecurityView {
  passwordRule: PasswordRule;
  /** null: not recorded (set before Renkei recorded it). */
  passwordChangedAt: string | null;
  passwordChangeRequired: boolean;
  /** An authenticator is in force: its code is asked at every login. */
  secondFactorEnabled: boolean;
  /** The region or the user's office requires two-factor login. */
  secondFactorRequired: boolean;
  recoveryCodesRemaining: number;
  sessionExpiresAt: string;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export interface AccountApi {
  getAccountSecurity(): Promise<AccountSecurityView>;
  /** Changes the password (ends the user's sessions on other PCs); the offline unlock follows the new one. */
  changePassword(input: ChangePasswordInput): Promise<SessionView>;
  /** A new authenticator by choice (or replacing the one in force, which works until the new one is confirmed). */
  beginAuthenticatorSetup(): Promise<SecondFactorSetupView>;
  /** The first code puts it in force: ten new recovery codes, shown once. */
  confirmAuthenticatorSetup(code: string): Promise<{ recoveryCodes: string[] }>;
  /** Ten new recovery codes after the password; the earlier ones stop working. */
  regenerateRecoveryCodes(currentPassword: string): Promise<{ recoveryCodes: string[] }>;
}

/** Events the core pushes to the screens. */
export type DesktopEvent =
  | { type: 'status'; status: AppStatus }
  | { type: 'upload-progress'; stagedFileId: string; sentBytes: number; totalBytes: number }
  | { type: 'watched-folder'; folder: WatchedFolderView }
  | TimelineEvent;

/** The app's API; the contact timeline's part is TimelineApi (timeline-views.ts). */
export interface DesktopApi
  extends TimelineApi, EmergencyInfoApi, PhraseApi, CoverageApi, AccessLogApi, FhirExportApi, SecondFactorApi, ScreenLockApi, AccountApi {
  getStatus(): Promise<AppStatus>;
  /** Registers this PC with a one-time code; resolves once the server has it (pending approval). */
  enroll(input: EnrollInput): Promise<AppStatus>;
  /** Asks the server whether this PC has been approved (or revoked), and acts on the answer. */
  refreshDevice(): Promise<AppStatus>;
  connectTunnel(): Promise<AppStatus>;
  disconnectTunnel(): Promise<AppStatus>;
  /** Online login; when the server cannot be reached, unlocks the cache of a user who logged in here before. */
  login(input: LoginInput): Promise<LoginResult>;
  logout(): Promise<void>;
  syncNow(): Promise<SyncView>;
  /** The user's patients from the cache; an empty query lists them all, in kana order. */
  searchPatients(query: string): Promise<PatientSearchResult>;
  /**
   * Archived patients matching the query that the user may still read (registered by their office,
   * with them on the team): asked of the server, online only, since no PC keeps them. An empty
   * query finds none.
   */
  searchArchivedPatients(query: string): Promise<ArchivedPatientSearchResult>;
  /** From the server when reachable (and cached), else from the cache. */
  getPatientOverview(patientId: string): Promise<PatientOverviewView>;

  // Progress notes (server only; the overview's latest notes are cached)
  listNotes(
    patientId: string,
    options?: { includeEnteredInError?: boolean; pageToken?: string },
  ): Promise<{ notes: ProgressNoteView[]; nextPageToken: string }>;
  getNoteHistory(patientId: string, noteId: string): Promise<ProgressNoteView[]>;
  writeNote(input: WriteNoteInput): Promise<ProgressNoteView>;
  correctNote(input: CorrectNoteInput): Promise<ProgressNoteView>;
  markNoteEnteredInError(input: MarkNoteEnteredInErrorInput): Promise<ProgressNoteView>;
  /** Records vital signs, with the note when given, in one action (server only). */
  recordVitalSigns(input: RecordVitalSignsInput): Promise<RecordedVitalSigns>;
  /** Adds a drug to the patient's list (server only; doctors and pharmacists, as the chart policy says). */
  addMedication(input: AddMedicationInput): Promise<MedicationView>;
  /** A new version of a drug entry: a changed dose, or stopped (stoppedOn set). Server only. */
  changeMedication(input: ChangeMedicationInput): Promise<MedicationView>;
  /** Every drug entry's current version, stopped ones too (服薬の履歴). Server only. */
  listAllMedications(patientId: string): Promise<MedicationView[]>;
  /** Every version of one drug entry, oldest first. Server only. */
  getMedicationHistory(patientId: string, medicationId: string): Promise<MedicationView[]>;
  /** The last 90 days of observations, newest first, those marked 入力誤り too (記録一覧). Server only. */
  listVitalSigns(patientId: string): Promise<VitalSignsView[]>;
  /** Marks an observation 入力誤り with the reason (its recorder only). Server only. */
  markVitalSignsEnteredInError(input: MarkVitalSignsEnteredInErrorInput): Promise<VitalSignsView>;

  // Documents
  listDocuments(patientId: string): Promise<DocumentView[]>;
  getDocumentHistory(patientId: string, documentId: string): Promise<DocumentView[]>;
  /** Streams a staged file to the server (progress as 'upload-progress' events); the staged file is released when filed. */
  uploadDocument(input: UploadDocumentInput): Promise<UploadResult>;
  /**
   * Forgets a staged file. One being uploaded is cancelled (uploadDocument rejects with
   * UPLOAD_CANCELLED; nothing is filed); a watched-folder file is not offered again until it changes.
   */
  discardStagedFile(stagedFileId: string): Promise<void>;
  /** The bytes of a staged file (a logged-in user's preview before filing); refused when it changed since it was staged. */
  readStagedFile(stagedFileId: string): Promise<StagedFileContent>;
  /**
   * From this PC's document cache when there, else from the server (and then cached). version 0:
   * current. Online the server is asked first which version that is and whether this user may
   * still read it (access is checked and logged there); only the bytes then come from the cache.
   */
  openDocument(patientId: string, documentId: string, version: number): Promise<OpenedDocument>;

  // The watched folder (optional per PC): PDFs a business system saves there are offered for filing.
  getWatchedFolder(): Promise<WatchedFolderView>;
  /** Lets the user pick the folder (a native dialog in the app); cancelling keeps the current one. */
  chooseWatchedFolder(): Promise<WatchedFolderView>;
  /** Turns the watched folder off (path null). */
  stopWatchingFolder(): Promise<WatchedFolderView>;

  // Shared forms
  listForms(patientId: string): Promise<FormView[]>;
  getForm(patientId: string, formId: string, version: number): Promise<FormView>;
  listFormVersions(patientId: string, formId: string): Promise<FormView[]>;
  createForm(input: CreateFormInput): Promise<FormView>;
  /** Rejects with reason TEMPLATE_VERSION_CONFLICT when someone saved first: fetch, merge, save again. */
  saveForm(input: SaveFormInput): Promise<FormView>;
  finaliseForm(patientId: string, formId: string, version: number): Promise<FormView>;
  renderFormPdf(patientId: string, formId: string, version: number): Promise<{ bytes: Uint8Array; fileName: string }>;

  // Consent (患者同意書)
  getConsentStatus(patientId: string): Promise<ConsentView>;
  recordConsent(input: RecordConsentInput): Promise<ConsentView>;
  withdrawConsent(input: WithdrawConsentInput): Promise<ConsentView>;

  onEvent(listener: (event: DesktopEvent) => void): () => void;
}

/**
 * What the core answers while the screen is locked: the status, the lock screen's own calls, the
 * device and the tunnel (no patient data in any), and logout. Every other call, and every call a
 * method added later makes, is refused with SCREEN_LOCKED (core/renkei-core.ts).
 */
export const CALLABLE_WHILE_LOCKED: ReadonlySet<string> = new Set([
  'getStatus',
  'refreshDevice',
  'connectTunnel',
  'disconnectTunnel',
  'logout',
  'syncNow',
  'reportActivity',
  'lockScreen',
  'unlockScreen',
  'switchUser',
]);

/** Method names callable across IPC or the bridge (everything but the event subscription). */
export const DESKTOP_API_METHODS = [
  'getStatus',
  'enroll',
  'refreshDevice',
  'connectTunnel',
  'disconnectTunnel',
  'login',
  'verifySecondFactor',
  'beginSecondFactorSetup',
  'confirmSecondFactorSetup',
  'finishSecondFactorSetup',
  'cancelSecondFactor',
  'getAccountSecurity',
  'changePassword',
  'beginAuthenticatorSetup',
  'confirmAuthenticatorSetup',
  'regenerateRecoveryCodes',
  'logout',
  'syncNow',
  'searchPatients',
  'searchArchivedPatients',
  'getPatientOverview',
  'listNotes',
  'getNoteHistory',
  'writeNote',
  'correctNote',
  'markNoteEnteredInError',
  'recordVitalSigns',
  'addMedication',
  'changeMedication',
  'listAllMedications',
  'getMedicationHistory',
  'listVitalSigns',
  'markVitalSignsEnteredInError',
  'listDocuments',
  'getDocumentHistory',
  'uploadDocument',
  'discardStagedFile',
  'readStagedFile',
  'openDocument',
  'getWatchedFolder',
  'chooseWatchedFolder',
  'stopWatchingFolder',
  'listForms',
  'getForm',
  'listFormVersions',
  'createForm',
  'saveForm',
  'finaliseForm',
  'renderFormPdf',
  'getConsentStatus',
  'recordConsent',
  'withdrawConsent',
  'listTimelines',
  'readTimeline',
  'writePost',
  'cancelPendingPost',
  'editPost',
  'retractPost',
  'markTimelineRead',
  'confirmPost',
  'getPostReaders',
  'promotePostsToNote',
  'openAttachment',
  'fileAttachment',
  'getNotificationSettings',
  'setNotificationSettings',
  'createGroup',
  'addGroupMember',
  'removeGroupMember',
  'listColleagues',
  'getEmergencyInfoHistory',
  'recordEmergencyInfo',
  'getCoverageHistory',
  'recordCoverage',
  'listPhrases',
  'createPhrase',
  'updatePhrase',
  'deletePhrase',
  'listPatientAccessLog',
  'reportActivity',
  'lockScreen',
  'unlockScreen',
  'switchUser',
  'saveAccessLogCsv',
  'saveFhirExport',
] as const satisfies readonly Exclude<keyof DesktopApi, 'onEvent'>[];

export type DesktopApiMethod = (typeof DESKTOP_API_METHODS)[number];

/**
 * What the screens hold besides the DesktopApi: handing a dropped file to the core. In the app the
 * preload resolves the File to its path (webUtils.getPathForFile) and stages it in the core; the
 * development bridge uploads the bytes instead. A page cannot forge a File with a path, so a
 * compromised renderer cannot make the core read arbitrary files.
 */
export interface DroppedFileStaging {
  stageDroppedFile(file: unknown): Promise<StagedFileView>;
}
