/**
 * Gathers items handed in separately during one turn of the event loop and runs them together: the
 * jobs of one fetched batch each add their work, and one statement or transaction does it all. `run`
 * answers with one result per item, in order (or nothing, for work without results). Each caller's
 * promise settles with its group's outcome, so a failure fails (and retries) every item of that group.
 */
export function createBatcher<T, R = void>(
  run: (items: T[]) => Promise<R[] | void>,
  options: {
    max: number;
    /**
     * One group at a time: what arrives while a group runs waits for it and goes in the next (a
     * group commit — under load, fewer and larger writes).
     */
    serial?: boolean;
  },
) {
  let pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  let running = false;

  async function flush() {
    scheduled = false;
    running = true;
    const taken = pending;
    pending = [];
    for (let start = 0; start < taken.length; start += options.max) {
      const group = taken.slice(start, start + options.max);
      try {
        const results = await run(group.map((entry) => entry.item));
        group.forEach((entry, index) => entry.resolve(results?.[index] as R));
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    running = false;
    if (options.serial && pending.length > 0) schedule();
  }

  function schedule() {
    if (scheduled || (options.serial && running)) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return {
    add(item: T): Promise<R> {
      return new Promise((resolve, reject) => {
        pending.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}

export type Batcher<T, R = void> = ReturnType<typeof createBatcher<T, R>>;
