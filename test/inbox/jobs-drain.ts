import { vi } from 'vitest';
import type { TestApp } from '../helpers/app.js';

/**
 * Waits until no job of these queues is waiting (due now) or running, then until each finished job
 * settled: the chain of work one action started (engagement → polling → replies) is done.
 */
export async function drain(t: TestApp, names: string[]) {
  await vi.waitFor(
    async () => {
      const { rows } = await t.database.executeSql(
        `select count(*)::int as n from pgboss.job
          where name = any($1) and state in ('created', 'retry', 'active') and start_after <= now()`,
        [names],
      );
      if (Number(rows[0]?.n) > 0) throw new Error(`${String(rows[0]?.n)} jobs still to run`);
    },
    { timeout: 60_000, interval: 50 },
  );
}
