/**
 * Gathers items handed in separately during one turn of the event loop and runs them together: the
 * jobs of one fetched batch each add their work, and one transaction does it all. Each caller's promise
 * settles with its group's outcome, so a failure fails (and retries) every item of that group.
 */
export function createBatcher<T>(run: (items: T[]) => Promise<void>, options: { max: number }) {
  let pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  async function flush() {
    scheduled = false;
    const taken = pending;
    pending = [];
    for (let start = 0; start < taken.length; start += options.max) {
      const group = taken.slice(start, start + options.max);
      try {
        await run(group.map((entry) => entry.item));
        for (const entry of group) entry.resolve();
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
  }

  return {
    add(item: T): Promise<void> {
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
