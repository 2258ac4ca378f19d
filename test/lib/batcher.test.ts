import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/lib/batcher.js';

describe('createBatcher', () => {
  it('when items are added in one turn of the event loop, then they run together and each caller gets its own result', async () => {
    const runs: number[][] = [];
    const square = createBatcher<number, number>(
      async (items) => {
        runs.push(items);
        return items.map((item) => item * item);
      },
      { max: 3 },
    );
    const results = await Promise.all([1, 2, 3, 4, 5].map((item) => square.add(item)));
    expect(results).toEqual([1, 4, 9, 16, 25]);
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(await square.add(6)).toBe(36);
    expect(runs.at(-1)).toEqual([6]);
  });

  it('when a group fails, then every caller of that group is rejected and the other groups still succeed', async () => {
    const batcher = createBatcher<number, string>(
      async (items) => {
        if (items.includes(2)) throw new Error('group failed');
        return items.map(String);
      },
      { max: 2 },
    );
    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => batcher.add(item)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(outcomes[2]).toMatchObject({ value: '3' });
  });

  it('when serial, then items that arrive while a group runs wait and go out together in the next group', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = createBatcher<number>(
      async (items) => {
        runs.push(items);
        if (runs.length === 1) await gate;
      },
      { max: 10, serial: true },
    );
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => batcher.add(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });
});
