// Where one call's time goes on the server: the dispatcher measures its steps (authenticating the
// caller, opening their scope on the patient or timeline, the handler, sending the answer) and the
// scope measures the audit appends inside the handler. The server's debug log carries them with
// each call ("ok", `phases`), so an operator (and the benchmark) can see which step a slow read
// spends its time in without a profiler on a production server.

/** The steps of a call, in the order they happen. */
export type CallPhase = 'authenticate' | 'scope' | 'handle' | 'audit' | 'send';

export class CallTiming {
  private readonly spent = new Map<CallPhase, number>();

  /** Runs `work`, adding its duration (also when it fails) to `phase`. */
  async measure<T>(phase: CallPhase, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  add(phase: CallPhase, ms: number): void {
    this.spent.set(phase, (this.spent.get(phase) ?? 0) + ms);
  }

  /**
   * Milliseconds per phase, to two decimals. The audit appends happen inside the handler: `handle`
   * is given without them, so the phases add up to the call.
   */
  phases(): Partial<Record<CallPhase, number>> {
    const result: Partial<Record<CallPhase, number>> = {};
    for (const [phase, ms] of this.spent) {
      const own = phase === 'handle' ? ms - (this.spent.get('audit') ?? 0) : ms;
      result[phase] = Math.round(own * 100) / 100;
    }
    return result;
  }
}
