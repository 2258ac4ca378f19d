/** The shapes stored in content_sets' JSON columns (and, through schemas.ts, the public API). */
import type { BrandPostBrief, ListingBrief, Platform } from '../../ai/content.js';
import type { EngagementEstimate } from '../../ai/engagement.js';
import type { ContentSurface } from '../../db/schema.js';

export interface Requirements {
  disclosureOn: ContentSurface[];
  licenseOn: ContentSurface[];
}

export interface StoredPost {
  platform: Platform;
  text: string;
  hashtags: string[];
  callToAction: string;
  published: string;
  length: number;
  limit: number;
  estimate: EngagementEstimate;
  edited: boolean;
}

export interface StoredIssue {
  where: string;
  phrase: string | null;
  category: string;
  reason: string;
  suggestion: string;
  index: number | null;
  severity: 'error' | 'warning';
}

export interface CostSummary {
  totalMicros: number;
  perPostMicros: number;
  calls: number;
  fallback: 'cost_cap' | null;
}

/** What a generation needs to run (again) later, exactly as it was asked. */
export type ContentRequest =
  | {
      kind: 'listing';
      body: Record<string, unknown>;
      brief: ListingBrief;
      platforms: Platform[];
      requirements: Requirements;
    }
  | {
      kind: 'brand';
      body: Record<string, unknown>;
      brief: BrandPostBrief;
      platforms: Platform[];
      requirements: Requirements;
    };
