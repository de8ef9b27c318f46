// The one API the app's screens use: what preload exposes as `window.renkei` in Electron, and
// what the development bridge carries over a loopback connection for browser tests. Implemented
// by the desktop core (src/core/renkei-core.ts). Pure types and plain data: no Node, no DOM, so
// every layer may import it. Dates are ISO 8601 strings so they cross IPC unchanged.

export type Locale = 'ja' | 'en';

/** A failure the user can act on: a stable reason and the words for it in both languages. */
export interface UserFacingError {
  reason: string;
  message: { ja: string; en: string };
  /** Which input field was wrong, when the server said so. */
  fields?: { field: string; description: string }[];
}

export interface PersonName {
  family: string;
  given: string;
  familyKana: string;
  givenKana: string;
}

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

export interface SessionView {
  user: UserView;
  expiresAt: string;
  /** True when the user unlocked the local cache without the server (offline). */
  offline: boolean;
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
}

export interface CareTeamMemberView {
  userId: string;
  name: PersonName;
  profession: string;
  facilityName: string;
  facilityPhone: string;
  role: string;
  joinedAt: string | null;
}

export interface PatientOverviewView {
  patient: PatientListItem & { postalCode: string; address: string; phone: string; keyPerson: string };
  careTeam: CareTeamMemberView[];
  allergies: { substance: string; reaction: string; severity: string; notedOn: string }[];
  diagnoses: { name: string; icd10Code: string; onsetDate: string; primary: boolean; note: string }[];
  updatedAt: string | null;
  /** Where this came from, and how current it is. */
  source: 'server' | 'cache';
  asOf: string;
}

export interface PatientSearchResult {
  patients: PatientListItem[];
  /** When the cache these results come from was last synced. */
  asOf: string | null;
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

/** Events the core pushes to the screens. */
export type DesktopEvent = { type: 'status'; status: AppStatus };

export interface DesktopApi {
  getStatus(): Promise<AppStatus>;
  /** Registers this PC with a one-time code; resolves once the server has it (pending approval). */
  enroll(input: EnrollInput): Promise<AppStatus>;
  /** Asks the server whether this PC has been approved (or revoked), and acts on the answer. */
  refreshDevice(): Promise<AppStatus>;
  connectTunnel(): Promise<AppStatus>;
  disconnectTunnel(): Promise<AppStatus>;
  /** Online login; when the server cannot be reached, unlocks the cache of a user who logged in here before. */
  login(input: LoginInput): Promise<SessionView>;
  logout(): Promise<void>;
  syncNow(): Promise<SyncView>;
  /** The user's patients from the cache; an empty query lists them all, in kana order. */
  searchPatients(query: string): Promise<PatientSearchResult>;
  /** From the server when reachable (and cached), else from the cache. */
  getPatientOverview(patientId: string): Promise<PatientOverviewView>;
  onEvent(listener: (event: DesktopEvent) => void): () => void;
}

/** Method names callable across IPC or the bridge (everything but the event subscription). */
export const DESKTOP_API_METHODS = [
  'getStatus',
  'enroll',
  'refreshDevice',
  'connectTunnel',
  'disconnectTunnel',
  'login',
  'logout',
  'syncNow',
  'searchPatients',
  'getPatientOverview',
] as const satisfies readonly Exclude<keyof DesktopApi, 'onEvent'>[];

export type DesktopApiMethod = (typeof DESKTOP_API_METHODS)[number];
