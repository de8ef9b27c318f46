// Refused calls in the access log: a missing, forged, expired or other device's session, a wrong or
// revoked device, a call from outside the tunnel, a guessed enrollment code, a record id of another
// patient, a failed upload. Refusals the domain records itself (logins, the chart's care-team and
// policy checks) are not recorded twice.
// A hostile client can refuse itself thousands of times a second, and the log must neither grow
// without bound nor hide the attack: the first refusal of a kind (reason, method, address) is
// recorded at once; the ones after it within the window are counted, and the count recorded as one
// event when the window ends.
import type { Store } from '../db/database';
import type { Clock } from '../time';
import { recordAudit } from './audit-log';

/** Reasons whose refusals another module has already recorded, or that are a normal outcome rather than a refusal of the caller. */
const RECORDED_ELSEWHERE = new Set([
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'TOO_MANY_LOGIN_ATTEMPTS',
  'ACCOUNT_DISABLED',
  'PATIENT_NOT_ON_CARE_TEAM',
  'CONSENT_REQUIRED',
  'RECORD_NOT_VISIBLE_TO_ROLE',
  'RECORD_NOT_WRITABLE_BY_ROLE',
  'NOTE_VERSION_SUPERSEDED',
  'TEMPLATE_VERSION_CONFLICT',
  'ACCESS_LOG_NOT_PERMITTED',
]);

export interface RefusedCall {
  /** The gRPC method, e.g. /renkei.v1.PatientService/GetOverview. */
  rpc: string;
  reason: string;
  address: string;
  /** The device id the caller claimed, whether or not it proved it. */
  claimedDeviceId?: string;
  /** For INTERNAL: the incident number the caller was given. */
  incident?: string;
}

interface Window {
  first: RefusedCall;
  opened: number;
  repeats: number;
}

export class RefusalAudit {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
    /** Kinds tracked at once; beyond this, a flood of new kinds is counted in one window of its own. */
    private readonly maxWindows = 10_000,
  ) {
    this.timer = setInterval(() => void this.closeEnded().catch(() => undefined), windowMs);
    this.timer.unref();
  }

  async record(refused: RefusedCall): Promise<void> {
    if (RECORDED_ELSEWHERE.has(refused.reason)) return;
    const now = this.clock.now().getTime();
    const key = this.windows.size >= this.maxWindows ? 'overflow' : `${refused.reason}|${refused.rpc}|${refused.address}`;
    const open = this.windows.get(key);
    if (open && now - open.opened < this.windowMs) {
      open.repeats++;
      return;
    }
    if (open) await this.close(key, open);
    this.windows.set(key, { first: refused, opened: now, repeats: 0 });
    await recordAudit(
      this.store,
      { action: 'rpc.refused', outcome: 'denied', actorLabel: `peer:${refused.address}`, detail: { ...refused } },
      this.clock.now(),
    );
  }

  /** Records the counts of windows that have ended (and, on stop, of all). */
  async closeEnded(all = false): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [key, window] of [...this.windows]) if (all || now - window.opened >= this.windowMs) await this.close(key, window);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.closeEnded(true);
  }

  private async close(key: string, window: Window): Promise<void> {
    this.windows.delete(key);
    if (window.repeats === 0) return;
    const { first } = window;
    await recordAudit(
      this.store,
      {
        action: 'rpc.refused.repeated',
        outcome: 'denied',
        actorLabel: `peer:${first.address}`,
        detail: {
          rpc: first.rpc,
          reason: first.reason,
          address: first.address,
          claimedDeviceId: first.claimedDeviceId,
          repeats: window.repeats,
          since: new Date(window.opened).toISOString(),
        },
      },
      this.clock.now(),
    );
  }
}
