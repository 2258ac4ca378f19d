/**
 * Run by cross-process.test.ts as a process of its own: opens the database at argv[2] with Listcast's
 * client, records one event for workspace argv[3] in a transaction, prints its id and exits. Nothing
 * else is shared with the test's process.
 */
import { fromPostgres } from '../../src/db/client.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { emitEvent } from '../../src/modules/events/emit-event.js';

const [url, workspaceId] = process.argv.slice(2);
if (!url || !workspaceId) throw new Error('usage: emit-in-another-process.ts <database url> <workspace id>');

/** The workspace has no webhooks, so nothing is queued; anything else is a mistake. */
const noJobs = new Proxy({} as JobQueue, {
  get: () => () => Promise.reject(new Error('no job is expected here')),
});

const database = fromPostgres({ url, poolSize: 1, onError: (error) => console.error(error) });
const id = await database.db.transaction((tx) =>
  emitEvent({
    tx,
    jobs: noJobs,
    workspaceId,
    kind: 'lead.created',
    data: { from: 'another process', pid: process.pid },
  }),
);
console.log(JSON.stringify({ id }));
await database.close();
