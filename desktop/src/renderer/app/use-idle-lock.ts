// The screens' idle timer (issue 13): input in the app's window — keys, text, mouse, touch, wheel —
// keeps the screen unlocked; after the facility's minutes without any, the screens ask the core to
// lock. Ctrl+L (⌘L) locks at once. Input is noted cheaply (a timestamp) and told to the core at
// most every 30 seconds, which restarts the core's own backstop timer (core/session/idle-lock.ts).
//
// Why here and not Electron's powerMonitor: the same code then runs in the app and in the browser
// the tests drive (where Playwright's clock controls it), and only input in this app counts — a PC
// used for other work with Renkei open behind still locks Renkei.
import { useEffect } from 'react';
import type { DesktopApi } from '../../shared/desktop-api';

// 'input' too: text from an IME, dictation or a paste may come without a keydown of its own.
const INPUT_EVENTS = ['keydown', 'input', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const REPORT_EVERY_MS = 30_000;
const CHECK_EVERY_MS = 5_000;

/** While `minutes` is a number (a session, unlocked), locks after that many minutes without input. */
export function useIdleLock(api: Pick<DesktopApi, 'reportActivity' | 'lockScreen'>, minutes: number | null): void {
  useEffect(() => {
    if (minutes === null) return;
    let lastInput = Date.now();
    let lastReport = 0;
    let locking = false;
    const lock = () => {
      if (locking) return;
      locking = true;
      void api.lockScreen().catch(() => {
        locking = false;
      });
    };
    const noteInput = () => {
      lastInput = Date.now();
      if (lastInput - lastReport >= REPORT_EVERY_MS) {
        lastReport = lastInput;
        void api.reportActivity().catch(() => undefined);
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        lock();
      }
    };
    const options = { capture: true, passive: true } as const;
    for (const type of INPUT_EVENTS) window.addEventListener(type, noteInput, options);
    window.addEventListener('keydown', onKey, true);
    const timer = window.setInterval(() => {
      if (Date.now() - lastInput >= minutes * 60_000) lock();
    }, CHECK_EVERY_MS);
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, noteInput, options);
      window.removeEventListener('keydown', onKey, true);
      window.clearInterval(timer);
    };
  }, [api, minutes]);
}
