import { eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets, socialAccounts } from '../../src/db/schema.js';
import { createKeyedLimiter } from '../../src/lib/keyed-limiter.js';
import { createMediaServices } from '../../src/modules/media/media-services.js';
import { createPublishBatches } from '../../src/modules/posts/publish-batches.js';
import { ACCOUNT_CONCURRENCY, runPublish, type PublishDeps } from '../../src/modules/posts/run-publish.js';
import { PlatformError, type SocialPlatform } from '../../src/platforms/social-platform.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';

/**
 * The publishing engine's limits, with the publish job run directly (no workers) against a platform
 * whose publish calls wait at a gate the test opens: how many run at once per account, in one process
 * and across two; a second run of a target already being published; an account paused by a rate limit.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://listcast.example.com' }, { workers: false });
});
afterAll(() => t.close());

/** A platform whose `publish` calls wait until `open()`; it counts calls and the most at once. */
function gatedPlatform() {
  let release!: () => void;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const state = { calls: 0, inFlight: 0, most: 0, failWith: null as PlatformError | null };
  const arrived: (() => void)[] = [];
  const platform = {
    platform: 'facebook',
    label: 'Gated',
    usesPkce: false,
    validate: () => [],
    async publish() {
      state.calls += 1;
      if (state.failWith) throw state.failWith;
      state.inFlight += 1;
      state.most = Math.max(state.most, state.inFlight);
      arrived.splice(0).forEach((notify) => notify());
      await gate;
      state.inFlight -= 1;
      return { externalId: `fb_${state.calls}`, permalink: `https://facebook.com/${state.calls}` };
    },
    status: async () => ({ state: 'not_published' as const }),
  } as unknown as SocialPlatform;
  return {
    platform,
    state,
    open: () => release(),
    close: () => (gate = new Promise<void>((resolve) => (release = resolve))),
    /** Resolves once `count` publish calls are waiting at the gate. */
    async waiting(count: number) {
      while (state.inFlight < count) await new Promise<void>((resolve) => arrived.push(resolve));
    },
  };
}

function depsFor(platform: SocialPlatform): PublishDeps {
  const media = createMediaServices(t.config, TEST_SECRET);
  return {
    db: t.database.db,
    jobs: t.jobs,
    storage: media.storage,
    urls: media.mediaUrls,
    logger: pino({ level: 'silent' }),
    slots: createKeyedLimiter(),
    batches: createPublishBatches(t.database.db, t.jobs),
    retryBaseMs: 30_000,
    platformFor: () => platform,
    credentialsOf: () => null,
    refresh: () => Promise.reject(new Error('not used')),
  };
}

