// Who is using this PC: login (the server's session, bound to this device), offline unlock (a user
// who logged in here before opens their cache when the server cannot be reached), resuming the
// stored session after a restart, and logout. It owns the session (its token in the OS keychain,
// never in a file) and, while a user is logged in, that user's encrypted caches: the patient
// overviews and the documents opened on this PC.
//
// An offline session carries no token: it reads the caches and nothing more, until the server
// answers again: then it logs in by itself with the password it was unlocked with (kept in this
// process's memory for that alone, and only until the server takes or refuses it, or the session
// ends) and goes on as an online session with the same caches. A refusal then (the password was
// changed meanwhile, the account was locked) is told once and not tried again: the user logs in.
//
// Where the server asks for a second factor (a TOTP code, or setting an authenticator up), the
// password step opens no session: the challenge it answered waits here, in memory only, for the
// code step; the session begins once the server takes the code. Offline unlock is unchanged: it
// needs what it needed before (a user who logged in here online, and their password).
//
// A session may be locked (the screen lock of a shared PC, shared/screen-lock-views.ts): the lock
// is part of the session, so it ends with it, and it is kept with the session in the keychain, so
// restarting the app brings the session back locked. Unlocking checks the password against the
// same local verifier as an offline login (no server round trip, so it works offline); the fifth
// wrong password ends the session as a logout does, and the reason waits for the login screen.
//
// Where the regional office asked for a new password, the session opens but begins nothing (no
// sync, no timeline: the server would refuse them) until the user has changed it here; the offline
// unlock then follows the new password. The user's account (password, authenticator, recovery
// codes) is changed online only.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoginResponse__Output } from '@renkei/proto/generated/renkei/v1/LoginResponse';
import QRCode from 'qrcode';
import type { BeginSecondFactorSetupResponse__Output } from '@renkei/proto/generated/renkei/v1/BeginSecondFactorSetupResponse';
import type {
  AccountSecurityView,
  ChangePasswordInput,
  LoginInput,
  LoginResult,
  PasswordRule,
  SecondFactorSetupView,
  SessionView,
  UserFacingError,
  UserView,
} from '../../shared/desktop-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import { ApiError } from '../api/api-error';
import { nameOf } from '../api/proto-values';
import { PatientCache } from '../cache/patient-cache';
import { CACHE_KEY_BYTES } from '../cache/sealed-rows';
import type { ServerConnection } from '../connection/server-connection';
import { fail, toDesktopError } from '../desktop-error';
import { DocumentCache } from '../documents/document-cache';
import { KeychainAccount, type Keychain } from '../keychain/keychain';
import { LOCAL_ERRORS } from '../user-messages';
import { TimelineCache } from '../timeline/timeline-cache';
import { DEFAULT_IDLE_LOCK_MINUTES, UNLOCK_ATTEMPTS } from '../../shared/screen-lock-views';
import { KnownUsers } from './known-users';
import { makeVerifier, verifierMatches } from './offline-unlock';

/** A session as the keychain keeps it. */
interface StoredSession {
  token: string | null;
  user: UserView;
  expiresAt: string;
  /** The server asked for a new password first (absent in sessions stored before: false). */
  passwordChangeRequired?: boolean;
  passwordRule?: PasswordRule | null;
  /** The facility's idle-lock minutes (absent in a session stored before the screen lock: the default). */
  idleLockMinutes?: number;
  /** Set while the screen is locked, so a restart brings the session back locked. */
  lockedAt?: string;
}

/** The screen lock of a session (shared/screen-lock-views.ts). */
interface SessionLock {
  at: Date;
  /** Wrong passwords so far. */
  failures: number;
}

/** A logged-in user, with their caches open. */
export interface UserSession extends StoredSession {
  /** Unlocked without the server: no token, the caches only. */
  offline: boolean;
  cache: PatientCache;
  documents: DocumentCache;
  /** The care team's timelines: the last 30 days of posts, and the outbox. */
  timeline: TimelineCache;
  idleLockMinutes: number;
  locked: SessionLock | null;
}

interface SessionEvents {
  /** Something the status shows changed. */
  changed(): void;
  /** A user's session began, online or offline, with their caches open. */
  began(session: UserSession): void;
  /** The logged-in user's session ended (logout, another login, revocation). */
  ended(): void;
}

