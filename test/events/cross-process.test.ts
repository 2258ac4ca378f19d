import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../../src/modules/events/emit-event.js';
import { registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { withDatabase } from '../helpers/database.js';
import { openStream } from './sse-client.js';

const root = new URL('../../', import.meta.url).pathname;
const script = new URL('./emit-in-another-process.ts', import.meta.url).pathname;

/** Runs the emitting script in a process of its own and answers the event id it printed. */
async function emitElsewhere(url: string, workspaceId: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, workspaceId], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  expect(code, errors).toBe(0);
  return (JSON.parse(out.trim()) as { id: number }).id;
}

// LISTEN/NOTIFY between processes needs a server both connect to: PGlite lives inside one process, so
// this runs in the PostgreSQL pass of the suite only (TEST_DATABASE_URL set).
describe.skipIf(!process.env.TEST_DATABASE_URL)('events across processes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { workers: false });
  });
  afterAll(async () => {
    await t.close();
  });

  /** The test app's own database, for the other process to open. */
  const databaseUrl = async () => {
    const { rows } = await t.database.executeSql('select current_database() as name', []);
    return withDatabase(process.env.TEST_DATABASE_URL!, String(rows[0]!.name));
  };

  it('when another process records an event, then the stream served by this process delivers it', async () => {
    const agent = await registerUser(t.app);
    const stream = await openStream(t.app, { token: agent.token });
    expect(stream.status).toBe(200);
    const id = await emitElsewhere(await databaseUrl(), agent.workspaceId);
    const received = await stream.next((event) => event.id === id);
    expect(received).toMatchObject({
      event: 'lead.created',
      data: { kind: 'lead.created', data: { from: 'another process' } },
    });
    stream.close();
  });

  it('when the listening connection is cut, then it listens again and the stream gets what happened meanwhile', async () => {
    const agent = await registerUser(t.app);
    const stream = await openStream(t.app, { token: agent.token });
    const before = await emitElsewhere(await databaseUrl(), agent.workspaceId);
    await stream.next((event) => event.id === before);

    const { rows } = await t.database.executeSql(
      `select pg_terminate_backend(pid) as cut from pg_stat_activity
        where datname = current_database() and query = 'listen listcast_events'`,
      [],
    );
    expect(rows).toEqual([{ cut: true }]);
    // Committed at once, while nothing listens (it listens again after a back-off): read back then.
    const during = await t.database.db.transaction((tx) =>
      emitEvent({ tx, jobs: t.jobs, workspaceId: agent.workspaceId, kind: 'lead.hot', data: {} }),
    );
    await stream.next((event) => event.id === during);
    const after = await emitElsewhere(await databaseUrl(), agent.workspaceId);
    await stream.next((event) => event.id === after);
    expect(stream.events.map((event) => event.id)).toEqual([before, during, after]);
    stream.close();
  });
});
