// Failures counted per source (a device, a network address) over a window, for what guessing
// attacks from one place: logins across every user ID (the per-user lockout in auth/login.ts stops
// guessing one user's password, not spraying a common password over many IDs) and enrollment codes.
// Counted in memory, of this server process or, where several processes serve the clinical API,
// of the one that forked them (they ask it over IPC, so a sprayer gains nothing by connecting
// many times): a restart forgets the counts (the per-user lockout, in the database, does not).
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface FailureLimitPolicy {
  /** Failures allowed from one source within the window. */
  failuresPerSource: number;
  windowMinutes: number;
  /** In a clinical process of several: counted by the process that forked them, under this name. */
  sharedAs?: string;
}

/** A claim on one attempt from a source, made before the password is checked. */
export interface AttemptClaim {
  /** The attempt succeeded (the right password, a valid code): it does not count against its sources. */
  succeeded(): Promise<void>;
}

export class FailureLimit {
  private readonly failures: RateLimiterAbstract;

  constructor(policy: FailureLimitPolicy) {
    const limits = { points: policy.failuresPerSource, duration: policy.windowMinutes * 60 };
    this.failures = policy.sharedAs ? new RateLimiterCluster({ ...limits, keyPrefix: policy.sharedAs }) : new RateLimiterMemory(limits);
  }

  /**
   * Claims an attempt for each source (e.g. `device:<id>`, `address:<ip>`) before it is checked, so
   * that parallel attempts cannot all pass a check made before any of them has failed. Returns
   * undefined when any source has used up its failures for the window.
   */
  async claim(keys: string[]): Promise<AttemptClaim | undefined> {
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