interface SessionOptions {
  dataDir: string;
  keychain: Keychain;
  /** The most each user's document cache keeps. */
  documentCacheBytes: number | undefined;
  now: () => Date;
  /** How often an offline session tries the server besides when the tunnel comes up (default 5 s). */
  offlineRetryMs?: number;
}

/** What brings an offline session online by itself. */
interface WayBackOnline {
  loginId: string;
  password: string;
  timer: NodeJS.Timeout;
  attempt?: Promise<void>;
}

const OFFLINE_RETRY_MS = 5_000;

/** A login whose password the server took, waiting for its second step. */
interface PendingSecondFactor {
  step: 'code' | 'setup';
  challengeToken: string;
  /** For the offline verifier, once the session begins. */
  password: string;
  /** The setup's first code was taken: the session, held until the user has saved the recovery codes. */
  confirmed?: LoginResponse__Output;
  /** The secret issued for this challenge: asked again (a screen shown twice), the same one, not a new one replacing it. */
  setup?: Promise<SecondFactorSetupView>;
}

export class SessionManager {
  private readonly knownUsers: KnownUsers;
  private readonly cachesDir: string;
  private session: UserSession | undefined;
  private wayBack: WayBackOnline | undefined;
  /** Why an offline session could not go online by itself: the user has to log in (shown by the banner). */
  private loginAgain: UserFacingError | null = null;
  private pending: PendingSecondFactor | undefined;
  /** Why the last session ended by itself (the lock screen's attempts ran out), until the next one begins. */
  private endedBecause: UserFacingError | null = null;

  constructor(
    private readonly options: SessionOptions,
    private readonly connection: ServerConnection,
    private readonly events: SessionEvents,
  ) {
    this.knownUsers = new KnownUsers(options.dataDir);
    this.cachesDir = join(options.dataDir, 'caches');
    mkdirSync(this.cachesDir, { recursive: true, mode: 0o700 });
  }

  /** The logged-in user's session, if any. */
  get current(): UserSession | undefined {
    return this.session;
  }

  /** The logged-in user's session; refuses when nobody is logged in. */
  require(): UserSession {
    if (!this.session) fail(LOCAL_ERRORS.notLoggedIn);
    return this.session;
  }

  view(): SessionView | null {
    const session = this.session;
    if (!session) return null;
    const { locked } = session;
    return {
      user: session.user,
      expiresAt: session.expiresAt,
      offline: session.offline,
      loginAgain: session.offline ? this.loginAgain : null,
      idleLockMinutes: session.idleLockMinutes,
      passwordChangeRequired: session.passwordChangeRequired === true,
      passwordRule: session.passwordRule ?? null,
      locked: locked && {
        lockedAt: locked.at.toISOString(),
        attemptsLeft: UNLOCK_ATTEMPTS - locked.failures,
        // Refused posts are not sent by themselves: only those waiting are counted.
        unsentPosts: session.timeline.outbox().filter((entry) => entry.state !== 'refused').length,
      },
    };
  }

  /** Why the last session ended by itself, for the login screen; null once another began. */
  get sessionEnded(): UserFacingError | null {
    return this.session ? null : this.endedBecause;
  }

  /** Locks the screen now; nothing happens without a session or when it is locked already. */
  async lock(): Promise<void> {
    const session = this.session;
    if (!session || session.locked) return;
    session.locked = { at: this.options.now(), failures: 0 };
    this.events.changed();
    await this.keepLockState(session);
  }

  /**
   * Unlocks with the locked user's password, checked against the verifier in their cache. Each
   * wrong one is counted; the last allowed ends the session. Nothing happens when not locked.
   */
  async unlock(password: string): Promise<void> {
    const session = this.require();
    const locked = session.locked;
    if (!locked) return;
    const verifier = session.cache.offlineVerifier;
    if (!verifier) fail(LOCAL_ERRORS.unlockUnavailable);
    if (verifierMatches(verifier, password)) {
      session.locked = null;
      this.events.changed();
      await this.keepLockState(session);
      return;
    }
    locked.failures += 1;
    if (locked.failures >= UNLOCK_ATTEMPTS) {
      await this.logout();
      this.endedBecause = LOCAL_ERRORS.unlockAttemptsExhausted;
      this.events.changed();
      fail(LOCAL_ERRORS.unlockAttemptsExhausted);
    }
    this.events.changed();
    fail(LOCAL_ERRORS.unlockPasswordWrong(UNLOCK_ATTEMPTS - locked.failures));
  }

