import { describe, expect, it } from 'vitest';
import { checkLimits, composePost, escapeLittleText, fitToLimits, postLength } from '../../src/ai/limits.js';

describe('platform limits', () => {
  it('when X text has a URL, emoji or CJK, then it is counted as X weighs it (URL 23, emoji and CJK 2)', () => {
    expect(postLength('x', 'See https://example.com/a/very/long/path/to/a/listing/page')).toBe(4 + 23);
    expect(postLength('x', '🏡')).toBe(2);
    expect(postLength('x', '東京')).toBe(4);
    expect(postLength('instagram', '東京🏡')).toBe(3);
  });

  it('when a post is too long or has too many hashtags, then each problem is named with its limit', () => {
    const post = { platform: 'x' as const, text: 'Bright home. '.repeat(30), hashtags: ['#a', '#b', '#c'] };
    const problems = checkLimits(post, { hashtagCap: 5 });
    expect(problems.map((problem) => problem.code).sort()).toEqual(['too_long', 'too_many_hashtags']);
    expect(problems.find((problem) => problem.code === 'too_many_hashtags')?.limit).toBe(2);
    const instagram = { platform: 'instagram' as const, text: 'Bright home.', hashtags: ['#a', '#b', '#c'] };
    expect(checkLimits(instagram, { hashtagCap: 2 })[0]).toMatchObject({
      code: 'too_many_hashtags',
      limit: 2,
    });
    expect(checkLimits({ ...instagram, text: '  ' }, { hashtagCap: 5 })[0]?.code).toBe('empty');
  });

  it('when a post is fitted, then it keeps whole sentences or whole words, and every limit holds', () => {
    const sentences = 'The kitchen was renovated with quartz counters. The yard is fenced. '.repeat(8).trim();
    const fitted = fitToLimits(
      { platform: 'x', text: sentences, hashtags: ['#JustListed', '#Portland', '#Extra'] },
      { hashtagCap: 5 },
    );
    expect(checkLimits(fitted, { hashtagCap: 5 })).toEqual([]);
    expect(fitted.text).toMatch(/\.$/);
    expect(sentences.startsWith(fitted.text)).toBe(true);

    const oneSentence = `A ${'wonderfully '.repeat(40)}bright home`;
    const cut = fitToLimits({ platform: 'x', text: oneSentence, hashtags: [] }, { hashtagCap: 5 });
    expect(cut.text.endsWith('…')).toBe(true);
    expect(oneSentence.startsWith(cut.text.slice(0, -1))).toBe(true);
    expect(oneSentence[cut.text.length - 1]).toBe(' '); // the cut falls between words
    expect(postLength('x', composePost(cut))).toBeLessThanOrEqual(280);
  });

  it("when text goes to LinkedIn, then its 'little text' reserved characters are escaped", () => {
    expect(escapeLittleText('3 bed (2 en-suite) #JustListed @Agent_Name [view] <now> *new* ~ | {} \\')).toBe(
      '3 bed \\(2 en-suite\\) \\#JustListed \\@Agent\\_Name \\[view\\] \\<now\\> \\*new\\* \\~ \\| \\{\\} \\\\',
    );
  });
});
