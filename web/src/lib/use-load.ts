import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading'; data?: T; reload: () => void }
  | { state: 'error'; error: string; data?: T; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

/** Runs `load` when `deps` change (and on `reload()`), exposing loading, error and ready states. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [result, setResult] = useState<{ state: 'loading' | 'error' | 'ready'; data?: T; error?: string }>({
    state: 'loading',
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setResult((previous) => ({ state: 'loading', data: previous.data }));
    loadRef.current().then(
      (data) => live && setResult({ state: 'ready', data }),
      (error: unknown) =>
        live &&
        setResult((previous) => ({
          state: 'error',
          data: previous.data,
          error: error instanceof Error ? error.message : String(error),
        })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...result, reload } as Loaded<T>;
}
