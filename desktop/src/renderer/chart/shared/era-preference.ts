// Whether record days are read in 和暦 (令和8年11月20日) is remembered on this PC, like the language:
// offices that write their documents in 和暦 want to compare them as printed.
import { useCallback, useState } from 'react';

const STORAGE_KEY = 'renkei.recordDays.era';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function useEraPreference(): [boolean, (era: boolean) => void] {
  const [era, setEraState] = useState(() => {
    try {
      return storage()?.getItem(STORAGE_KEY) === 'true';
    } catch {
      return false;
    }
  });
  const setEra = useCallback((next: boolean) => {
    try {
      storage()?.setItem(STORAGE_KEY, String(next));
    } catch {
      // Unavailable storage: the choice lasts for this window only.
    }
    setEraState(next);
  }, []);
  return [era, setEra];
}
