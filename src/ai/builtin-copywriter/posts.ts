/**
 * The copywriter's listing posts, one voice per platform: Instagram (a hook, short paragraphs, a DM or
 * link-in-bio call), Facebook (conversational, more detail), LinkedIn (professional, the price by its own
 * numbers), X (tight). Every post fits its platform's limits with its hashtags.
 */
import type { Analysis, ListingBrief, Platform, PostDraft } from '../content.js';
import { listingHashtags } from '../hashtags.js';
import {
  checkLimits,
  composePost,
  fitToLimits,
  hashtagCapFor,
  platformLimits,
  postLength,
} from '../limits.js';
import { pricePerUnit } from './analyst.js';
import {
  assemble,
  contactLine,
  disclosureText,
  eventLine,
  featureBullets,
  featureSentence,
  lotAndYearLine,
  priceLine,
  statsLine,
  type Block,
} from './copy-blocks.js';
import type { ListingView } from './listing-view.js';
import { charCount, hashParts, leadingSentences, pick, seededRandom, type Random } from './phrasing.js';
import { callsToAction, emojiStyle, eventEmoji, leads } from './voice.js';

interface PostContext {
  view: ListingView;
  brief: ListingBrief;
  analysis: Analysis;
  random: Random;
  cta: string;
}

function lead(context: PostContext, where: string, emoji: boolean): string {
  const { brief, random } = context;
  const line = pick(random, leads[brief.tone][brief.details.event])(where);
  return emoji ? `${eventEmoji[brief.details.event]} ${line}` : line;
}

/** A call to action that already gives the phone number needs no second one. */
const phoneIn = (context: PostContext) =>
  !!context.brief.brand.phone && context.cta.includes(context.brief.brand.phone.trim());

function instagram(context: PostContext): Block[] {
  const { view, brief, random } = context;
  const style = emojiStyle[brief.tone];
  const features = view.features.slice(0, 5);
  return [
    { text: lead(context, view.fullAddress, style !== 'none'), drop: 0 },
    {
      text: [statsLine(view, brief.tone, random), priceLine(view, brief, random)].filter(Boolean).join(' '),
      drop: 2,
    },
    {
      text: style === 'bullets' ? featureBullets(features) : featureSentence(features, brief.tone, random),
      drop: 3,
    },
    { text: eventLine(view, brief, random, false), drop: 0 },
    { text: context.cta, drop: 0 },
    { text: contactLine(brief.brand, { license: false, phone: !phoneIn(context) }), drop: 1 },
  ];
}

function facebook(context: PostContext): Block[] {
  const { view, brief, random } = context;
  const style = emojiStyle[brief.tone];
  return [
    { text: lead(context, view.fullAddress, style === 'bullets'), drop: 0 },
    {
      text: [statsLine(view, brief.tone, random), priceLine(view, brief, random)].filter(Boolean).join(' '),
      drop: 2,
    },
    { text: featureSentence(view.features.slice(0, 6), brief.tone, random), drop: 3 },
    { text: lotAndYearLine(view), drop: 4 },
    { text: leadingSentences(view.descriptionSentences.join(' '), 400), drop: 5 },
    { text: eventLine(view, brief, random, true), drop: 0 },
    { text: context.cta, drop: 0 },
    { text: contactLine(brief.brand, { license: true, phone: !phoneIn(context) }), drop: 0 },
    { text: disclosureText(brief.brand), drop: 0 },
  ];
}

function linkedin(context: PostContext): Block[] {
  const { view, brief, random } = context;
  const perUnit = pricePerUnit(view);
  const onOffer = !['under_contract', 'just_sold'].includes(brief.details.event);
  return [
    { text: lead(context, view.fullAddress, brief.tone === 'playful'), drop: 0 },
    {
      text: [statsLine(view, brief.tone, random), priceLine(view, brief, random)].filter(Boolean).join(' '),
      drop: 2,
    },
    { text: onOffer && perUnit ? `By the numbers: ${perUnit}.` : '', drop: 3 },
    { text: featureSentence(view.features.slice(0, 5), brief.tone, random), drop: 3 },
    { text: lotAndYearLine(view), drop: 4 },
    { text: eventLine(view, brief, random, true), drop: 0 },
    { text: context.cta, drop: 0 },
    { text: contactLine(brief.brand, { license: true, phone: !phoneIn(context) }), drop: 0 },
    { text: disclosureText(brief.brand), drop: 0 },
  ];
}

