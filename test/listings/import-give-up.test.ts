import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueue } from '../../src/jobs/queue.js';
import { importListingsJob } from '../../src/modules/listings/import-listings.job.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csvFile, csvLine, uploadCsv } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ IMPORT_SYNC_MAX_ROWS: '2' });
});
afterAll(() => t.close());

const sql = (text: string, values: unknown[] = []) => t.database.executeSql(text, values);

describe('an import whose job keeps failing', () => {
  it('when every attempt fails, then the queue gives up, the import ends failed with a message, and nothing is imported', async () => {
    // The database refuses these listings on every attempt, and the queue retries no more.
    await sql(`create function refuse_listing() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test'; end $$`);
    await sql(`create trigger refuse_listing before insert on listings for each row
      when (new.street like '%Refused%') execute function refuse_listing()`);
    await sql(`update pgboss.queue set retry_limit = 0 where name = $1`, [importListingsJob.name]);
    const { rows: queue } = await sql(`select dead_letter from pgboss.queue where name = $1`, [
      importListingsJob.name,
    ]);
    expect(queue[0]?.dead_letter).toBe(deadLetterQueue(importListingsJob.name));

    const agent = await registerUser(t.app);
    const lines = Array.from({ length: 4 }, (_, n) => csvLine(n + 1, { street: `${n + 1} Refused Road` }));
    const upload = await uploadCsv(t.app, agent, csvFile(lines));
    expect(upload.status).toBe(202);
    const importId: string = upload.body.import.id;

    const { rows: jobs } = await sql(`select id from pgboss.job where name = $1 and data->>'importId' = $2`, [
      importListingsJob.name,
      importId,
    ]);
    expect((await t.jobs.settled(String(jobs[0]!.id))).ok).toBe(false);
    // pg-boss moves the payload to the dead-letter queue as it records the failure; each look is one
    // database round trip, never a timer.
    let deadJobId: string | undefined;
    for (let attempt = 0; attempt < 5000 && !deadJobId; attempt++) {
      const { rows } = await sql(`select id from pgboss.job where name = $1 and data->>'importId' = $2`, [
        deadLetterQueue(importListingsJob.name),
        importId,
      ]);
      deadJobId = rows[0] ? String(rows[0].id) : undefined;
    }
    expect(deadJobId).toBeDefined();
    expect((await t.jobs.settled(deadJobId!)).ok).toBe(true);

    const polled = await call(t.app, 'GET', `/api/v1/listings/imports/${importId}`, { as: agent });
    expect(polled.body.import).toMatchObject({ status: 'failed', importedRows: 0 });
    expect(polled.body.import.errors[0].message).toMatch(/could not be completed/);
    const listed = await call(t.app, 'GET', '/api/v1/listings', { as: agent });
    expect(listed.body.items).toHaveLength(0);
  });
});
