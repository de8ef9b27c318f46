// The desktop core: everything the app does, in plain Node (it never imports electron). Electron's
// main process and the development bridge expose it to the screens as DesktopApi.
//
// The journey of a clinic PC: enroll with a one-time code (the region's CA pinned from the code) →
// wait for approval → the tunnel service brings WireGuard up → users log in (sessions bound to
// this device) → each user's overviews are synced into an encrypted cache, read from there when
// the network is down → if the device is revoked, its tunnel, keys and cached data are removed.
// The shared chart: notes, documents (filed from dropped files or the watched folder, kept for
// offline reading once opened), forms and consent, all through the server while online.
//
// A facade: the work is done in focused modules (api/, cache/, chart/, documents/, sync/).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, platform } from 'node:os';
import { join } from 'node:path';
import { EnrollmentCodeFormatError, describeError, parseEnrollmentCode } from '@renkei/proto';
import { generateKeyPair } from '@renkei/proto/wireguard';
import type { DeviceStatus__Output } from '@renkei/proto/generated/renkei/v1/DeviceStatus';
import type { ConsentScopeName, DocumentTypeName } from '@renkei/proto/labels';
import type {
  AppStatus,
  ConsentView,
  CorrectNoteInput,
  CreateFormInput,
  DesktopEvent,
  DeviceView,
  DocumentView,
  EnrollInput,
  FormView,
  LoginInput,
  MarkNoteEnteredInErrorInput,
  OpenedDocument,
  PatientOverviewView,
  PatientSearchResult,
  ProgressNoteView,
  RecordConsentInput,
  SaveFormInput,
  SessionView,
  StagedFileView,
  SyncView,
  TunnelView,
  UploadDocumentInput,
  UploadResult,
  UserView,
  WatchedFolderView,
  WithdrawConsentInput,
  WriteNoteInput,
} from '../shared/desktop-api';
import { DesktopApiError } from '../shared/desktop-api-error';
import { ApiError, SERVER_UNREACHABLE } from './api/api-error';
import type { ChartApi } from './api/chart-api';
import { ClinicalApi } from './api/clinical-api';
import { EnrollmentApi } from './api/enrollment-api';
import { CACHE_KEY_BYTES } from './cache/sealed-rows';
import { overviewFromMessage } from './cache/overview-mapping';
import { PatientCache } from './cache/patient-cache';
import { consentView, documentView, formView, noteView } from './chart/chart-views';
import { WriteRequests } from './chart/write-requests';
import { fail, toDesktopError } from './desktop-error';
import type { DesktopHost } from './desktop-host';
import { fetchPinnedCa, splitHostPort } from './device/ca-bootstrap';
import { DeviceRecordStore, type DeviceRecord } from './device/device-record';
import { DeviceSettingsStore } from './device/device-settings';
import { DocumentCache } from './documents/document-cache';
import { fileStagedDocument } from './documents/document-filing';
import { openDocumentOffline, openDocumentOnline } from './documents/document-opening';
import { StagedFiles } from './documents/staged-files';
import { WatchedFolder, checkFolder, type WatchedFolderOptions } from './documents/watched-folder';
import { KeychainAccount, osKeychain, type Keychain } from './keychain/keychain';
import { makeVerifier, verifierMatches } from './session/offline-unlock';
import { syncCache } from './sync/sync-engine';
import type { TunnelServiceClient } from './tunnel/tunnel-client';
import type { TunnelState } from './tunnel/tunnel-state';
import { LOCAL_ERRORS } from './user-messages';

export const DEFAULT_ENROLLMENT_PORT = 7443;

export interface RenkeiCoreOptions {
  /** The app's data directory (device record, per-user caches). */
  dataDir: string;
  /** The privileged tunnel service; null on a machine that runs without it (the demo). */
  tunnel: TunnelServiceClient | null;
  keychain?: Keychain;
  /** How often a logged-in session syncs in the background. */
  syncIntervalMs?: number;
  /** The most each user's document cache keeps (default 200 MB). */
  documentCacheBytes?: number;
  /** Timings of the watched folder (tests shorten them). */
  watchedFolder?: WatchedFolderOptions;
  now?: () => Date;
}

interface ActiveSession {
  token: string | null;
  user: UserView;
  expiresAt: string;
}

interface KnownUser {
  userId: string;
  user: UserView;
}