  /** The lock goes with the session into the keychain (an offline session is not stored there: it ends with the app). */
  private async keepLockState(session: UserSession): Promise<void> {
    if (session.offline || this.session !== session) return;
    const stored: StoredSession = {
      token: session.token,
      user: session.user,
      expiresAt: session.expiresAt,
      idleLockMinutes: session.idleLockMinutes,
      ...(session.passwordChangeRequired && { passwordChangeRequired: true, passwordRule: session.passwordRule ?? null }),
      ...(session.locked && { lockedAt: session.locked.at.toISOString() }),
    };
    await this.options.keychain.set(KeychainAccount.session, JSON.stringify(stored));
  }

  async login(input: LoginInput): Promise<LoginResult> {
    this.pending = undefined;
    const api = this.connection.clinical();
    // A server known to be away (the tunnel is down, the health check unanswered) is not waited
    // for: the user who logged in here before unlocks the cache at once.
    if (!(await this.connection.answers())) return this.unlockOffline(input).finally(() => this.events.changed());
    try {
      const response = await api.login(input.loginId, input.password);
      const step = secondFactorStep(response);
      if (step) {
        this.connection.markAnswered();
        this.pending = { step, challengeToken: response.challengeToken, password: input.password };
        return { secondFactor: step, expiresAt: isoOf(response.challengeExpiresAt) };
      }
      return await this.beginOnline(response, input.password);
    } catch (error) {
      if (error instanceof ApiError && error.unreachable) {
        this.connection.markUnreachable();
        return this.unlockOffline(input);
      }
      throw toDesktopError(error);
    } finally {
      this.events.changed();
    }
  }

  /** The session the server opened, with this user's caches, and the offline verifier of the password. */
  private async beginOnline(response: LoginResponse__Output, password: string): Promise<SessionView> {
    const stored = await this.storeSession(response);
    const session = await this.begin(stored);
    session.cache.offlineVerifier = makeVerifier(password);
    this.knownUsers.remember(stored.user, session.idleLockMinutes);
    if (!stored.passwordChangeRequired) this.events.began(session);
    return this.view()!;
  }

  private requirePending(step: PendingSecondFactor['step']): PendingSecondFactor {
    if (this.pending?.step !== step) fail(LOCAL_ERRORS.secondFactorNotStarted);
    return this.pending;
  }

  /** A refused second step: an expired or spent challenge sends the user back to the password. */
  private secondFactorFailed(error: unknown): never {
    if (error instanceof ApiError && error.reason === 'SECOND_FACTOR_CHALLENGE_EXPIRED') this.pending = undefined;
    throw toDesktopError(error);
  }

  async verifySecondFactor(input: { code?: string; recoveryCode?: string }): Promise<SessionView> {
    const pending = this.requirePending('code');
    let response: LoginResponse__Output;
    try {
      response = await this.connection.clinical().verifySecondFactor(pending.challengeToken, input);
    } catch (error) {
      return this.secondFactorFailed(error);
    }
    this.pending = undefined;
    try {
      return await this.beginOnline(response, pending.password);
    } finally {
      this.events.changed();
    }
  }

  async beginSecondFactorSetup(): Promise<SecondFactorSetupView> {
    const pending = this.requirePending('setup');
    pending.setup ??= this.issueSetup(pending.challengeToken).catch((error: unknown) => {
      pending.setup = undefined;
      return this.secondFactorFailed(error);
    });
    return pending.setup;
  }

  private async issueSetup(challengeToken: string): Promise<SecondFactorSetupView> {
    return setupView(await this.connection.clinical().beginSecondFactorSetup(challengeToken));
  }

  // ---- the user's own account (online only) ----

  /** The online session, or the refusal saying why the account cannot be changed now. */
  private requireOnline(): UserSession {
    const session = this.require();
    if (session.offline) fail(LOCAL_ERRORS.accountOffline);
    return session;
  }

  private async online<T>(work: (session: UserSession) => Promise<T>): Promise<T> {
    const session = this.requireOnline();
    try {
      return await work(session);
    } catch (error) {
      throw toDesktopError(error);
    }
  }

