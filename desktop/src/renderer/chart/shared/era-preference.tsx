// Whether dates are read in 和暦 (令和8年11月20日) is each user's own choice, remembered on this PC
// across logout and login: a clinic PC is shared by a doctor who reads 西暦 and a clerk who compares
// documents as printed in 和暦, and one's choice must not turn the other's screens. It applies to
// every date the screens show (record days, note and save times, birth dates, history dialogs).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** Before the choice was per user it was one for the PC: a user who never chose starts from that. */
const PC_WIDE_KEY = 'renkei.recordDays.era';
const keyOf = (userId: string) => `${PC_WIDE_KEY}.${userId}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function readChoice(userId: string): boolean {
  try {
    const own = storage()?.getItem(keyOf(userId));
    return (own ?? storage()?.getItem(PC_WIDE_KEY)) === 'true';
  } catch {
    return false;
  }
}

type EraPreference = readonly [boolean, (era: boolean) => void];

const EraPreferenceContext = createContext<EraPreference>([false, () => undefined]);

/** The logged-in user's choice, for every screen below. */
export function EraPreferenceProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [era, setEraState] = useState(() => readChoice(userId));
  const setEra = useCallback(
    (next: boolean) => {
      try {
        storage()?.setItem(keyOf(userId), String(next));
      } catch {
        // Unavailable storage: the choice lasts for this window only.
      }
      setEraState(next);
    },
    [userId],
  );
  const value = useMemo(() => [era, setEra] as const, [era, setEra]);
  return <EraPreferenceContext.Provider value={value}>{children}</EraPreferenceContext.Provider>;
}

export function useEraPreference(): EraPreference {
  return useContext(EraPreferenceContext);
}

/** Whether dates are shown in 和暦 for the logged-in user. */
export function useEra(): boolean {
  return useContext(EraPreferenceContext)[0];
}
