/**
 * An explainable engagement estimate for a post, shown next to the draft. It is a heuristic from
 * commonly cited social-media guidance (sweet-spot lengths, hashtag norms, posting windows), not a
 * prediction from data: every point of the score is a named factor with a note the agent can act on.
 *
 * score = baseline + Σ factor effects, clamped to 0–100. The baseline is 50 on every platform
 * (engagement rates are not comparable across networks, so the score only ranks drafts for the same
 * network). Each factor's effect is bounded so the sum stays within −50…+50: the clamp never bites,
 * and the effects always add up to score − baseline.
 */
import type { Platform, PostDraft } from './content.js';
import { postLength } from './limits.js';

export interface EngagementFactor {
  factor: 'length' | 'hashtags' | 'call_to_action' | 'media' | 'timing';
  /** Points added to (or taken from) the baseline. */
  effect: number;
  note: string;
}

export interface EngagementEstimate {
  kind: 'estimate';
  score: number;
  factors: EngagementFactor[];
  summary: string;
}

export const ENGAGEMENT_BASELINE = 50;

interface PlatformNorms {
  name: string;
  /** Length of the text (without hashtags) that gets read to the end, as the platform counts it. */
  sweetSpot: { min: number; max: number; why: string };
  hashtags: { min: number; max: number };
  /** Most photos or videos one post shows. */
  maxMedia: number;
  /** The network refuses a post without a photo or video. */
  mediaRequired: boolean;
  /** Good local posting windows: weekdays (0 = Sunday) and hours [from, to). */
  goodWindows: { days: number[]; from: number; to: number }[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];

const norms: Record<Platform, PlatformNorms> = {
  instagram: {
    name: 'Instagram',
    sweetSpot: { min: 138, max: 150, why: 'Instagram captions of 138–150 characters get read to the end' },
    hashtags: { min: 3, max: 5 },
    maxMedia: 20,
    mediaRequired: true,
    goodWindows: [
      { days: WEEKDAYS, from: 9, to: 13 },
      { days: WEEKDAYS, from: 18, to: 21 },
    ],
  },
  facebook: {
    name: 'Facebook',
    sweetSpot: { min: 40, max: 80, why: 'Facebook posts of 40–80 characters get the most reactions' },
    hashtags: { min: 0, max: 2 },
    maxMedia: 10,
    mediaRequired: false,
    goodWindows: [
      { days: WEEKDAYS, from: 9, to: 13 },
      { days: [0, 6], from: 10, to: 13 },
    ],
  },
  linkedin: {
    name: 'LinkedIn',
    sweetSpot: {
      min: 700,
      max: 1300,
      why: 'LinkedIn posts of 700–1,300 characters hold readers past "see more"',
    },
    hashtags: { min: 0, max: 3 },
    maxMedia: 20,
    mediaRequired: false,
    goodWindows: [{ days: [2, 3, 4], from: 8, to: 12 }],
  },
  x: {
    name: 'X',
    sweetSpot: { min: 71, max: 100, why: 'Posts on X of 71–100 characters get the most replies and reposts' },
    hashtags: { min: 1, max: 2 },
    maxMedia: 4,
    mediaRequired: false,
    goodWindows: [{ days: WEEKDAYS, from: 8, to: 12 }],
  },
};

/** Phrases that ask the reader to act, when the draft's own call to action is not in the text. */
const ACTION_WORDS =
  /\b(?:call|text|dm|message|email|book|schedule|tour|visit|contact|click|tap|reach out|register|rsvp|sign up|stop by|join us|link in bio|learn more|see it|come see)\b/i;

export function estimateEngagement(
  post: Pick<PostDraft, 'platform' | 'text' | 'hashtags' | 'callToAction'>,
  context: { mediaCount: number; scheduledAt?: Date | null; timeZone?: string },
): EngagementEstimate {
  const platform = norms[post.platform];
  const factors: EngagementFactor[] = [
    lengthFactor(platform, postLength(post.platform, post.text.trim())),
    hashtagFactor(platform, post.hashtags.length),
    callToActionFactor(post.text, post.callToAction),
    mediaFactor(platform, context.mediaCount),
    timingFactor(platform, context.scheduledAt ?? null, context.timeZone ?? 'UTC'),
  ];
  const total = factors.reduce((sum, { effect }) => sum + effect, 0);
  const score = Math.min(100, Math.max(0, ENGAGEMENT_BASELINE + total));
  return { kind: 'estimate', score, factors, summary: summarise(platform, score, factors) };
}

/** Effect −10…+10. */
function lengthFactor(platform: PlatformNorms, length: number): EngagementFactor {
  const { min, max, why } = platform.sweetSpot;
  const here = `${why}; this one is ${length}.`;
  if (length === 0) return { factor: 'length', effect: -10, note: 'The post has no text.' };
  if (length >= min && length <= max) return { factor: 'length', effect: 10, note: here };
  if (length >= min / 2 && length <= max * 2) {
    return { factor: 'length', effect: 4, note: `${here} Close enough to read well.` };
  }
  if (length > max * 4)
    return { factor: 'length', effect: -10, note: `${here} Most readers stop long before the end.` };
  const advice = length > max ? 'Tighten it to the essentials.' : 'Add a detail or two about the home.';
  return { factor: 'length', effect: -4, note: `${here} ${advice}` };
}

/** Effect −10…+6. */
function hashtagFactor(platform: PlatformNorms, count: number): EngagementFactor {
  const { min, max } = platform.hashtags;
  const norm = min === 0 ? `${max} or fewer` : `${min}–${max}`;
  const head = `${platform.name} posts do best with ${norm} hashtags; this one has ${count}.`;
  if (count >= min && count <= max) return { factor: 'hashtags', effect: 6, note: head };
  if (count < min)
    return { factor: 'hashtags', effect: -3, note: `${head} A few local ones help people find it.` };
  const effect = -Math.min(10, 2 * (count - max));
  return { factor: 'hashtags', effect, note: `${head} Too many look like spam; keep the most local ones.` };
}

/** Effect −8…+8. */
function callToActionFactor(text: string, callToAction: string): EngagementFactor {
  const cta = callToAction.trim();
  const squash = (value: string) =>
    value
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/[.!]+$/, '');
  if (cta !== '' && squash(text).includes(squash(cta))) {
    return { factor: 'call_to_action', effect: 8, note: `The post asks the reader to act ("${cta}").` };
  }
  if (ACTION_WORDS.test(text)) {
    return { factor: 'call_to_action', effect: 6, note: 'The post asks the reader to act.' };
  }
  const hint = cta !== '' ? ` Your call to action ("${cta}") is not in the text yet.` : '';
  return {
    factor: 'call_to_action',
    effect: -8,
    note: `The post never tells the reader what to do next, such as calling or booking a tour.${hint}`,
  };
}