  accountSecurity(): Promise<AccountSecurityView> {
    return this.online(async () => {
      const security = await this.connection.clinical().getAccountSecurity();
      return {
        passwordRule: { minLength: security.passwordRule?.minLength ?? 0, mixedRequired: security.passwordRule?.mixedRequired ?? true },
        passwordChangedAt: security.passwordChangedAt ? new Date(Number(security.passwordChangedAt.seconds) * 1000).toISOString() : null,
        passwordChangeRequired: security.passwordChangeRequired,
        secondFactorEnabled: security.secondFactorEnabled,
        secondFactorRequired: security.secondFactorRequired,
        recoveryCodesRemaining: security.recoveryCodesRemaining,
        sessionExpiresAt: new Date(Number(security.sessionExpiresAt?.seconds ?? 0) * 1000).toISOString(),
      };
    });
  }

  /** The server changed the password: the offline unlock follows it, and a session held for the change begins. */
  changePassword(input: ChangePasswordInput): Promise<SessionView> {
    return this.online(async (session) => {
      await this.connection.clinical().changePassword(input.currentPassword, input.newPassword);
      session.cache.offlineVerifier = makeVerifier(input.newPassword);
      const wasRequired = session.passwordChangeRequired === true;
      session.passwordChangeRequired = false;
      const stored: StoredSession = {
        token: session.token,
        user: session.user,
        expiresAt: session.expiresAt,
        passwordChangeRequired: false,
        passwordRule: session.passwordRule ?? null,
      };
      await this.options.keychain.set(KeychainAccount.session, JSON.stringify(stored));
      if (wasRequired) this.events.began(session);
      this.events.changed();
      return this.view()!;
    });
  }

  beginAuthenticatorSetup(): Promise<SecondFactorSetupView> {
    return this.online(async () => setupView(await this.connection.clinical().beginAuthenticatorSetup()));
  }

  confirmAuthenticatorSetup(code: string): Promise<{ recoveryCodes: string[] }> {
    return this.online(async () => ({ recoveryCodes: (await this.connection.clinical().confirmAuthenticatorSetup(code)).recoveryCodes }));
  }

  regenerateRecoveryCodes(currentPassword: string): Promise<{ recoveryCodes: string[] }> {
    return this.online(async () => ({ recoveryCodes: (await this.connection.clinical().regenerateRecoveryCodes(currentPassword)).recoveryCodes }));
  }

  async confirmSecondFactorSetup(code: string): Promise<{ recoveryCodes: string[] }> {
    const pending = this.requirePending('setup');
    try {
      const confirmed = await this.connection.clinical().confirmSecondFactorSetup(pending.challengeToken, code);
      pending.confirmed = confirmed.login!;
      return { recoveryCodes: confirmed.recoveryCodes };
    } catch (error) {
      return this.secondFactorFailed(error);
    }
  }

  async finishSecondFactorSetup(): Promise<SessionView> {
    const pending = this.pending;
    if (!pending?.confirmed) fail(LOCAL_ERRORS.secondFactorNotStarted);
    this.pending = undefined;
    try {
      return await this.beginOnline(pending.confirmed, pending.password);
    } finally {
      this.events.changed();
    }
  }

  cancelSecondFactor(): void {
    this.pending = undefined;
  }

  /** The server took the password: its session, kept in the keychain (never in a file). */
  private async storeSession(response: LoginResponse__Output): Promise<StoredSession> {
    this.connection.markAnswered();
    const user = response.user!;
    const stored: StoredSession = {
      token: response.sessionToken,
      user: { id: user.id, loginId: user.loginId, name: nameOf(user.name), profession: String(user.profession), facilityName: user.facility?.name ?? '' },
      expiresAt: new Date(Number(response.expiresAt?.seconds ?? 0) * 1000).toISOString(),
      idleLockMinutes: idleLockMinutesOf(response),
      passwordChangeRequired: response.passwordChangeRequired,
      passwordRule: response.passwordRule ? { minLength: response.passwordRule.minLength, mixedRequired: response.passwordRule.mixedRequired } : null,
    };
    await this.options.keychain.set(KeychainAccount.session, JSON.stringify(stored));
    return stored;
  }

  /**
   * An offline session tries to go online (the tunnel came up, the server answered its health
   * check again, or its timer): one attempt at a time, only while a call can get through. Nothing happens for an online session or none.
   */
  async reconnectOffline(): Promise<void> {
    const wayBack = this.wayBack;
    const session = this.session;
    if (!wayBack || !session?.offline || this.connection.knownUnreachable) return;
    wayBack.attempt ??= this.goOnline(session, wayBack).finally(() => {
      wayBack.attempt = undefined;
    });
    return wayBack.attempt;
  }

