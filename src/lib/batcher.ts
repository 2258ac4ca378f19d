/**
 * Gathers items handed in separately during one turn of the event loop and runs them together: the
 * jobs of one fetched batch each add their work, and one statement or transaction does it all. `run`
 * answers with one result per item, in order (or nothing, for work without results). Each caller's
 * promise settles with its group's outcome, so a failure fails (and retries) every item of that group.
 */
export function createBatcher<T, R = void>(
  run: (items: T[]) => Promise<R[] | void>,
  options: { max: number },
) {
  let pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  async function flush() {
    scheduled = false;
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
  }

  return {
    add(item: T): Promise<R> {
      return new Promise((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}

export type Batcher<T, R = void> = ReturnType<typeof createBatcher<T, R>>;