function x(context: PostContext, where: string): Block[] {
  const { view, brief, random } = context;
  const top = view.features[0];
  return [
    { text: lead(context, where, emojiStyle[brief.tone] !== 'none'), drop: 0 },
    { text: view.compactStats ? `${view.compactStats}.` : '', drop: 3 },
    { text: priceLine(view, brief, random, true), drop: 1 },
    { text: top && top.text.length <= 40 ? `${top.text}.` : '', drop: 4 },
    { text: eventLine(view, brief, random, false), drop: 0 },
    { text: context.cta, drop: 0 },
    { text: contactLine(brief.brand, { license: false, phone: false }), drop: 5 },
    { text: disclosureText(brief.brand), drop: 6 },
  ];
}

const separators: Record<Platform, string> = {
  instagram: '\n\n',
  facebook: '\n\n',
  linkedin: '\n\n',
  x: '\n',
};

function writePost(
  view: ListingView,
  brief: ListingBrief,
  analysis: Analysis,
  platform: Platform,
): PostDraft {
  const { listing, details, tone } = brief;
  const random = seededRandom(
    hashParts(
      brief.seed,
      platform,
      details.event,
      tone,
      listing.address.street,
      listing.address.unit,
      listing.address.city,
      listing.price,
    ),
  );
  const cta = pick(
    random,
    callsToAction(tone, details.event, platform),
  )({ phone: brief.brand.phone, agentName: brief.brand.agentName });
  const context: PostContext = { view, brief, analysis, random, cta };
  const hashtags = listingHashtags({
    listing,
    event: details.event,
    brandDefaults: brief.brand.defaultHashtags,
    cap: hashtagCapFor(platform, brief.hashtagCap),
  });
  const max = platformLimits[platform].maxLength;
  const fits = (text: string, tags: string[]) => {
    const composed = composePost({ text, hashtags: tags });
    // X weighs a character at most 2, except a URL (always 23): without a dot inside a word there is none,
    // and twice the code points is then a safe bound that spares the exact count.
    if (platform === 'x') {
      const surelyFits = charCount(composed) * 2 <= max && !/\.\p{L}/u.test(composed);
      return surelyFits || postLength(platform, composed) <= max;
    }
    return charCount(composed) <= max;
  };
  const build = (blocks: Block[], tags: string[]) =>
    assemble(blocks, separators[platform], (text) => fits(text, tags));
  let text = build(platform === 'x' ? x(context, view.fullAddress) : builders[platform](context), hashtags);
  let tags = hashtags;
  if (platform === 'x' && !fits(text, tags)) text = build(x(context, view.street), tags);
  while (tags.length > 0 && !fits(text, tags)) tags = tags.slice(0, -1);
  const draft: PostDraft = { platform, text, hashtags: tags, callToAction: cta };
  // A last resort for facts too long for any wording (a disclosure of thousands of characters).
  return checkLimits(draft, { hashtagCap: brief.hashtagCap }).length === 0
    ? draft
    : fitToLimits(draft, { hashtagCap: brief.hashtagCap });
}

const builders: Record<Exclude<Platform, 'x'>, (context: PostContext) => Block[]> = {
  instagram,
  facebook,
  linkedin,
};

export function writePosts(
  view: ListingView,
  brief: ListingBrief,
  analysis: Analysis,
  platforms: Platform[],
): PostDraft[] {
  return platforms.map((platform) => writePost(view, brief, analysis, platform));
}