const NO_TUNNEL: TunnelView = { phase: 'not-used', lastHandshakeAt: null, rxBytes: 0, txBytes: 0, error: null, serviceUnreachable: false };
const NEVER_SYNCED: SyncView = { state: 'never', lastSyncedAt: null, progress: null, error: null };
// When the clinical API stops answering, ask the public enrollment listener whether this device
// was revoked, at most this often.
const REVOCATION_CHECK_INTERVAL_MS = 60_000;

export class RenkeiCore implements DesktopHost {
  private readonly keychain: Keychain;
  private readonly records: DeviceRecordStore;
  private readonly settings: DeviceSettingsStore;
  private readonly now: () => Date;
  private readonly writeRequests: WriteRequests;
  private staged!: StagedFiles;
  private watched!: WatchedFolder;
  private documents: DocumentCache | undefined;
  private readonly listeners = new Set<(event: DesktopEvent) => void>();
  private device: DeviceRecord | undefined;
  private deviceSecret: string | undefined;
  private clinical: ClinicalApi | undefined;
  private session: (ActiveSession & { offline: boolean }) | undefined;
  private cache: PatientCache | undefined;
  private tunnelView: TunnelView;
  private syncView: SyncView = NEVER_SYNCED;
  private online = false;
  private syncing: Promise<SyncView> | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private stopWatchingTunnel: (() => void) | undefined;
  private lastRevocationCheck = 0;

  private constructor(private readonly options: RenkeiCoreOptions) {
    this.keychain = options.keychain ?? osKeychain();
    this.records = new DeviceRecordStore(options.dataDir);
    this.settings = new DeviceSettingsStore(options.dataDir);
    this.now = options.now ?? (() => new Date());
    this.writeRequests = new WriteRequests(this.now);
    this.tunnelView = options.tunnel ? { ...NO_TUNNEL, phase: 'down' } : NO_TUNNEL;
  }

  static async start(options: RenkeiCoreOptions): Promise<RenkeiCore> {
    mkdirSync(join(options.dataDir, 'caches'), { recursive: true, mode: 0o700 });
    const core = new RenkeiCore(options);
    core.staged = await StagedFiles.open(options.dataDir, core.now);
    core.watched = new WatchedFolder(core.staged, () => core.publishWatchedFolder(), options.watchedFolder);
    const folder = core.settings.read().watchedFolder;
    // A folder that is gone at start is shown as such (and looked for again), not forgotten.
    if (folder) await core.watched.watch(folder);
    core.device = core.records.read();
    if (core.device) core.deviceSecret = (await core.keychain.get(KeychainAccount.deviceSecret(core.device.deviceId))) ?? undefined;
    if (options.tunnel) {
      core.stopWatchingTunnel = options.tunnel.watchState((state) => core.onTunnelState(state), {
        onError: (error) => {
          if (!error.unreachable) return;
          core.tunnelView = { ...core.tunnelView, serviceUnreachable: true };
          core.emit();
        },
      });
    }
    if (core.device?.state === 'approved' && core.device.tunnelRequired && options.tunnel) {
      await options.tunnel.connect().catch(() => undefined);
    }
    await core.restoreSession();
    return core;
  }

