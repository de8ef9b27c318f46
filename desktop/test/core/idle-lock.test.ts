// The core's idle backstop (core/session/idle-lock.ts) on a controlled clock (vitest's fake
// timers): it locks one minute after the facility's minutes without a report of input, and each
// report starts the count again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleLock } from '../../src/core/session/idle-lock';

describe('the idle backstop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('locks a minute after the screens would have, unless input was reported', () => {
    let locks = 0;
    const idle = new IdleLock(() => locks++);
    idle.restart(10);
    vi.advanceTimersByTime(10 * 60_000);
    expect(locks).toBe(0);
    idle.restart(10); // input reported
    vi.advanceTimersByTime(10 * 60_000 + 59_999);
    expect(locks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(locks).toBe(1);
  });

  it('does nothing once stopped (the session ended)', () => {
    let locks = 0;
    const idle = new IdleLock(() => locks++);
    idle.restart(1);
    idle.stop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(locks).toBe(0);
  });
});