/** A sandbox Facebook account and `count` posts to it scheduled for now; returns the target jobs' inputs. */
async function scheduledTargets(agent: TestUser, count: number) {
  const account = await call(t.app, 'POST', '/api/v1/accounts/sandbox', {
    as: agent,
    body: { platform: 'facebook', handle: `limits_${Math.random().toString(36).slice(2, 8)}` },
  });
  const inputs: { targetId: string; generation: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await call(t.app, 'POST', '/api/v1/posts', {
      as: agent,
      body: {
        text: `Open house ${i} at 12 Oak Street`,
        targets: [{ accountId: account.body.id }],
        scheduledAt: new Date().toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const [target] = await t.database.db
      .select({ id: postTargets.id, generation: postTargets.generation })
      .from(postTargets)
      .where(eq(postTargets.postId, created.body.id));
    inputs.push({ targetId: target!.id, generation: target!.generation });
  }
  return { accountId: account.body.id as string, inputs };
}

const statuses = async (inputs: { targetId: string }[]) =>
  (
    await t.database.db
      .select({ status: postTargets.status })
      .from(postTargets)
      .where(
        inArray(
          postTargets.id,
          inputs.map((input) => input.targetId),
        ),
      )
  ).map((row) => row.status);

/** Publish jobs queued for these targets to start later than now (the "try again later" answers). */
async function requeued(inputs: { targetId: string }[]) {
  const { rows } = await t.database.executeSql(
    `select data->>'targetId' as target, start_after from pgboss.job
     where name = 'posts.publish' and state = 'created' and start_after > now()
       and data->>'targetId' = any($1::text[])`,
    [inputs.map((input) => input.targetId)],
  );
  return rows as { target: string; start_after: Date }[];
}

describe('publishing limits', () => {
  it('when many posts of one account fall due at once, then no more than its limit publish at the same time, and all go out', async () => {
    const agent = await registerUser(t.app);
    const limit = ACCOUNT_CONCURRENCY.sandbox;
    const { inputs } = await scheduledTargets(agent, limit + 4);
    const gated = gatedPlatform();
    const deps = depsFor(gated.platform);

    const runs = inputs.map((input) => runPublish(deps, input));
    await gated.waiting(limit);
    expect(gated.state.inFlight).toBe(limit);
    gated.open();
    await Promise.all(runs);

    expect(gated.state.most).toBe(limit);
    expect(gated.state.calls).toBe(inputs.length);
    expect(await statuses(inputs)).toEqual(inputs.map(() => 'published'));
  });

  it('when two worker processes publish the same account, then together they stay within its limit, and the rest are queued again', async () => {
    const agent = await registerUser(t.app);
    const limit = ACCOUNT_CONCURRENCY.sandbox;
    const { inputs } = await scheduledTargets(agent, limit + 2);
    const gated = gatedPlatform();
    // Two processes: the same database, each with its own in-process slots.
    const first = depsFor(gated.platform);
    const second = depsFor(gated.platform);

    const firstRuns = inputs.slice(0, limit).map((input) => runPublish(first, input));
    await gated.waiting(limit);
    const rest = inputs.slice(limit);
    await Promise.all(rest.map((input) => runPublish(second, input)));

    expect(gated.state.inFlight).toBe(limit);
    expect(new Set((await requeued(rest)).map((row) => row.target))).toEqual(
      new Set(rest.map((input) => input.targetId)),
    );
    expect(await statuses(rest)).toEqual(rest.map(() => 'scheduled'));
    gated.open();
    await Promise.all(firstRuns);
    await Promise.all(rest.map((input) => runPublish(second, input)));
    expect(gated.state.most).toBe(limit);
    expect(await statuses(inputs)).toEqual(inputs.map(() => 'published'));
  });

  it('when a second run of a target starts while the first is publishing it, then it publishes nothing and looks again after the lease', async () => {
    const agent = await registerUser(t.app);
    const { inputs } = await scheduledTargets(agent, 1);
    const input = inputs[0]!;
    const gated = gatedPlatform();

    const firstRun = runPublish(depsFor(gated.platform), input);
    await gated.waiting(1);
    await runPublish(depsFor(gated.platform), input);
    expect(gated.state.calls).toBe(1);
    const [again] = await requeued(inputs);
    const [row] = await t.database.db.select().from(postTargets).where(eq(postTargets.id, input.targetId));
    expect(new Date(again!.start_after).getTime()).toBeGreaterThan(row!.leaseUntil!.getTime());

    gated.open();
    await firstRun;
    expect(await statuses(inputs)).toEqual(['published']);
  });

  it('when the platform rate-limits an account, then its other posts wait until the limit resets without calling it', async () => {
    const agent = await registerUser(t.app);
    const { accountId, inputs } = await scheduledTargets(agent, 2);
    const gated = gatedPlatform();
    const resetAt = new Date(Date.now() + 15 * 60_000);
    gated.state.failWith = new PlatformError('rate_limited', 'Facebook asked us to slow down', {
      retryAt: resetAt,
    });
    const deps = depsFor(gated.platform);

    await runPublish(deps, inputs[0]!);
    await runPublish(deps, inputs[1]!);

    expect(gated.state.calls).toBe(1);
    const [account] = await t.database.db
      .select()
      .from(socialAccounts)
      .where(eq(socialAccounts.id, accountId));
    expect(account!.blockedUntil!.getTime()).toBe(resetAt.getTime());
    const waiting = await requeued(inputs);
    expect(waiting.map((row) => new Date(row.start_after).getTime()).sort()).toEqual([
      resetAt.getTime(),
      resetAt.getTime(),
    ]);
    expect(await statuses(inputs)).toEqual(['scheduled', 'scheduled']);
    const [first] = await t.database.db
      .select({ error: postTargets.error })
      .from(postTargets)
      .where(eq(postTargets.id, inputs[0]!.targetId));
    expect(first!.error!.message).toContain('Rescheduled for');
  });
});