/** Effect −18…+10. */
function mediaFactor(platform: PlatformNorms, count: number): EngagementFactor {
  if (count <= 0) {
    return platform.mediaRequired
      ? {
          factor: 'media',
          effect: -18,
          note: `${platform.name} posts need at least one photo or video: this one cannot be posted at all.`,
        }
      : {
          factor: 'media',
          effect: -12,
          note: `${platform.name} posts without a photo get far less attention.`,
        };
  }
  if (count > platform.maxMedia) {
    return {
      factor: 'media',
      effect: 6,
      note: `${platform.name} shows at most ${platform.maxMedia} photos in one post; the other ${count - platform.maxMedia} will not appear.`,
    };
  }
  if (count === 1)
    return { factor: 'media', effect: 6, note: 'One photo; a few more of the best rooms invite a swipe.' };
  return {
    factor: 'media',
    effect: 10,
    note: `${count} photos: posts with several photos hold attention longest.`,
  };
}

/** Effect −4…+8, or 0 when not scheduled. */
function timingFactor(platform: PlatformNorms, scheduledAt: Date | null, timeZone: string): EngagementFactor {
  if (!scheduledAt)
    return { factor: 'timing', effect: 0, note: 'Not scheduled yet, so timing is not counted.' };
  const local = localTime(scheduledAt, timeZone);
  const when = `${local.dayName} at ${String(local.hour).padStart(2, '0')}:00 (${local.timeZone})`;
  const good = platform.goodWindows.some(
    (w) => w.days.includes(local.day) && local.hour >= w.from && local.hour < w.to,
  );
  if (good) return { factor: 'timing', effect: 8, note: `${when} is a busy time on ${platform.name}.` };
  if (local.hour < 7 || local.hour >= 22) {
    return { factor: 'timing', effect: -4, note: `${when} is when most followers are asleep.` };
  }
  return {
    factor: 'timing',
    effect: 0,
    note: `${when} is fine, but not one of ${platform.name}'s busiest times.`,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The local weekday (0 = Sunday) and hour in `timeZone`; an unknown zone counts as UTC. */
function localTime(at: Date, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'long',
        hour: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      return localTime(at, 'UTC');
    }
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(at);
  const dayName = parts.find((part) => part.type === 'weekday')?.value ?? 'Sunday';
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0) % 24;
  return { day: Math.max(0, dayNames.indexOf(dayName)), dayName, hour, timeZone };
}

function summarise(platform: PlatformNorms, score: number, factors: EngagementFactor[]): string {
  const best = factors.reduce((a, b) => (b.effect > a.effect ? b : a));
  const worst = factors.reduce((a, b) => (b.effect < a.effect ? b : a));
  const label = (f: EngagementFactor) =>
    `${f.factor.replaceAll('_', ' ')} (${f.effect > 0 ? '+' : ''}${f.effect})`;
  const lift = best.effect > 0 ? `its strongest point is ${label(best)}` : 'nothing lifts it';
  const drag = worst.effect < 0 ? `the biggest drag is ${label(worst)}` : 'nothing holds it back';
  return `Estimated engagement ${score}/100 on ${platform.name}: ${lift}, and ${drag}.`;
}
