/**
 * The engagement script of a sandbox post: who likes and comments, what they say, and when (in minutes
 * after publishing). Pure and seeded by the post id, so the same post always gets the same script — the
 * delivery job can run again at any time and insert exactly the same rows (see deliver-engagement.ts).
 */
import { createHash } from 'node:crypto';
import {
  commenters,
  commentTemplates,
  firstNames,
  followUps,
  type Intent,
  lastNames,
  type Person,
} from './audience.js';

export type { Intent, Person };

/** The script lasts a day; like on real networks, most of it happens in the first few hours. */
export const SCRIPT_MINUTES = 1440;
const LIKE_DECAY_MINUTES = 150;
const COMMENT_DECAY_MINUTES = 180;

/**
 * When the delivery job wakes, in script minutes. Fixed and few, so a post costs about twenty job runs
 * however much engagement it gets; each run delivers everything that came due since the last.
 */
export const CHECKPOINT_MINUTES = [
  1,
  2,
  5,
  10,
  15,
  20,
  30,
  45,
  60,
  90,
  120,
  180,
  240,
  360,
  480,
  720,
  960,
  1200,
  SCRIPT_MINUTES,
];

export interface ScriptedInteraction {
  /** Derived from the post id and the position in the script: a rerun inserts the same row. */
  id: string;
  kind: 'like' | 'comment';
  minute: number;
  author: Person;
  text: string | null;
  /** What the comment asks or says (for tests and demos; the network itself does not label comments). */
  intent: Intent | null;
}

export interface EngagementPlan {
  /** Oldest first. */
  interactions: ScriptedInteraction[];
  finalReach: number;
}

/** A v8 UUID (RFC 9562, custom) from SHA-256 of the post id and the script position. */
export function interactionId(postId: string, index: number): string {
  const bytes = createHash('sha256').update(`${postId}:${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The network's id of a simulated person: stable across posts, so "the same person again" is visible. */
export const personId = (handle: string) => `sandbox-${handle}`;

/** sfc32 seeded from SHA-256: small, fast, and identical on every machine (Math.random is not seedable). */
function seededRandom(seed: string) {
  const hash = createHash('sha256').update(seed).digest();
  let [a, b, c, d] = [0, 4, 8, 12].map((offset) => hash.readUInt32LE(offset)) as [
    number,
    number,
    number,
    number,
  ];
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const shuffle = <T>(list: readonly T[]) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  /** A minute in the script, early ones likelier (an exponential decay cut off at the script's end). */
  const minute = (decay: number) => {
    const tail = 1 - Math.exp(-(SCRIPT_MINUTES - 0.5) / decay);
    return 0.5 - decay * Math.log(1 - next() * tail);
  };
  return { next, int, pick, shuffle, minute };
}

const STREET =
  /\b\d{1,6}\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Circle|Parkway)\b/;

/** The street the post names ("12 Oak Street"), so comments can mention it as people do. */
export const streetIn = (text: string) => STREET.exec(text)?.[0] ?? null;

/**
 * The whole script of one post. Every post's first three comments include a price question and a
 * showing request, and every script has a complaint and a spam comment, and one person who comes back
 * with a second question — so each kind the engagement inbox must tell apart is there to work with.
 */
export function engagementPlan(postId: string, postText: string): EngagementPlan {
  const random = seededRandom(postId);
  const place = streetIn(postText) ?? 'this one';

  const opening: Intent[] = random.shuffle([
    'price',
    'showing',
    random.pick(['availability', 'compliment', 'financing'] as const),
  ]);
  const varied: Intent[] = ['compliment', 'compliment', 'compliment', 'availability', 'availability'];
  varied.push('financing', 'financing', 'price', 'showing');
  const later: (Intent | 'follow-up')[] = random.shuffle([
    'complaint',
    'spam',
    'follow-up',
    ...Array.from({ length: random.int(3, 7) }, () => random.pick(varied)),
  ]);

  // Each intent's texts in a shuffled order, taken in turn: no text twice until all were used.
  const queues = new Map<Intent, string[]>();
  const say = (intent: Intent) => {
    let queue = queues.get(intent);
    if (!queue || queue.length === 0) queues.set(intent, (queue = random.shuffle(commentTemplates[intent])));
    return queue.pop()!.replace('{place}', place);
  };

  const minutes = Array.from({ length: opening.length + later.length }, () =>
    random.minute(COMMENT_DECAY_MINUTES),
  ).sort((x, y) => x - y);
  const comments: Omit<ScriptedInteraction, 'id'>[] = [];
  let priceAsker: Person | null = null;
  for (const [index, slot] of [...opening, ...later].entries()) {
    const minute = minutes[index]!;
    if (slot === 'follow-up') {
      // The opening always has a price question, and it comes first in time.
      const followUp = random.pick(followUps);
      comments.push({ kind: 'comment', minute, author: priceAsker!, ...followUp });
      continue;
    }
    const author = random.pick(commenters[slot]);
    if (slot === 'price') priceAsker ??= author;
    comments.push({ kind: 'comment', minute, author, text: say(slot), intent: slot });
  }

  const likeCount = random.int(40, 140);
  const likers = random
    .shuffle(Array.from({ length: firstNames.length * lastNames.length }, (_, i) => i))
    .slice(0, likeCount)
    .map((i): Person => {
      const first = firstNames[i % firstNames.length]!;
      const last = lastNames[Math.floor(i / firstNames.length)]!;
      const handle = [
        `${first}.${last}`,
        `${first}_${last}${random.int(10, 99)}`,
        `${first}${last}`,
        `${first[0]}${last}.homes`,
      ][i % 4]!.toLowerCase();
      return { handle, name: `${first} ${last}` };
    });
  const likes = likers.map((author): Omit<ScriptedInteraction, 'id'> => ({
    kind: 'like',
    minute: random.minute(LIKE_DECAY_MINUTES),
    author,
    text: null,
    intent: null,
  }));

  const interactions = [...comments, ...likes]
    .sort((x, y) => x.minute - y.minute)
    .map((interaction, index) => ({ id: interactionId(postId, index), ...interaction }));
  return { interactions, finalReach: Math.round(likeCount * (8 + random.next() * 10)) };
}

/**
 * How many people the post has reached by `minute`: it grows like the likes do, and never lags behind
 * the people who already reacted.
 */
export function reachAt(plan: EngagementPlan, minute: number): number {
  if (minute <= 0) return 0;
  const share = (m: number) => 1 - Math.exp(-m / LIKE_DECAY_MINUTES);
  const curve = Math.round(plan.finalReach * Math.min(1, share(minute) / share(SCRIPT_MINUTES)));
  const reacted = plan.interactions.filter((interaction) => interaction.minute <= minute).length;
  return Math.max(curve, reacted);
}

/** The next time the delivery job should wake, or null when the script is over. */
export const nextCheckpoint = (minute: number) => CHECKPOINT_MINUTES.find((m) => m > minute) ?? null;
