// The core's own idle timer: the backstop of the screens' one. The screens watch for input (keys,
// mouse, touch, wheel) in the app's window and lock at the facility's minutes; they tell the core
// of input at most every 30 seconds (reportActivity). Should they stop telling — the window hidden
// in the tray and its timers throttled, the renderer hung or reloading — the core locks by itself
// one minute after the screens would have, which the throttled reports can never make early.
//
// Why not Electron's powerMonitor.getSystemIdleTime: it does not exist in the browser the tests
// and the development bridge use, and it counts input in any program, so the app would stay
// unlocked behind a spreadsheet someone works in while patient data sits in its window.
const BACKSTOP_MARGIN_MS = 60_000;

export class IdleLock {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly lock: () => void) {}

  /** Input was seen (or a session began): the count starts again, for `minutes`. */
  restart(minutes: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.lock, minutes * 60_000 + BACKSTOP_MARGIN_MS);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
