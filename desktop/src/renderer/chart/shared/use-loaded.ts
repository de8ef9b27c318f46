// A value read from the DesktopApi for one screen part: loading, the value, or what went wrong,
// and a way to read it again after a change. A read overtaken by a newer one is ignored, so a slow
// answer never puts older data back on screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UserFacingError } from '../../../shared/desktop-api';
import { toUserFacingError } from '../../api/user-facing-error';

export interface Loaded<T> {
  value: T | null;
  error: UserFacingError | null;
  loading: boolean;
  reload(): void;
}

export function useLoaded<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  }, [load]);

  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    loadRef.current().then(
      (result) => {
        if (ticket !== latest.current) return;
        setValue(result);
        setError(null);
        setLoading(false);
      },
      (thrown: unknown) => {
        if (ticket !== latest.current) return;
        setError(toUserFacingError(thrown));
        setLoading(false);
      },
    );
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { value, error, loading, reload };
}
