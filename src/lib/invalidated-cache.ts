/**
 * A short-lived, bounded memory of values derived from the database (resolved credentials, rendered
 * list pages), so hot paths skip a query. Correctness comes from invalidation, not from the TTL: every
 * change to the underlying rows leads to `invalidate()` here (after the change commits) and to a
 * message that makes every other process call `clearLocal()`. The TTL only bounds staleness if such a
 * message were lost. An epoch guards the race where a lookup that started before an invalidation
 * finishes after it: its result is not stored.
 */
export interface InvalidatedCache<T> {
  get(key: string): T | undefined;
  /** The epoch to pass to `set`, read before the lookup that produces the value. */
  epoch(): number;
  set(key: string, value: T, epoch: number, notAfterMs?: number): void;
  /** Forgets everything, here and (through `broadcast`) in other processes. Call after committing. */
  invalidate: () => Promise<void>;
  /** Forgets everything in this process only (a message from another process). */
  clearLocal: () => void;
}

export function createInvalidatedCache<T>(options: {
  ttlMs: number;
  maxEntries: number;
  broadcast: () => Promise<void>;
}): InvalidatedCache<T> {
  const entries = new Map<string, { value: T; expiresAt: number }>();
  let currentEpoch = 0;
  const clearLocal = () => {
    currentEpoch += 1;
    entries.clear();
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    epoch: () => currentEpoch,
    set(key, value, epoch, notAfterMs = Number.POSITIVE_INFINITY) {
      if (options.ttlMs <= 0 || options.maxEntries <= 0 || epoch !== currentEpoch) return;
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: Math.min(Date.now() + options.ttlMs, notAfterMs) });
    },
    async invalidate() {
      clearLocal();
      await options.broadcast();
    },
    clearLocal,
  };
}
