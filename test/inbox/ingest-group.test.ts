import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxMessages, inboxThreads, leadEvents, leads, socialAccounts } from '../../src/db/schema.js';
import { ingestEngagements } from '../../src/modules/inbox/ingest.js';
import type { IncomingEngagement } from '../../src/platforms/social-platform.js';
import { registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Webhook events are ingested in groups (one transaction, a few statements for all): a group must give
 * the same inbox and leads as the same events one at a time.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { workers: false });
});
afterAll(() => t.close());

describe('events ingested as one group', () => {
  it('when one group holds a person twice in a thread, a redelivery and another person, then one thread per root, one lead per interested person with every event, and the redelivery adds nothing', async () => {
    const agent = await registerUser(t.app);
    const [account] = await t.database.db
      .insert(socialAccounts)
      .values({
        workspaceId: agent.workspaceId,
        platform: 'instagram',
        network: 'live',
        externalId: 'ig-group-test',
        handle: 'harborhomes',
        displayName: 'Harbor Homes',
        kind: 'business',
      })
      .returning();
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute));
    const comment = (id: string, who: string, text: string, minute: number, parent?: string) =>
      ({
        platform: 'instagram',
        accountExternalId: 'ig-group-test',
        kind: 'comment',
        externalId: id,
        parentExternalId: parent ?? null,
        postExternalId: 'media-1',
        author: { id: `igsid-${who}`, handle: who, name: who },
        text,
        at: at(minute),
        fromAccount: false,
      }) satisfies IncomingEngagement;
    const events = [
      comment('c1', 'maya', 'Gorgeous kitchen 😍', 1),
      comment('c2', 'maya', "What's the asking price?", 2, 'c1'),
      comment('c2', 'maya', "What's the asking price?", 2, 'c1'),
      comment('c3', 'sam', 'Can we book a showing Saturday?', 3),
      { ...comment('r1', 'harborhomes', 'Thanks Maya!', 4, 'c1'), fromAccount: true },
    ];

    const outcomes = await t.database.db.transaction((tx) =>
      ingestEngagements(
        { db: t.database.db, jobs: t.jobs, config: t.config },
        events.map((event) => ({ account: account!, event })),
        tx,
      ),
    );

    expect(outcomes).toEqual(['new', 'new', 'duplicate', 'new', 'own']);
    const threads = await t.database.db
      .select()
      .from(inboxThreads)
      .where(eq(inboxThreads.accountId, account!.id));
    expect(threads.map((thread) => thread.externalId).sort()).toEqual(['c1', 'c3']);
    const maya = threads.find((thread) => thread.externalId === 'c1')!;
    // The thread shows its latest message's triage, and when it was.
    expect(maya.intent).toBe('price_question');
    expect(maya.lastMessageAt).toEqual(at(2));
    const messages = await t.database.db
      .select()
      .from(inboxMessages)
      .where(eq(inboxMessages.threadId, maya.id));
    expect(messages.map((message) => [message.externalId, message.direction]).sort()).toEqual([
      ['c1', 'in'],
      ['c2', 'in'],
      ['r1', 'out'],
    ]);

    const people = await t.database.db.select().from(leads).where(eq(leads.workspaceId, agent.workspaceId));
    expect(people.map((lead) => lead.name).sort()).toEqual(['maya', 'sam']);
    const mayaLead = people.find((lead) => lead.name === 'maya')!;
    expect(maya.leadId).toBe(mayaLead.id);
    // The compliment came first, before Maya had a lead: only the price question is on her timeline.
    const timeline = await t.database.db.select().from(leadEvents).where(eq(leadEvents.leadId, mayaLead.id));
    expect(timeline.map((event) => event.intent)).toEqual(['price_question']);
    expect(mayaLead.interactionCount).toBe(1);
    expect(mayaLead.lastInteractionAt).toEqual(at(2));
    expect(Number(mayaLead.score)).toBeGreaterThan(0);
  });
});
