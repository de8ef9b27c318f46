// Keeping the logged-in user's cache current in the background: a sync right after an online
// login, then at every interval, and again when the tunnel comes back; one sync at a time. And,
// when the server stops answering, asking the public enrollment listener whether this PC was
// revoked: a revoked PC loses its tunnel first, so it would only ever see an unreachable server.
// It owns the sync's state as the status shows it; the pages themselves are sync-engine's.
import type { SyncView } from '../../shared/desktop-api';
import { SERVER_UNREACHABLE } from '../api/api-error';
import type { ServerConnection } from '../connection/server-connection';
import { toDesktopError } from '../desktop-error';
import type { SessionManager, UserSession } from '../session/session-manager';
import { syncCache } from './sync-engine';

const NEVER_SYNCED: SyncView = { state: 'never', lastSyncedAt: null, progress: null, error: null };
// When the clinical API stops answering, ask the public enrollment listener whether this device
// was revoked: soon again after the first answer (a revocation may come just after an outage began,
// or a loaded line may have looked silent for a moment), then less and less often, at most this far apart.
const FIRST_REVOCATION_RECHECK_MS = 5_000;
const LONGEST_REVOCATION_RECHECK_MS = 60_000;

interface SyncOptions {
  /** How often a logged-in session syncs in the background. */
  intervalMs: number;
  now: () => Date;
}

interface SyncEvents {
  /** Something the status shows changed. */
  changed(): void;
  /** Patients left the user's view (tombstones): what else this PC holds about them goes too (their timelines). */
  patientsRemoved?(session: UserSession, patientIds: string[]): void;
  /**
   * The overviews are current: what else this PC keeps for offline use but the change feed does not
   * carry (the user's and their office's 定型文) is read again. Its failure does not fail the sync.
   */
  synced?(session: UserSession): Promise<void>;
}

export class SyncController {
  private state: SyncView = NEVER_SYNCED;
  private running: Promise<SyncView> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRevocationCheck = 0;
  private revocationRecheckMs = FIRST_REVOCATION_RECHECK_MS;

  constructor(
    private readonly options: SyncOptions,
    private readonly sessions: SessionManager,
    private readonly connection: ServerConnection,
    /** Asks the enrollment listener for this PC's state (which forgets everything if it was revoked). */
    private readonly refreshDevice: () => Promise<void>,
    private readonly events: SyncEvents,
  ) {}

  get view(): SyncView {
    return this.state;
  }

  /** A session began: an online one syncs now and at every interval; an offline one shows how old its cache is. */
  sessionBegan(session: UserSession): void {
    const lastSyncedAt = session.cache.lastSyncedAt;
    if (session.offline) {
      this.state = { ...this.state, state: lastSyncedAt ? 'idle' : 'never', lastSyncedAt };
      return;
    }
    this.state = { state: lastSyncedAt ? 'idle' : 'never', lastSyncedAt, progress: null, error: null };
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.syncNow().catch(() => undefined), this.options.intervalMs);
    this.timer.unref();
    void this.syncNow().catch(() => undefined);
  }

  /** No session to keep current any more (logout, revocation). */
  reset(): void {
    clearInterval(this.timer);
    this.state = NEVER_SYNCED;
  }

  /** The tunnel came back: an online session catches up with what changed meanwhile. */
  catchUp(): void {
    if (this.sessions.current?.token) void this.syncNow().catch(() => undefined);
  }

  async syncNow(): Promise<SyncView> {
    const session = this.sessions.require();
    if (!session.token) return this.state;
    this.running ??= this.run(session).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(session: UserSession): Promise<SyncView> {
    if (!this.connection.callsCanGetThrough) {
      this.state = { ...this.state, state: 'error', progress: null, error: SERVER_UNREACHABLE };
      this.events.changed();
      return this.state;
    }
    this.state = { ...this.state, state: 'syncing', progress: null, error: null };
    this.events.changed();
    try {
      await syncCache(
        this.connection.clinical(),
        session.cache,
        session.user.id,
        (progress) => {
          this.state = { ...this.state, progress };
          this.events.changed();
        },
        this.options.now,
        // Documents opened here go with their patient: all of them when the server resets the cache.
        async ({ reset, removedPatientIds }) => {
          if (reset) await session.documents.clear();
          for (const patientId of removedPatientIds) await session.documents.purgePatient(patientId);
          if (removedPatientIds.length > 0) this.events.patientsRemoved?.(session, removedPatientIds);
        },
      );
      this.connection.markAnswered();
      await this.events.synced?.(session).catch(() => undefined);
      this.state = { state: 'idle', lastSyncedAt: session.cache.lastSyncedAt, progress: null, error: null };
    } catch (error) {
      await this.connection.reportFailure(error);
      this.state = { ...this.state, state: 'error', progress: null, error: toDesktopError(error).detail };
    }
    this.events.changed();
    return this.state;
  }

  /**
   * The server stopped answering: was this PC revoked? Asked at once when it had answered until now
   * (`wasOnline`: a revoked PC's tunnel drops, so that is how a revocation looks). While it stays
   * unreachable, asked again after 5 s, 10 s, 20 s … at most a minute apart: the outage may have
   * begun before the revocation (a check made then said "approved"), and thousands of PCs of a region
   * whose server is down must not all ask the public listener every few seconds.
   */
  async checkRevocation(wasOnline = false): Promise<void> {
    const at = this.options.now().getTime();
    if (wasOnline) {
      this.revocationRecheckMs = FIRST_REVOCATION_RECHECK_MS;
    } else {
      if (at - this.lastRevocationCheck < this.revocationRecheckMs) return;
      if (this.lastRevocationCheck > 0) {
        this.revocationRecheckMs = Math.min(this.revocationRecheckMs * 2, LONGEST_REVOCATION_RECHECK_MS);
      }
    }
    this.lastRevocationCheck = at;
    await this.refreshDevice().catch(() => undefined);
  }

  /** Stops the timer and waits for a sync under way (the app stops). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