  async stop(): Promise<void> {
    clearInterval(this.syncTimer);
    this.stopWatchingTunnel?.();
    await this.syncing?.catch(() => undefined);
    await this.watched.close();
    // Bytes the development bridge staged are patients' documents in the clear: not left behind.
    await this.staged.releaseAll();
    this.cache?.close();
    this.documents?.close();
    this.clinical?.close();
    this.options.tunnel?.close();
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
      device: this.deviceView(),
      tunnel: this.tunnelView,
      session: this.sessionView(),
      sync: this.syncView,
      online: this.online,
    };
  }

  private emit(): void {
    this.publish({ type: 'status', status: this.status() });
  }

  private publish(event: DesktopEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private publishWatchedFolder(): void {
    this.publish({ type: 'watched-folder', folder: this.watchedFolderView() });
  }

  private deviceView(): DeviceView {
    const d = this.device;
    if (!d) return { state: 'not-enrolled' };
    return {
      state: d.state,
      serverAddress: d.serverAddress,
      deviceId: d.deviceId,
      deviceName: d.deviceName,
      facilityName: d.facilityName,
      enrolledAt: d.enrolledAt,
      tunnelRequired: d.tunnelRequired,
    };
  }

  private sessionView(): SessionView | null {
    return this.session ? { user: this.session.user, expiresAt: this.session.expiresAt, offline: this.session.offline } : null;
  }

  private onTunnelState(state: TunnelState): void {
    const wasUp = this.tunnelView.phase === 'up';
    this.tunnelView = {
      phase: state.phase,
      lastHandshakeAt: state.lastHandshakeAt?.toISOString() ?? null,
      rxBytes: state.rxBytes,
      txBytes: state.txBytes,
      error: state.error || null,
      serviceUnreachable: false,
    };
    if (state.phase !== 'up' && this.device?.tunnelRequired) this.online = false;
    if (!wasUp && state.phase === 'up') {
      // A connection opened before the tunnel went down may hang until keepalive notices: start
      // afresh, and catch up with what changed meanwhile.
      this.clinical?.close();
      this.clinical = undefined;
      if (this.session?.token) {
        this.clinicalApi().setSession(this.session.token);
        void this.syncNow().catch(() => undefined);
      }
    }
    this.emit();
  }

  // ---- enrollment ----

  async enroll(input: EnrollInput): Promise<AppStatus> {
    if (this.device && this.device.state !== 'revoked') fail(LOCAL_ERRORS.alreadyEnrolled);
    const deviceName = input.deviceName.trim();
    if (!deviceName) fail(LOCAL_ERRORS.deviceNameRequired);
    let code;
    try {
      code = parseEnrollmentCode(input.enrollmentCode);
    } catch (error) {
      if (error instanceof EnrollmentCodeFormatError) {
        const metadata = error.detail;
        fail({ reason: 'ENROLLMENT_CODE_MALFORMED', message: { ja: describeError('ENROLLMENT_CODE_MALFORMED', metadata, 'ja'), en: describeError('ENROLLMENT_CODE_MALFORMED', metadata, 'en') } });
      }
      throw error;
    }
    let server;
    try {
      server = splitHostPort(input.serverAddress.trim(), DEFAULT_ENROLLMENT_PORT);
    } catch {
      fail(LOCAL_ERRORS.invalidServerAddress);
    }
    const serverAddress = `${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
    try {
      const caPem = await fetchPinnedCa(server.host, server.port, code.caPin);
      // Re-enrolling after a revocation starts from nothing, the old tunnel key included.
      if (this.device) await this.forgetEverything();
      // The private key stays in the tunnel service; only the public key goes to the server. A
      // machine without the service (the demo) registers a key it will never use.
      const publicKey = this.options.tunnel ? await this.options.tunnel.getDeviceKey() : generateKeyPair().publicKey;
      const api = new EnrollmentApi(serverAddress, caPem);
      try {
        const response = await api.enroll({ enrollmentCode: code.text, wireguardPublicKey: publicKey, deviceName, hostname: hostname(), platform: platform() });
        const status = response.status!;
        await this.keychain.set(KeychainAccount.deviceSecret(status.deviceId), response.deviceSecret);
        this.deviceSecret = response.deviceSecret;
        this.device = {
          serverAddress,
          deviceId: status.deviceId,
          deviceName: status.deviceName,
          facilityName: status.facilityName,
          caPem,
          state: 'pending',
          enrolledAt: status.enrolledAt ? new Date(Number(status.enrolledAt.seconds) * 1000).toISOString() : null,
          clinicalApiAddress: null,
          tunnelRequired: true,
        };
        this.records.write(this.device);
        await this.applyDeviceStatus(status);
      } finally {
        api.close();
      }
    } catch (error) {
      throw toDesktopError(error);
    }
    this.emit();
    return this.status();
  }

  async refreshDevice(): Promise<AppStatus> {
    const { device, secret } = this.requireDevice();
    const api = new EnrollmentApi(device.serverAddress, device.caPem);
    try {
      await this.applyDeviceStatus(await api.deviceStatus({ deviceId: device.deviceId, secret }));
    } catch (error) {
      throw toDesktopError(error);
    } finally {
      api.close();
    }
    this.emit();
    return this.status();
  }

  private requireDevice(): { device: DeviceRecord; secret: string } {
    if (!this.device || !this.deviceSecret) fail(LOCAL_ERRORS.notEnrolled);
    if (this.device.state === 'revoked') fail(LOCAL_ERRORS.revoked);
    return { device: this.device, secret: this.deviceSecret };
  }

  private async applyDeviceStatus(status: DeviceStatus__Output): Promise<void> {
    const device = this.device!;
    if (status.state === 'DEVICE_STATE_REVOKED') return this.onRevoked();
    if (status.state !== 'DEVICE_STATE_APPROVED') return;
    const tunnel = status.tunnel;
    const clinicalApiAddress = tunnel ? tunnel.clinicalApiAddress : status.untunneledClinicalApiAddress;
    // Only a new approval (or a new route) brings the tunnel up here; a tunnel the user took down
    // stays down when the status is merely checked again.
    if (device.state !== 'approved' || device.clinicalApiAddress !== clinicalApiAddress) {
      if (tunnel) {
        if (!this.options.tunnel) fail(LOCAL_ERRORS.tunnelServiceUnreachable);
        await this.options.tunnel.configure(tunnel);
        this.onTunnelState(await this.options.tunnel.connect());
      }
      this.device = { ...device, state: 'approved', clinicalApiAddress, tunnelRequired: tunnel !== null };
      this.records.write(this.device);
      this.clinical?.close();
      this.clinical = undefined;
    }
  }

  /** The device was revoked: nothing of the region may stay on this PC. */
  private async onRevoked(): Promise<void> {
    await this.forgetEverything();
    if (this.device) {
      this.device = { ...this.device, state: 'revoked', clinicalApiAddress: null };
      this.records.write(this.device);
    }
    this.emit();
  }

  /** Removes sessions, caches, cache keys, the device secret and the tunnel's key and configuration. */
  private async forgetEverything(): Promise<void> {
    this.endLocalSession();
    clearInterval(this.syncTimer);
    this.clinical?.close();
    this.clinical = undefined;
    await this.options.tunnel?.forget().catch(() => undefined);
    for (const known of Object.values(this.knownUsers())) await this.keychain.delete(KeychainAccount.cacheKey(known.userId));
    await this.keychain.delete(KeychainAccount.session);
    if (this.device) await this.keychain.delete(KeychainAccount.deviceSecret(this.device.deviceId));
    await this.staged.releaseAll();
    rmSync(join(this.options.dataDir, 'caches'), { recursive: true, force: true });
    mkdirSync(join(this.options.dataDir, 'caches'), { recursive: true, mode: 0o700 });
    rmSync(this.knownUsersFile, { force: true });
    this.deviceSecret = undefined;
    this.syncView = NEVER_SYNCED;
    this.online = false;
  }

  async connectTunnel(): Promise<AppStatus> {
    if (this.options.tunnel && this.device?.tunnelRequired) {
      try {
        this.onTunnelState(await this.options.tunnel.connect());
      } catch (error) {
        throw toDesktopError(error);
      }
    }
    return this.status();
  }

  async disconnectTunnel(): Promise<AppStatus> {
    if (this.options.tunnel) {
      try {
        this.onTunnelState(await this.options.tunnel.disconnect());
      } catch (error) {
        throw toDesktopError(error);
      }
    }
    return this.status();
  }

  /** Whether a call to the clinical API can get through at all right now. */
  private get tunnelAllowsCalls(): boolean {
    return !this.device?.tunnelRequired || this.tunnelView.phase === 'up';
  }

  // ---- sessions ----

  private clinicalApi(): ClinicalApi {
    const { device, secret } = this.requireDevice();
    if (device.state !== 'approved' || !device.clinicalApiAddress) fail(LOCAL_ERRORS.notApproved);
    this.clinical ??= new ClinicalApi(device.clinicalApiAddress, device.caPem, { deviceId: device.deviceId, secret });
    return this.clinical;
  }

  private get knownUsersFile(): string {
    return join(this.options.dataDir, 'known-users.json');
  }

  /** Users who logged in on this PC before (staff names only), by login ID: for offline login. */
  private knownUsers(): Record<string, KnownUser> {
    if (!existsSync(this.knownUsersFile)) return {};
    return JSON.parse(readFileSync(this.knownUsersFile, 'utf8')) as Record<string, KnownUser>;
  }

  private cachePath(userId: string): string {
    return join(this.options.dataDir, 'caches', `${userId}.sqlite`);
  }

  private documentCachePath(userId: string): string {
    return join(this.options.dataDir, 'caches', `${userId}.documents`);
  }

  private async cacheKey(userId: string, create: boolean): Promise<Buffer | undefined> {
    const stored = await this.keychain.get(KeychainAccount.cacheKey(userId));
    if (stored) return Buffer.from(stored, 'base64');
    if (!create) return undefined;
    const key = randomBytes(CACHE_KEY_BYTES);
    await this.keychain.set(KeychainAccount.cacheKey(userId), key.toString('base64'));
    return key;
  }

  async login(input: LoginInput): Promise<SessionView> {
    const api = this.clinicalApi();
    try {
      const response = await api.login(input.loginId, input.password);
      this.online = true;
      const user = response.user!;
      const view: UserView = {
        id: user.id,
        loginId: user.loginId,
        name: { family: user.name?.family ?? '', given: user.name?.given ?? '', familyKana: user.name?.familyKana ?? '', givenKana: user.name?.givenKana ?? '' },
        profession: String(user.profession),
        facilityName: user.facility?.name ?? '',
      };
      const expiresAt = new Date(Number(response.expiresAt?.seconds ?? 0) * 1000).toISOString();
      await this.keychain.set(KeychainAccount.session, JSON.stringify({ token: response.sessionToken, user: view, expiresAt }));
      await this.beginSession({ token: response.sessionToken, user: view, expiresAt }, false);
      this.cache!.offlineVerifier = makeVerifier(input.password);
      writeFileSync(this.knownUsersFile, JSON.stringify({ ...this.knownUsers(), [view.loginId]: { userId: view.id, user: view } }, null, 2), { mode: 0o600 });
      void this.syncNow().catch(() => undefined);
      return this.sessionView()!;
    } catch (error) {
      if (error instanceof ApiError && error.unreachable) {
        this.online = false;
        return this.offlineLogin(input);
      }
      throw toDesktopError(error);
    } finally {
      this.emit();
    }
  }

  private async offlineLogin(input: LoginInput): Promise<SessionView> {
    const known = this.knownUsers()[input.loginId.trim().toLowerCase()];
    const key = known && (await this.cacheKey(known.userId, false));
    if (!known || !key || !existsSync(this.cachePath(known.userId))) fail(LOCAL_ERRORS.offlineLoginUnavailable);
    const cache = PatientCache.open(this.cachePath(known.userId), key);
    const verifier = cache.offlineVerifier;
    if (!verifier || !verifierMatches(verifier, input.password)) {
      cache.close();
      fail(LOCAL_ERRORS.offlineLoginFailed);
    }
    this.cache = cache;
    this.documents = DocumentCache.open(this.documentCachePath(known.userId), key, this.options.documentCacheBytes);
    this.session = { token: null, user: known.user, expiresAt: this.now().toISOString(), offline: true };
    this.publishWatchedFolder();
    this.syncView = { ...this.syncView, state: cache.lastSyncedAt ? 'idle' : 'never', lastSyncedAt: cache.lastSyncedAt };
    return this.sessionView()!;
  }

  private async beginSession(active: ActiveSession, offline: boolean): Promise<void> {
    this.endLocalSession();
    const key = (await this.cacheKey(active.user.id, true))!;
    this.cache = PatientCache.open(this.cachePath(active.user.id), key);
    this.documents = DocumentCache.open(this.documentCachePath(active.user.id), key, this.options.documentCacheBytes);
    this.session = { ...active, offline };
    this.publishWatchedFolder();
    this.clinicalApi().setSession(active.token ?? undefined);
    this.syncView = { state: this.cache.lastSyncedAt ? 'idle' : 'never', lastSyncedAt: this.cache.lastSyncedAt, progress: null, error: null };
    clearInterval(this.syncTimer);
    this.syncTimer = setInterval(() => void this.syncNow().catch(() => undefined), this.options.syncIntervalMs ?? 60_000);
    this.syncTimer.unref();
  }

  /** After a restart: resume the stored session if the server still honours it. */
  private async restoreSession(): Promise<void> {
    if (this.device?.state !== 'approved') return;
    const stored = await this.keychain.get(KeychainAccount.session);
    if (!stored) return;
    const active = JSON.parse(stored) as ActiveSession;
    try {
      const api = this.clinicalApi();
      api.setSession(active.token ?? undefined);
      await api.currentUser();
      this.online = true;
      await this.beginSession(active, false);
      void this.syncNow().catch(() => undefined);
    } catch (error) {
      // Expired or revoked: the user logs in again. Unreachable: the user logs in (offline).
      if (error instanceof ApiError && !error.unreachable) await this.keychain.delete(KeychainAccount.session);
    }
  }

  private endLocalSession(): void {
    const hadSession = this.session !== undefined;
    this.cache?.close();
    this.cache = undefined;
    this.documents?.close();
    this.documents = undefined;
    this.session = undefined;
    this.clinical?.setSession(undefined);
    // What one user dropped is not left for the next; the watched folder's offers belong to the PC.
    void this.staged.releaseAll('dropped');
    if (hadSession) this.publishWatchedFolder();
  }

  async logout(): Promise<void> {
    if (this.session?.token) await this.clinical?.logout().catch(() => undefined);
    await this.keychain.delete(KeychainAccount.session);
    clearInterval(this.syncTimer);
    this.endLocalSession();
    this.syncView = NEVER_SYNCED;
    this.emit();
  }

  private requireSession(): { session: ActiveSession & { offline: boolean }; cache: PatientCache } {
    if (!this.session || !this.cache) fail(LOCAL_ERRORS.notLoggedIn);
    return { session: this.session, cache: this.cache };
  }

  // ---- reading and syncing ----

  async syncNow(): Promise<SyncView> {
    const { session, cache } = this.requireSession();
    if (!session.token) return this.syncView;
    this.syncing ??= this.runSync(session, cache).finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async runSync(session: ActiveSession, cache: PatientCache): Promise<SyncView> {
    if (!this.tunnelAllowsCalls) {
      this.syncView = { ...this.syncView, state: 'error', progress: null, error: SERVER_UNREACHABLE };
      this.emit();
      return this.syncView;
    }
    this.syncView = { ...this.syncView, state: 'syncing', progress: null, error: null };
    this.emit();
    try {
      const documents = this.documents;
      await syncCache(
        this.clinicalApi(),
        cache,
        session.user.id,
        (progress) => {
          this.syncView = { ...this.syncView, progress };
          this.emit();
        },
        this.now,
        // Documents opened here go with their patient: all of them when the server resets the cache.
        async ({ reset, removedPatientIds }) => {
          if (reset) await documents?.clear();
          for (const patientId of removedPatientIds) await documents?.purgePatient(patientId);
        },
      );
      this.online = true;
      this.syncView = { state: 'idle', lastSyncedAt: cache.lastSyncedAt, progress: null, error: null };
    } catch (error) {
      await this.onClinicalFailure(error);
      this.syncView = { ...this.syncView, state: 'error', progress: null, error: toDesktopError(error).detail };
    }
    this.emit();
    return this.syncView;
  }

  /** Reacts to a failed clinical call: offline, or revoked (then the data must go). */
  private async onClinicalFailure(error: unknown): Promise<void> {
    if (!(error instanceof ApiError)) return;
    if (error.reason === 'DEVICE_REVOKED') return this.onRevoked();
    if (!error.unreachable) return;
    this.online = false;
    // A revoked device loses its tunnel first, so it only sees an unreachable server; the public
    // enrollment listener can still tell it that it was revoked.
    const at = this.now().getTime();
    if (at - this.lastRevocationCheck > REVOCATION_CHECK_INTERVAL_MS) {
      this.lastRevocationCheck = at;
      await this.refreshDevice().catch(() => undefined);
    }
  }

  async searchPatients(query: string): Promise<PatientSearchResult> {
    const { cache } = this.requireSession();
    return { patients: cache.search(query), asOf: cache.lastSyncedAt };
  }

  async getPatientOverview(patientId: string): Promise<PatientOverviewView> {
    const { session, cache } = this.requireSession();
    if (session.token && this.tunnelAllowsCalls) {
      try {
        const stored = overviewFromMessage(await this.clinicalApi().overview(patientId), session.user.id);
        cache.put(stored);
        if (!this.online) {
          this.online = true;
          this.emit();
        }
        return { ...stored, source: 'server', asOf: this.now().toISOString() };
      } catch (error) {
        await this.onClinicalFailure(error);
        if (!(error instanceof ApiError && error.unreachable)) throw toDesktopError(error);
        this.emit();
      }
    }
    const cached = cache.overview(patientId);
    if (!cached) fail(LOCAL_ERRORS.patientNotCached);
    return { ...cached, source: 'cache', asOf: cache.lastSyncedAt ?? this.now().toISOString() };
  }

  // ---- the shared chart ----

  private markOnline(): void {
    if (this.online) return;
    this.online = true;
    this.emit();
  }

  /**
   * A chart call, which needs the server: an online session and the tunnel up. When the server
   * cannot be reached the user is told that this needs the connection (and what still works).
   */
  private async withServer<T>(call: (chart: ChartApi) => Promise<T>): Promise<T> {
    const { session } = this.requireSession();
    if (!session.token || !this.tunnelAllowsCalls) fail(LOCAL_ERRORS.chartNeedsConnection);
    try {
      const result = await call(this.clinicalApi().chart);
      this.markOnline();
      return result;
    } catch (error) {
      await this.onClinicalFailure(error);
      if (error instanceof ApiError && error.unreachable) {
        this.emit();
        fail(LOCAL_ERRORS.chartNeedsConnection);
      }
      throw toDesktopError(error);
    }
  }

  async listNotes(patientId: string, options: { includeEnteredInError?: boolean; pageToken?: string } = {}): Promise<{ notes: ProgressNoteView[]; nextPageToken: string }> {
    const page = await this.withServer((chart) =>
      chart.listNotes({ patientId, pageToken: options.pageToken ?? '', includeEnteredInError: options.includeEnteredInError ?? false }),
    );
    return { notes: page.notes.map(noteView), nextPageToken: page.nextPageToken };
  }

  async getNoteHistory(patientId: string, noteId: string): Promise<ProgressNoteView[]> {
    return (await this.withServer((chart) => chart.getNoteHistory(patientId, noteId))).map(noteView);
  }

  async writeNote(input: WriteNoteInput): Promise<ProgressNoteView> {
    const { session } = this.requireSession();
    // The same words for the same patient after a lost answer are a retry, not a second note.
    const { key, requestId } = this.writeRequests.begin([session.user.id, input.patientId, input.soap, input.observedAt ?? '']);
    try {
      const note = await this.withServer((chart) => chart.writeNote({ patientId: input.patientId, soap: input.soap, observedAt: input.observedAt ?? '', clientRequestId: requestId }));
      this.writeRequests.settle(key);
      return noteView(note);
    } catch (error) {
      if (!(error instanceof DesktopApiError && error.detail.reason === LOCAL_ERRORS.chartNeedsConnection.reason)) this.writeRequests.settle(key);
      throw error;
    }
  }

  async correctNote(input: CorrectNoteInput): Promise<ProgressNoteView> {
    return noteView(await this.withServer((chart) => chart.correctNote(input)));
  }

  async markNoteEnteredInError(input: MarkNoteEnteredInErrorInput): Promise<ProgressNoteView> {
    return noteView(await this.withServer((chart) => chart.markNoteEnteredInError(input)));
  }

  async listDocuments(patientId: string): Promise<DocumentView[]> {
    return (await this.withServer((chart) => chart.listDocuments(patientId))).map(documentView);
  }

  async getDocumentHistory(patientId: string, documentId: string): Promise<DocumentView[]> {
    return (await this.withServer((chart) => chart.getDocumentHistory(patientId, documentId))).map(documentView);
  }

  async stageFile(path: string): Promise<StagedFileView> {
    this.requireSession();
    return this.staged.stagePath(path, 'dropped');
  }

  async stageBytes(fileName: string, body: AsyncIterable<Uint8Array>): Promise<StagedFileView> {
    this.requireSession();
    return this.staged.stageBytes(fileName, body);
  }

  async uploadDocument(input: UploadDocumentInput): Promise<UploadResult> {
    const { response, file } = await this.withServer((chart) =>
      fileStagedDocument(chart, this.staged, input, (sentBytes, totalBytes) => this.publish({ type: 'upload-progress', stagedFileId: input.stagedFileId, sentBytes, totalBytes })),
    );
    if (file.view.origin === 'watched-folder') await this.watched.filed(file);
    await this.staged.release(file.view.stagedFileId);
    if (file.view.origin === 'watched-folder') this.publishWatchedFolder();
    return { document: documentView(response.document!), alreadyFiled: response.alreadyFiled };
  }

  async discardStagedFile(stagedFileId: string): Promise<void> {
    const file = this.staged.get(stagedFileId);
    if (!file) return;
    if (file.view.origin === 'watched-folder') await this.watched.dismiss(file);
    await this.staged.release(stagedFileId);
    if (file.view.origin === 'watched-folder') this.publishWatchedFolder();
  }

  async openDocument(patientId: string, documentId: string, version: number): Promise<OpenedDocument> {
    const { session, cache } = this.requireSession();
    if (session.token && this.tunnelAllowsCalls) {
      try {
        const opened = await openDocumentOnline(this.clinicalApi().chart, this.documents, patientId, documentId, version);
        this.markOnline();
        return opened;
      } catch (error) {
        await this.onClinicalFailure(error);
        if (!(error instanceof ApiError && error.unreachable)) throw toDesktopError(error);
        this.emit();
      }
    }
    return openDocumentOffline(this.documents, cache.overview(patientId), patientId, documentId, version);
  }

  // The watched folder

  /** The folder's files are shown only to a logged-in user: their names often name patients. */
  private watchedFolderView(): WatchedFolderView {
    return this.watched.view(this.session !== undefined);
  }

  async getWatchedFolder(): Promise<WatchedFolderView> {
    return this.watchedFolderView();
  }

  /** The core has no window to show a dialog in: Electron main shows it, then calls setWatchedFolder. */
  async chooseWatchedFolder(): Promise<WatchedFolderView> {
    fail(LOCAL_ERRORS.folderDialogUnavailable);
  }

  async setWatchedFolder(path: string | null): Promise<WatchedFolderView> {
    if (path !== null) {
      const problem = await checkFolder(path);
      if (problem) fail(problem);
    }
    this.settings.update({ watchedFolder: path });
    await this.watched.watch(path);
    return this.watchedFolderView();
  }

  async stopWatchingFolder(): Promise<WatchedFolderView> {
    return this.setWatchedFolder(null);
  }

  // Shared forms

  async listForms(patientId: string): Promise<FormView[]> {
    return (await this.withServer((chart) => chart.listForms(patientId))).map(formView);
  }

  async getForm(patientId: string, formId: string, version: number): Promise<FormView> {
    return formView(await this.withServer((chart) => chart.getForm(patientId, formId, version)));
  }

  async listFormVersions(patientId: string, formId: string): Promise<FormView[]> {
    return (await this.withServer((chart) => chart.listFormVersions(patientId, formId))).map(formView);
  }

  async createForm(input: CreateFormInput): Promise<FormView> {
    return formView(
      await this.withServer((chart) =>
        chart.createForm({ patientId: input.patientId, documentType: input.documentType as DocumentTypeName, title: input.title, valuesJson: JSON.stringify(input.values) }),
      ),
    );
  }

  async saveForm(input: SaveFormInput): Promise<FormView> {
    return formView(
      await this.withServer((chart) =>
        chart.saveForm({ patientId: input.patientId, formId: input.formId, baseVersion: input.baseVersion, valuesJson: JSON.stringify(input.values), amendFinalised: input.amendFinalised ?? false }),
      ),
    );
  }

  async finaliseForm(patientId: string, formId: string, version: number): Promise<FormView> {
    return formView(await this.withServer((chart) => chart.finaliseForm(patientId, formId, version)));
  }

  async renderFormPdf(patientId: string, formId: string, version: number): Promise<{ bytes: Uint8Array; fileName: string }> {
    const rendered = await this.withServer((chart) => chart.renderFormPdf(patientId, formId, version));
    return { bytes: rendered.pdf, fileName: rendered.fileName };
  }

  // Consent (患者同意書)

  async getConsentStatus(patientId: string): Promise<ConsentView> {
    return consentView(await this.withServer((chart) => chart.getConsentStatus(patientId)));
  }

  async recordConsent(input: RecordConsentInput): Promise<ConsentView> {
    return consentView(await this.withServer((chart) => chart.recordConsent({ ...input, scope: input.scope as ConsentScopeName })));
  }

  async withdrawConsent(input: WithdrawConsentInput): Promise<ConsentView> {
    return consentView(await this.withServer((chart) => chart.withdrawConsent(input)));
  }
}