  private async goOnline(session: UserSession, wayBack: WayBackOnline): Promise<void> {
    let stored: StoredSession;
    try {
      const response = await this.connection.clinical().login(wayBack.loginId, wayBack.password);
      // The code cannot be typed for the user: they log in again themselves.
      if (secondFactorStep(response)) throw new DesktopApiError(LOCAL_ERRORS.secondFactorNeeded);
      if (response.user?.id !== session.user.id) throw new DesktopApiError(LOCAL_ERRORS.offlineLoginFailed);
      stored = await this.storeSession(response);
    } catch (error) {
      if (error instanceof ApiError && error.unreachable) return; // still away: the next attempt
      this.stopReconnecting();
      if (this.session === session) this.loginAgain = toDesktopError(error).detail;
      await this.connection.reportFailure(error); // a revoked PC forgets everything
      this.events.changed();
      return;
    }
    this.stopReconnecting();
    if (this.session !== session) return; // logged out meanwhile: the server's session expires unused
    // The lock, if the screen locked meanwhile, stays: going online unlocks nothing.
    Object.assign(session, stored, { offline: false, idleLockMinutes: stored.idleLockMinutes });
    this.connection.useSessionToken(stored.token ?? undefined);
    this.knownUsers.remember(stored.user, session.idleLockMinutes);
    await this.keepLockState(session);
    if (!stored.passwordChangeRequired) this.events.began(session);
    this.events.changed();
  }

  private stopReconnecting(): void {
    if (this.wayBack) clearInterval(this.wayBack.timer);
    this.wayBack = undefined;
  }

  private async unlockOffline(input: LoginInput): Promise<SessionView> {
    const known = this.knownUsers.byLoginId(input.loginId);
    const key = known && (await this.cacheKey(known.userId, false));
    if (!known || !key || !existsSync(this.cachePath(known.userId))) fail(LOCAL_ERRORS.offlineLoginUnavailable);
    const cache = PatientCache.open(this.cachePath(known.userId), key);
    const verifier = cache.offlineVerifier;
    if (!verifier || !verifierMatches(verifier, input.password)) {
      cache.close();
      fail(LOCAL_ERRORS.offlineLoginFailed);
    }
    const documents = DocumentCache.open(this.documentCachePath(known.userId), key, this.options.documentCacheBytes);
    const timeline = TimelineCache.open(this.timelineCachePath(known.userId), key);
    this.session = {
      token: null,
      user: known.user,
      expiresAt: this.options.now().toISOString(),
      offline: true,
      cache,
      documents,
      timeline,
      // The minutes the server last gave this user here: the lock works offline as it did online.
      idleLockMinutes: known.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
      locked: null,
    };
    this.loginAgain = null;
    this.endedBecause = null;
    const timer = setInterval(() => void this.reconnectOffline(), this.options.offlineRetryMs ?? OFFLINE_RETRY_MS);
    timer.unref();
    this.wayBack = { loginId: input.loginId, password: input.password, timer };
    this.events.began(this.session);
    return this.view()!;
  }

  /** After a restart (of an approved PC): resumes the stored session if the server still honours it. */
  async restore(): Promise<void> {
    const stored = await this.options.keychain.get(KeychainAccount.session);
    if (!stored) return;
    const saved = JSON.parse(stored) as StoredSession;
    try {
      const api = this.connection.clinical();
      this.connection.useSessionToken(saved.token ?? undefined);
      await api.currentUser();
      this.connection.markAnswered();
      const session = await this.begin(saved);
      if (!saved.passwordChangeRequired) this.events.began(session);
    } catch (error) {
      this.connection.useSessionToken(undefined);
      // Expired or revoked: the user logs in again. Unreachable: the user logs in (offline).
      if (error instanceof ApiError && !error.unreachable) await this.options.keychain.delete(KeychainAccount.session);
    }
  }

