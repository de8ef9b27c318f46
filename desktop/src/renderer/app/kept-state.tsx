// What a user was doing, kept in this window's memory while the screen is locked: the lock screen
// replaces every screen (so no patient data stays in the page), and a half-typed post or the open
// patient would otherwise be lost with them. A screen keeps such state with useKeptState instead
// of useState, under a key naming what it is (e.g. the post being written on one timeline); it is
// read back when the screen mounts again after unlocking. Nothing is written to disk, and it is
// all forgotten when the session ends (logout, another user) — App gives each session its own.
import { createContext, useCallback, useContext, useState, type ReactNode, type SetStateAction } from 'react';

export class KeptState {
  private readonly values = new Map<string, unknown>();

  /** The user whose session this is (null: none), so a store is never shared by two users. */
  constructor(readonly userId: string | null) {}

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }
}

const KeptStateContext = createContext<KeptState | null>(null);

export function KeptStateProvider({ store, children }: { store: KeptState; children: ReactNode }) {
  return <KeptStateContext.Provider value={store}>{children}</KeptStateContext.Provider>;
}

/** useState whose value outlives the screen (while the session lasts), under `key`. */
export function useKeptState<T>(key: string, initial: T | (() => T)): [T, (next: SetStateAction<T>) => void] {
  const store = useContext(KeptStateContext);
  const [value, setValue] = useState<T>(() => {
    const kept = store?.get<T>(key);
    if (kept !== undefined) return kept;
    return typeof initial === 'function' ? (initial as () => T)() : initial;
  });
  const set = useCallback(
    (next: SetStateAction<T>) =>
      setValue((current) => {
        const value = typeof next === 'function' ? (next as (previous: T) => T)(current) : next;
        store?.set(key, value);
        return value;
      }),
    [store, key],
  );
  return [value, set];
}
