/**
 * Posts for a brand without listings, from the author's topic and brief. The brief's own sentences carry
 * the message; the tone only frames them, so no fact, number or claim is added.
 */
import type { BrandPostBrief, Platform, PostDraft, Tone } from '../content.js';
import { brandHashtags } from '../hashtags.js';
import {
  checkLimits,
  composePost,
  fitToLimits,
  hashtagCapFor,
  platformLimits,
  postLength,
} from '../limits.js';
import { assemble, contactLine, disclosureText, type Block } from './copy-blocks.js';
import {
  capitalize,
  midSentence,
  hashParts,
  leadingSentences,
  pick,
  seededRandom,
  sentences,
} from './phrasing.js';

const hooks: Record<Tone, ((topic: string) => string)[]> = {
  professional: [(t) => `${t}.`, (t) => `On ${midSentence(t)}:`, (t) => `A note on ${midSentence(t)}.`],
  warm: [
    (t) => `Let's talk about ${midSentence(t)}.`,
    (t) => `A few thoughts on ${midSentence(t)}.`,
    (t) => `Something we care about: ${midSentence(t)}.`,
  ],
  luxury: [
    (t) => `On ${midSentence(t)}.`,
    (t) => `A considered view of ${midSentence(t)}.`,
    (t) => `Perspective: ${midSentence(t)}.`,
  ],
  playful: [
    (t) => `${t}? Let's dig in!`,
    (t) => `Real talk: ${midSentence(t)}.`,
    (t) => `Quick one on ${midSentence(t)}!`,
  ],
};

const defaultCtas: Record<Tone, Record<Platform, string[]>> = {
  professional: {
    instagram: ['Questions? Send us a DM.', 'DM us to talk it through.'],
    facebook: ['Questions? Comment below or send us a message.'],
    linkedin: ['Message me to talk it through.', 'Get in touch to discuss.'],
    x: ['Questions? DM us.'],
  },
  warm: {
    instagram: ["Questions? Our DMs are open, we'd love to help.", 'Send us a DM anytime.'],
    facebook: ["Have a question? Drop it in the comments, we'd love to help."],
    linkedin: ["Reach out anytime, I'd be glad to talk it through."],
    x: ["DM us, we'd love to help."],
  },
  luxury: {
    instagram: ['Inquire by DM for a private conversation.'],
    facebook: ['For a private conversation, send us a message.'],
    linkedin: ['For a confidential conversation, message me directly.'],
    x: ['Inquire by DM.'],
  },
  playful: {
    instagram: ['Got questions? Slide into our DMs!', 'Tell us in the comments!'],
    facebook: ['Tell us what you think in the comments!'],
    linkedin: ["Curious? Let's talk."],
    x: ['Thoughts? Reply below!'],
  },
};

const emoji: Record<Tone, string> = { professional: '', warm: '💬 ', luxury: '', playful: '🙌 ' };

function writeBrandPost(brief: BrandPostBrief, platform: Platform): PostDraft {
  const random = seededRandom(hashParts(brief.seed, 'brand', platform, brief.tone, brief.topic, brief.brief));
  const topic = brief.topic
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[.:!?]+$/u, '');
  const hook = topic ? capitalize(pick(random, hooks[brief.tone])(topic)) : '';
  const cta = brief.callToAction?.trim() || pick(random, defaultCtas[brief.tone][platform]);
  const body = sentences(brief.brief);
  const formal = platform === 'facebook' || platform === 'linkedin';
  const max = platformLimits[platform].maxLength;
  const hashtags = brandHashtags({
    requested: brief.hashtags,
    brandDefaults: brief.brand.defaultHashtags,
    cap: hashtagCapFor(platform, brief.hashtagCap),
  });
  const fits = (text: string, tags: string[]) =>
    postLength(platform, composePost({ text, hashtags: tags })) <= max;
  const bodyBudget = platform === 'x' ? 180 : Math.min(1400, max - 600);
  const blocks: Block[] = [
    { text: `${platform === 'linkedin' ? '' : emoji[brief.tone]}${hook}`, drop: 0 },
    // On roomy platforms, one paragraph per two sentences reads better than a wall of text.
    {
      text: paragraphs(leadingSentences(body.join(' '), bodyBudget), platform === 'x' ? ' ' : '\n\n'),
      drop: 0,
    },
    { text: cta, drop: 0 },
    { text: contactLine(brief.brand, { license: formal, phone: platform !== 'x' }), drop: formal ? 0 : 2 },
    { text: formal ? disclosureText(brief.brand) : '', drop: 0 },
  ];
  let tags = hashtags;
  const text = assemble(blocks, platform === 'x' ? '\n' : '\n\n', (candidate) => fits(candidate, tags));
  while (tags.length > 0 && !fits(text, tags)) tags = tags.slice(0, -1);
  const draft: PostDraft = { platform, text, hashtags: tags, callToAction: cta };
  return checkLimits(draft, { hashtagCap: brief.hashtagCap }).length === 0
    ? draft
    : fitToLimits(draft, { hashtagCap: brief.hashtagCap });
}

function paragraphs(text: string, separator: string): string {
  const all = sentences(text);
  const groups: string[] = [];
  for (let i = 0; i < all.length; i += 2) groups.push(all.slice(i, i + 2).join(' '));
  return groups.join(separator);
}

export function writeBrandPosts(brief: BrandPostBrief, platforms: Platform[]): PostDraft[] {
  return platforms.map((platform) => writeBrandPost(brief, platform));
}
