// Who is using this PC: login (the server's session, bound to this device), offline unlock (a user
// who logged in here before opens their cache when the server cannot be reached), resuming the
// stored session after a restart, and logout. It owns the session (its token in the OS keychain,
// never in a file) and, while a user is logged in, that user's encrypted caches: the patient
// overviews and the documents opened on this PC.
//
// An offline session carries no token: it reads the caches and nothing more, until the user logs in
// again online.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoginInput, SessionView, UserView } from '../../shared/desktop-api';
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
import { KnownUsers } from './known-users';
import { makeVerifier, verifierMatches } from './offline-unlock';

/** A session as the keychain keeps it. */
interface StoredSession {
  token: string | null;
  user: UserView;
  expiresAt: string;
}

/** A logged-in user, with their caches open. */
export interface UserSession extends StoredSession {
  /** Unlocked without the server: no token, the caches only. */
  offline: boolean;
  cache: PatientCache;
  documents: DocumentCache;
  /** The care team's timelines: the last 30 days of posts, and the outbox. */
  timeline: TimelineCache;
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
}

export class SessionManager {
  private readonly knownUsers: KnownUsers;
  private readonly cachesDir: string;
  private session: UserSession | undefined;

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
    return this.session ? { user: this.session.user, expiresAt: this.session.expiresAt, offline: this.session.offline } : null;
  }

  async login(input: LoginInput): Promise<SessionView> {
    const api = this.connection.clinical();
    try {
      const response = await api.login(input.loginId, input.password);
      this.connection.markAnswered();
      const user = response.user!;
      const view: UserView = {
        id: user.id,
        loginId: user.loginId,
        name: nameOf(user.name),
        profession: String(user.profession),
        facilityName: user.facility?.name ?? '',
      };
      const stored: StoredSession = {
        token: response.sessionToken,
        user: view,
        expiresAt: new Date(Number(response.expiresAt?.seconds ?? 0) * 1000).toISOString(),
      };
      await this.options.keychain.set(KeychainAccount.session, JSON.stringify(stored));
      const session = await this.begin(stored);
      session.cache.offlineVerifier = makeVerifier(input.password);
      this.knownUsers.remember(view);
      this.events.began(session);
      return this.view()!;
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
    this.session = { token: null, user: known.user, expiresAt: this.options.now().toISOString(), offline: true, cache, documents, timeline };
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
      this.events.began(await this.begin(saved));
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
    this.session = { ...stored, offline: false, cache, documents, timeline };
    this.connection.useSessionToken(stored.token ?? undefined);
    return this.session;
  }

  /** Closes the user's caches; the session stays in the keychain (logout removes it). */
  private end(): void {
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
    if (this.session?.token) {
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
