import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CHECKPOINT_MINUTES,
  engagementPlan,
  nextCheckpoint,
  reachAt,
  SCRIPT_MINUTES,
  streetIn,
} from '../../src/platforms/sandbox/engagement.js';

const text = 'Just listed: 12 Oak Street, 3 beds and a deck. Message us for a showing!';
const comments = (plan: ReturnType<typeof engagementPlan>) =>
  plan.interactions.filter((interaction) => interaction.kind === 'comment');

describe('the engagement script of a sandbox post', () => {
  it('when the same post is planned twice, then the script is identical; another post gets another', () => {
    const id = '4b6f6f1e-2a54-4c8e-9a57-0b1a3b1e2c3d';
    expect(engagementPlan(id, text)).toEqual(engagementPlan(id, text));
    const other = engagementPlan('0c7d2a44-9e1b-4f3a-8d65-7a2b9c0e1f42', text);
    expect(comments(other).map((c) => c.text)).not.toEqual(
      comments(engagementPlan(id, text)).map((c) => c.text),
    );
  });

  it('when any post is planned, then its first three comments ask the price and for a showing, and a complaint, spam and a returning commenter follow', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const plan = engagementPlan(id, text);
        const said = comments(plan);
        const opening = said.slice(0, 3).map((comment) => comment.intent);
        expect(opening).toContain('price');
        expect(opening).toContain('showing');
        const intents = new Set(said.map((comment) => comment.intent));
        expect(intents).toContain('complaint');
        expect(intents).toContain('spam');
        const authors = said.map((comment) => comment.author.handle);
        expect(new Set(authors).size).toBeLessThan(authors.length);
        expect(said.length).toBeGreaterThanOrEqual(9);
      }),
      { numRuns: 200 },
    );
  });

  it('when any post is planned, then every interaction has a distinct uuid, a time within the script in order, and likers are distinct people', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const { interactions } = engagementPlan(id, text);
        const ids = interactions.map((interaction) => interaction.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const uuid of ids) expect(z.uuid().safeParse(uuid).success).toBe(true);
        const minutes = interactions.map((interaction) => interaction.minute);
        expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
        expect(Math.min(...minutes)).toBeGreaterThan(0);
        expect(Math.max(...minutes)).toBeLessThanOrEqual(SCRIPT_MINUTES);
        const likers = interactions.filter((i) => i.kind === 'like').map((i) => i.author.handle);
        expect(likers.length).toBeGreaterThanOrEqual(40);
        expect(new Set(likers).size).toBe(likers.length);
      }),
      { numRuns: 100 },
    );
  });

  it('when reach is read over time, then it only grows, never lags the people who reacted, and the script ends', () => {
    const plan = engagementPlan('9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', text);
    const reach = CHECKPOINT_MINUTES.map((minute) => reachAt(plan, minute));
    expect(reach).toEqual([...reach].sort((a, b) => a - b));
    expect(reach.at(-1)).toBe(Math.max(plan.finalReach, plan.interactions.length));
    expect(reachAt(plan, 60)).toBeGreaterThanOrEqual(plan.interactions.filter((i) => i.minute <= 60).length);
    expect(nextCheckpoint(0)).toBe(CHECKPOINT_MINUTES[0]);
    expect(nextCheckpoint(50)).toBe(60);
    expect(nextCheckpoint(SCRIPT_MINUTES)).toBeNull();
  });

  it('when the post names a street, then comments can mention it; otherwise they say "this one"', () => {
    expect(streetIn(text)).toBe('12 Oak Street');
    expect(streetIn('Open house Saturday at 48 Linden Terrace, Portland.')).toBe('48 Linden Terrace');
    expect(streetIn('A bright colonial near the harbor.')).toBeNull();
    const withPlace = fc.sample(fc.uuid(), 50).flatMap((id) => comments(engagementPlan(id, text)));
    expect(withPlace.some((comment) => comment.text?.includes('12 Oak Street'))).toBe(true);
    const without = fc.sample(fc.uuid(), 50).flatMap((id) => comments(engagementPlan(id, 'Just listed!')));
    expect(without.some((comment) => comment.text?.includes('{place}'))).toBe(false);
  });
});
