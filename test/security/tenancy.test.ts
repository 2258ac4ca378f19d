import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { fillPath, listOperations, type Operation } from '../helpers/openapi.js';
import { buildWorld, MARKER, validBody, withAuth, worldParams, type World } from '../helpers/world.js';

/** Operations anyone may call without a token; every other operation must require one. */
const PUBLIC = new Set([
  'GET /health',
  'GET /ready',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
]);
/** Operations about the signed-in person rather than a workspace: they ignore X-Workspace-Id. */
const PERSONAL = new Set([
  'GET /api/v1/me',
  'POST /api/v1/auth/logout',
  'GET /api/v1/workspaces',
  'POST /api/v1/workspaces',
  'POST /api/v1/invitations/accept',
]);

let t: TestApp;
let world: World;
let operations: Operation[];
let intruder: TestUser;
let intruderKey: string;

/** Everything workspace A holds, as text: compared before and after the intruder's attempts. */
async function snapshotOfA(): Promise<string> {
  const tables = [
    'workspaces',
    'memberships',
    'invitations',
    'api_keys',
    'brand_kits',
    'listings',
    'listing_imports',
    'content_settings',
    'content_sets',
    'ai_calls',
    'media',
    'campaigns',
    'campaign_posts',
    'campaign_templates',
    'campaign_log',
    'automation_settings',
    'account_posting_rules',
    'post_approvals',
    'lead_sequences',
    'email_suppressions',
    'webhook_endpoints',
    'webhook_deliveries',
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const column = table === 'workspaces' ? 'id' : 'workspace_id';
    const { rows } = await t.database.executeSql(
      `select coalesce(string_agg(x::text, '|' order by x::text), '') as rows from ${table} x where ${column} = $1`,
      [world.ids.workspace],
    );
    parts.push(`${table}: ${String(rows[0]?.rows)}`);
  }
  return parts.join('\n');
}

async function send(operation: Operation, as: { token: string; workspaceId?: string }) {
  const url = fillPath(operation.path, worldParams(operation, world));
  const body = validBody(operation);
  if (body.upload) {
    const response = await t.app.inject({
      method: operation.method,
      url,
      ...withAuth(as, body.upload),
      ...(as.workspaceId
        ? { headers: { ...withAuth(as, body.upload).headers, 'x-workspace-id': as.workspaceId } }
        : {}),
    });
    return { status: response.statusCode, text: response.body };
  }
  const response = await call(t.app, operation.method, url, {
    as,
    ...(body.json === undefined ? {} : { body: body.json }),
  });
  return { status: response.status, text: JSON.stringify(response.body) };
}

function expectNoLeak(text: string, label: string) {
  expect(text, label).not.toContain(MARKER);
  for (const [name, id] of Object.entries(world.ids))
    expect(text, `${label} leaks ${name}`).not.toContain(id);
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, t.database.db);
  operations = (await listOperations(t.app)).filter((op) => !PUBLIC.has(op.key));
  // Logout ends the caller's session, so it goes last.
  operations.sort(
    (a, b) => Number(a.key === 'POST /api/v1/auth/logout') - Number(b.key === 'POST /api/v1/auth/logout'),
  );
  intruder = await registerUser(t.app, 'Intruder');
  const key = await call(t.app, 'POST', '/api/v1/api-keys', {
    as: intruder,
    body: { name: 'intruder', role: 'admin' },
  });
  intruderKey = key.body.key;
});
afterAll(() => t.close());

describe('tenancy across every operation in /openapi.json', () => {
  it('when the spec is read, then every operation but the public ones requires a token', async () => {
    const all = await listOperations(t.app);
    expect(all.length).toBeGreaterThan(25);
    for (const op of all) {
      if (PUBLIC.has(op.key)) continue;
      expect(op.secured, `${op.key} must declare bearer security`).toBe(true);
      const anonymous = await t.app.inject({
        method: op.method,
        url: fillPath(op.path, worldParams(op, world)),
      });
      expect(anonymous.statusCode, `${op.key} without a token`).toBe(401);
    }
  });

  it("when a member of workspace B uses A's ids, then every operation answers 404 or B's own data, never A's", async () => {
    const before = await snapshotOfA();
    for (const as of [intruder, { token: intruderKey }]) {
      for (const op of operations) {
        if (op.key === 'POST /api/v1/auth/logout' && as.token === intruderKey) continue;
        // B's own event stream stays open (test/events checks it carries nothing of A's).
        if (op.stream) continue;
        const { status, text } = await send(op, as);
        const label = `${op.key} as ${as === intruder ? 'user' : 'API key'} of B → ${status}`;
        expect(status, label).toBeLessThan(500);
        expectNoLeak(text, label);
        // Only ids name another workspace's resources (`{platform}` names a network).
        if (op.pathParams.filter((param) => param !== 'platform').length === 0) continue;
        if (status === 403 && as.token === intruderKey) {
          // Refused for being an API key, whatever the id: the same answer for an id that exists nowhere.
          const nowhere = op.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
          const control = await t.app.inject({
            method: op.method,
            url: nowhere,
            headers: { authorization: `Bearer ${intruderKey}` },
            ...(validBody(op).json === undefined ? {} : { payload: validBody(op).json as object }),
          });
          expect(control.statusCode, `${label}: 403 must not depend on the id`).toBe(403);
        } else {
          expect(status, label).toBe(404);
        }
      }
    }
    expect(await snapshotOfA()).toBe(before);
  });

  it("when B names A's workspace in X-Workspace-Id, then every workspace operation answers 404", async () => {
    const fresh = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: intruder.email, password: intruder.password },
    });
    const as = { token: fresh.body.accessToken as string, workspaceId: world.ids.workspace! };
    const before = await snapshotOfA();
    for (const op of operations) {
      const { status, text } = await send(op, as);
      const label = `${op.key} with X-Workspace-Id of A → ${status}`;
      expectNoLeak(text, label);
      if (!PERSONAL.has(op.key)) expect(status, label).toBe(404);
    }
    expect(await snapshotOfA()).toBe(before);
  });

  it("when A's own owner reads, then A's data is there (the ids used above are real)", async () => {
    const listing = await call(t.app, 'GET', `/api/v1/listings/${world.ids.listing}`, { as: world.owner });
    expect(listing.status).toBe(200);
    const members = await call(t.app, 'GET', '/api/v1/members', { as: world.owner });
    expect(JSON.stringify(members.body)).toContain(world.ids.member);
    const importRow = await call(t.app, 'GET', `/api/v1/listings/imports/${world.ids.import}`, {
      as: world.owner,
    });
    expect(importRow.status).toBe(200);
  });
});
