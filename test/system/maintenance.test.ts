import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeJob } from '../../src/modules/maintenance/analyze.job.js';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csvHeader, csvRow } from '../helpers/world.js';
import { multipartFile } from '../helpers/openapi.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('planner statistics', () => {
  it('when the analyze job runs, then the listing page reads the index instead of sorting the workspace', async () => {
    const user = await registerUser(t.app);
    const rows = Array.from({ length: 150 }, (_, i) => csvRow(`${i} Analyze Street`));
    const upload = multipartFile('file', 'many.csv', `${csvHeader}\n${rows.join('\n')}\n`);
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings/import',
      payload: upload.payload,
      headers: { ...upload.headers, authorization: `Bearer ${user.token}` },
    });
    expect(imported.statusCode).toBe(201);

    const jobId = await t.jobs.enqueue(analyzeJob.name, {});
    expect((await t.jobs.settled(jobId)).ok).toBe(true);

    const { rows: stats } = await t.database.executeSql(
      `select count(*)::int as n from pg_stats where tablename = 'listings' and attname = 'workspace_id'`,
      [],
    );
    expect(stats[0]?.n).toBe(1);
    const { rows: plan } = await t.database.executeSql(
      `explain select id from listings where workspace_id = $1 order by created_at desc, id desc limit 21`,
      [user.workspaceId],
    );
    const text = plan.map((row) => String(row['QUERY PLAN'])).join('\n');
    expect(text).toContain('listings_workspace_created_idx');
    expect(text).not.toMatch(/Sort Key/);
    const page = await call(t.app, 'GET', '/api/v1/listings?limit=20', { as: user });
    expect(page.body.items).toHaveLength(20);
  });
});
