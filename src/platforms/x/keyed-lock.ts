/**
 * An in-process mutex by key. X rotates refresh tokens (platform-apis.md §5.1): two refreshes with the
 * same refresh token race, and the loser's token is dead, which logs the account out. So every refresh
 * of one account runs under `lock.run(accountId, …)`, and inside it the caller re-reads the stored
 * credentials first: when another caller already refreshed them, it uses those instead of refreshing.
 *
 * This only serialises callers in one process. Across processes (API + workers) the caller wraps the
 * same critical section in a database advisory lock on the account (e.g. `pg_advisory_xact_lock`), which
 * the lead owns; this lock then just saves database round trips for callers in the same process.
 */
export interface KeyedLock {
  /** Runs `task` once every earlier task for `key` has settled; tasks for other keys run freely. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a running or waiting task (for tests and diagnostics). */
  readonly size: number;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
