// Failed logins counted per clinic PC and per network address, across every user ID. The per-user
// lockout (login.ts) stops guessing one user's password; this stops spraying a few common
// passwords over many user IDs from one place, which that lockout never sees.
// Counted in this server process's memory: a restart forgets the counts, the per-user lockout
// (in the database) does not.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginThrottlePolicy {
  /** Failed logins allowed from one device, and from one address, within the window. */
  failuresPerSource: number;
  windowMinutes: number;
}

/** A claim on one attempt from a source, made before the password is checked. */
export interface AttemptClaim {
  /** The password was right: the attempt does not count against the source. */
  succeeded(): Promise<void>;
}

export class LoginThrottle {
  private readonly failures: RateLimiterMemory;

  constructor(policy: LoginThrottlePolicy) {
    this.failures = new RateLimiterMemory({ keyPrefix: 'login-failures', points: policy.failuresPerSource, duration: policy.windowMinutes * 60 });
  }

  /**
   * Claims an attempt for the device and the address before the password is verified, so that
   * parallel attempts cannot all pass a check made before any of them has failed. Returns
   * undefined when either source has used up its failures for the window.
   */
  async claim(deviceId: string, address: string): Promise<AttemptClaim | undefined> {
    const keys = [`device:${deviceId}`, `address:${address}`];
    const claimed: string[] = [];
    for (const key of keys) {
      try {
        await this.failures.consume(key);
        claimed.push(key);
      } catch (refused) {
        if (!(refused instanceof RateLimiterRes)) throw refused;
        await this.giveBack(claimed);
        return undefined;
      }
    }
    return { succeeded: () => this.giveBack(claimed) };
  }

  private async giveBack(keys: string[]): Promise<void> {
    for (const key of keys) await this.failures.reward(key, 1);
  }
}
