// The screen lock of a shared clinic PC (issue 13): after the facility's idle minutes without input
// (default 10), or at once (「画面をロック」, Ctrl+L), the app locks. The lock is the core's: while
// locked it hands no patient data to any screen, sends no event carrying it and shows no
// notification; the screens show the lock screen only. The user unlocks with their password
// (checked on this PC, so it works offline); five wrong passwords end the session. Another staff
// member may sign in instead (「別のユーザーでログイン」): the locked user's session ends, their
// encrypted caches and unsent posts stay on this PC for their next login. Pure types.

/** The facility sends 0 for "the app's default". */
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
/** Wrong passwords on the lock screen before the session ends. */
export const UNLOCK_ATTEMPTS = 5;

export interface ScreenLockView {
  /** When the screen locked (ISO instant). */
  lockedAt: string;
  /** Wrong passwords left before the session ends. */
  attemptsLeft: number;
  /** The locked user's posts waiting in the outbox (said before another user signs in). */
  unsentPosts: number;
}

export interface ScreenLockApi {
  /**
   * There was input in the window (the screens tell at most every 30 seconds): the core's own idle
   * timer starts again. The core locks by itself when the screens stop telling (a hidden or hung window).
   */
  reportActivity(): Promise<void>;
  /** Locks now (「画面をロック」, the idle timer of the screens). Nothing happens without a session. */
  lockScreen(): Promise<void>;
  /**
   * Unlocks with the locked user's password, checked on this PC. A wrong one is refused
   * (UNLOCK_PASSWORD_WRONG, with the attempts left); the fifth ends the session (UNLOCK_ATTEMPTS_EXHAUSTED).
   */
  unlockScreen(password: string): Promise<void>;
  /** Ends the locked user's session (their caches and outbox stay for their next login): the login screen follows. */
  switchUser(): Promise<void>;
}
