/**
 * A short-lived memory of "this credential, in this workspace, resolved to this caller", so the hot path
 * skips token verification and the session/membership query. Correctness comes from invalidation, not
 * from the TTL: every change to sessions, memberships or API keys calls `invalidate()`, which empties
 * this process's cache and (on PostgreSQL) tells every other process to do the same. The TTL only bounds
 * staleness if such a message were lost. An epoch guards the race where a lookup that started before an
 * invalidation finishes after it: its result is not stored.
 */
export interface AuthCache<T> {
  get(key: string): T | undefined;
  /** The epoch to pass to `set`, read before the lookup that produces the value. */
  epoch(): number;
  set(key: string, value: T, epoch: number, notAfterMs?: number): void;
  /** Forgets everything, here and in other processes. Call after committing the change. */
  invalidate: () => Promise<void>;
  /** Forgets everything in this process only (a message from another process). */
  clearLocal: () => void;
}

const MAX_ENTRIES = 10_000;

export function createAuthCache<T>(options: { ttlMs: number; broadcast: () => Promise<void> }): AuthCache<T> {
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
      if (options.ttlMs <= 0 || epoch !== currentEpoch) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: Math.min(Date.now() + options.ttlMs, notAfterMs) });
    },
    async invalidate() {
      clearLocal();
      await options.broadcast();
    },
    clearLocal,
  };
}