  /** Opens the user's caches (made on the first login) and carries their token on clinical calls. */
  private async begin(stored: StoredSession): Promise<UserSession> {
    this.end();
    const key = (await this.cacheKey(stored.user.id, true))!;
    const cache = PatientCache.open(this.cachePath(stored.user.id), key);
    const documents = DocumentCache.open(this.documentCachePath(stored.user.id), key, this.options.documentCacheBytes);
    const timeline = TimelineCache.open(this.timelineCachePath(stored.user.id), key);
    const { lockedAt, idleLockMinutes, ...rest } = stored;
    this.session = {
      ...rest,
      offline: false,
      cache,
      documents,
      timeline,
      idleLockMinutes: idleLockMinutes ?? this.knownUsers.byUserId(stored.user.id)?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
      // A session stored locked (the app quit or crashed on the lock screen) comes back locked.
      locked: lockedAt === undefined ? null : { at: new Date(lockedAt), failures: 0 },
    };
    this.endedBecause = null;
    this.connection.useSessionToken(stored.token ?? undefined);
    return this.session;
  }

  /** Closes the user's caches; the session stays in the keychain (logout removes it). */
  private end(): void {
    this.stopReconnecting();
    this.loginAgain = null;
    const ended = this.session;
    if (!ended) return;
    ended.cache.close();
    ended.documents.close();
    ended.timeline.close();
    this.session = undefined;
    this.connection.useSessionToken(undefined);
    this.events.ended();
  }

  async logout(): Promise<void> {
    this.pending = undefined;
    // A server known to be away is not waited for: its session expires by itself.
    if (this.session?.token && !this.connection.knownUnreachable) {
      try {
        await this.connection.clinical().logout();
      } catch {
        // The server cannot be told now: its session expires by itself, and this PC forgets the token below.
      }
    }
    await this.options.keychain.delete(KeychainAccount.session);
    this.end();
  }

  /** Removes every user's session, caches and cache keys from this PC (revocation, re-enrollment). */
  async forgetAll(): Promise<void> {
    this.end();
    for (const known of Object.values(this.knownUsers.all())) await this.options.keychain.delete(KeychainAccount.cacheKey(known.userId));
    await this.options.keychain.delete(KeychainAccount.session);
    rmSync(this.cachesDir, { recursive: true, force: true });
    mkdirSync(this.cachesDir, { recursive: true, mode: 0o700 });
    this.knownUsers.forgetAll();
  }

  /** Closes the caches when the app stops. */
  close(): void {
    this.session?.cache.close();
    this.session?.documents.close();
    this.session?.timeline.close();
  }

  private cachePath(userId: string): string {
    return join(this.cachesDir, `${userId}.sqlite`);
  }

  private documentCachePath(userId: string): string {
    return join(this.cachesDir, `${userId}.documents`);
  }

  /** A sibling of the patient cache, sealed with the same key. */
  private timelineCachePath(userId: string): string {
    return join(this.cachesDir, `${userId}.timeline`);
  }

  private async cacheKey(userId: string, create: boolean): Promise<Buffer | undefined> {
    const stored = await this.options.keychain.get(KeychainAccount.cacheKey(userId));
    if (stored) return Buffer.from(stored, 'base64');
    if (!create) return undefined;
    const key = randomBytes(CACHE_KEY_BYTES);
    await this.options.keychain.set(KeychainAccount.cacheKey(userId), key.toString('base64'));
    return key;
  }
}

function secondFactorStep(response: LoginResponse__Output): PendingSecondFactor['step'] | undefined {
  if (response.secondFactor === 'SECOND_FACTOR_STEP_CODE_REQUIRED') return 'code';
  if (response.secondFactor === 'SECOND_FACTOR_STEP_SETUP_REQUIRED') return 'setup';
  return undefined;
}

/** The facility's idle-lock minutes; 0 (or a server before the screen lock) means the app's default. */
function idleLockMinutesOf(response: LoginResponse__Output): number {
  const minutes = response.idleLockMinutes ?? 0;
  return Number.isInteger(minutes) && minutes > 0 ? minutes : DEFAULT_IDLE_LOCK_MINUTES;
}

function isoOf(timestamp: LoginResponse__Output['challengeExpiresAt']): string {
  return new Date(Number(timestamp?.seconds ?? 0) * 1000).toISOString();
}

/** The new secret as the setup screen shows it: the QR code (SVG data: URL) and the key as text. */
async function setupView(setup: BeginSecondFactorSetupResponse__Output): Promise<SecondFactorSetupView> {
  const svg = await QRCode.toString(setup.otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    otpauthUri: setup.otpauthUri,
    secretBase32: setup.secretBase32,
    qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}
