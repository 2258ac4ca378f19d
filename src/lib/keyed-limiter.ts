/**
 * At most `limit` holders per key at once, in this process; others wait their turn (first come, first
 * served) up to `timeoutMs`, then get `null`. Keys with no holder and no waiter are forgotten.
 */
export function createKeyedLimiter() {
  const keys = new Map<string, { active: number; waiting: (() => void)[] }>();

  const release = (key: string) => {
    const entry = keys.get(key)!;
    const next = entry.waiting.shift();
    if (next) next();
    else if (--entry.active === 0) keys.delete(key);
  };

  return {
    /** Resolves to a release function once a slot is free, or to null after `timeoutMs`. */
    acquire(key: string, limit: number, timeoutMs: number): Promise<(() => void) | null> {
      let entry = keys.get(key);
      if (!entry) keys.set(key, (entry = { active: 0, waiting: [] }));
      const slot = entry;
      const releaser = () => {
        let released = false;
        return () => {
          if (released) return;
          released = true;
          release(key);
        };
      };
      if (slot.active < limit) {
        slot.active += 1;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve) => {
        // A slot handed over to a waiter stays counted in `active`: the waiter now holds it.
        const grant = () => {
          clearTimeout(timer);
          resolve(releaser());
        };
        const timer = setTimeout(() => {
          slot.waiting.splice(slot.waiting.indexOf(grant), 1);
          resolve(null);
        }, timeoutMs);
        timer.unref();
        slot.waiting.push(grant);
      });
    },
  };
}

export type KeyedLimiter = ReturnType<typeof createKeyedLimiter>;
