/**
 * The built-in copywriter: a `ContentModel` that writes offline, in microseconds, from the brief's facts
 * alone. Wording varies with the seed (regenerate) and the tone; facts never do. No billable calls.
 */
import type { ContentModel } from '../content-model.js';
import type { ListingBrief } from '../content.js';
import { ContentModelError } from '../content-model.js';
import { analyze } from './analyst.js';
import { writeBrandPosts } from './brand-posts.js';
import { describe } from './descriptions.js';
import { viewListing, type ListingView } from './listing-view.js';
import { writePosts } from './posts.js';

export function createBuiltinCopywriter(): ContentModel {
  const view = (brief: ListingBrief): ListingView => viewListing(brief.listing);
  const guard = <T>(write: () => T): T => {
    try {
      return write();
    } catch (error) {
      // Facts the formatter cannot use, such as an unknown time zone, are the caller's to correct.
      if (error instanceof RangeError)
        throw new ContentModelError('rejected', error.message, { cause: error });
      throw error;
    }
  };
  return {
    name: 'builtin',
    remote: false,
    modelFor: () => 'builtin',
    analyze: async (brief) => ({ value: guard(() => analyze(view(brief), brief)), calls: [] }),
    describe: async (brief, analysis) => ({
      value: guard(() => describe(view(brief), brief, analysis)),
      calls: [],
    }),
    writePosts: async (brief, analysis, platforms) => ({
      value: guard(() => writePosts(view(brief), brief, analysis, platforms)),
      calls: [],
    }),
    writeBrandPosts: async (brief, platforms) => ({
      value: guard(() => writeBrandPosts(brief, platforms)),
      calls: [],
    }),
  };
}
