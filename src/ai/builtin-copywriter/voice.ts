/**
 * The four tones' wording, as phrase lists the seeded random source picks from. Phrases carry no facts
 * of their own (no views, no renovation, no distances, no numbers) and never describe people: the facts
 * are passed in, already formatted.
 */
import type { ContentEvent, Tone } from '../content.js';

type Lead = (where: string) => string;

/** The opening line for each moment, in each tone. Each names the moment in plain words ("sold"). */
export const leads: Record<Tone, Record<ContentEvent, Lead[]>> = {
  professional: {
    coming_soon: [
      (w) => `Coming soon: ${w}.`,
      (w) => `Coming soon to the market: ${w}.`,
      (w) => `Preview: ${w} is coming soon.`,
    ],
    just_listed: [
      (w) => `Just listed: ${w}.`,
      (w) => `New to the market: ${w}, just listed.`,
      (w) => `Now available and just listed: ${w}.`,
    ],
    open_house: [
      (w) => `Open house at ${w}.`,
      (w) => `You are invited to an open house at ${w}.`,
      (w) => `Open house: ${w}.`,
    ],
    price_reduced: [
      (w) => `Price improvement: ${w}.`,
      (w) => `New price for ${w}.`,
      (w) => `Price reduced: ${w}.`,
    ],
    under_contract: [
      (w) => `Under contract: ${w}.`,
      (w) => `${w} is now under contract.`,
      (w) => `Update: ${w} is under contract.`,
    ],
    just_sold: [(w) => `Just sold: ${w}.`, (w) => `Sold: ${w}.`, (w) => `${w} has sold.`],
  },
  warm: {
    coming_soon: [
      (w) => `Something new is coming soon: ${w}.`,
      (w) => `We can't wait to share this one, coming soon at ${w}.`,
      (w) => `Coming soon, and we think you'll love it: ${w}.`,
    ],
    just_listed: [
      (w) => `Just listed, and we love this one: ${w}.`,
      (w) => `Say hello to ${w}, just listed.`,
      (w) => `Meet ${w}, just listed and ready for you to see.`,
    ],
    open_house: [
      (w) => `Come say hello at our open house at ${w}.`,
      (w) => `Our doors are open at ${w}. Come on by to the open house!`,
      (w) => `Join us for an open house at ${w}.`,
    ],
    price_reduced: [
      (w) => `Good news: a new, lower price on ${w}.`,
      (w) => `${w} just got a new, reduced price.`,
      (w) => `Some happy news: the price on ${w} has been reduced.`,
    ],
    under_contract: [
      (w) => `Happy news: ${w} is under contract.`,
      (w) => `${w} is under contract, and we're thrilled.`,
      (w) => `We're so pleased to share that ${w} is under contract.`,
    ],
    just_sold: [
      (w) => `${w} is sold, and we couldn't be happier.`,
      (w) => `Sold! It was a joy to be part of ${w}.`,
      (w) => `Another happy ending: ${w} just sold.`,
    ],
  },
  luxury: {
    coming_soon: [
      (w) => `Soon to be offered: ${w}.`,
      (w) => `A forthcoming offering, coming soon: ${w}.`,
      (w) => `Arriving soon to the market: ${w}.`,
    ],
    just_listed: [
      (w) => `Introducing ${w}.`,
      (w) => `Presenting ${w}, newly offered.`,
      (w) => `Now offered for the first time: ${w}.`,
    ],
    open_house: [
      (w) => `An invitation to our open house at ${w}.`,
      (w) => `Please join us for an open house at ${w}.`,
      (w) => `${w} opens its doors for an open house.`,
    ],
    price_reduced: [
      (w) => `A refined new price for ${w}.`,
      (w) => `${w} is now offered at a reduced price.`,
      (w) => `Newly repriced: ${w}.`,
    ],
    under_contract: [
      (w) => `We are pleased to announce that ${w} is under contract.`,
      (w) => `${w} has entered into contract and is now under contract.`,
      (w) => `Now under contract: ${w}.`,
    ],
    just_sold: [
      (w) => `We are delighted to announce that ${w} has sold.`,
      (w) => `Sold, with gratitude: ${w}.`,
      (w) => `${w} has been sold.`,
    ],
  },
  playful: {
    coming_soon: [
      (w) => `Psst… something good is coming soon: ${w}!`,
      (w) => `Sneak peek alert! ${w} is coming soon.`,
      (w) => `Mark your calendar: ${w} is coming soon!`,
    ],
    just_listed: [
      (w) => `Just listed and ready for its close-up: ${w}!`,
      (w) => `Hot off the press: ${w} is just listed!`,
      (w) => `New listing alert! ${w} is just listed.`,
    ],
    open_house: [
      (w) => `Open house time! Come poke around ${w}.`,
      (w) => `Doors open! Come see ${w} at our open house.`,
      (w) => `Open house at ${w}, and you're on the list!`,
    ],
    price_reduced: [
      (w) => `Price drop alert! ${w} just got friendlier on the wallet.`,
      (w) => `Who doesn't love a price drop? ${w} just got one!`,
      (w) => `Price drop! ${w} has a brand-new number.`,
    ],
    under_contract: [
      (w) => `Under contract! ${w} found its match.`,
      (w) => `Off the market (almost)! ${w} is under contract.`,
      (w) => `Guess what? ${w} is under contract!`,
    ],
    just_sold: [
      (w) => `And… SOLD! ${w}.`,
      (w) => `That's a wrap: ${w} is sold!`,
      (w) => `Sold! Another one for the books: ${w}.`,
    ],
  },
};

/** "This condo has 3 bedrooms and 2 baths" — `what` is "a condo", `stats` a joined list (may be empty). */
export const statsSentences: Record<Tone, ((what: string, stats: string) => string)[]> = {
  professional: [(what, stats) => `${what} with ${stats}.`, (what, stats) => `${what} offering ${stats}.`],
  warm: [
    (what, stats) => `Picture it: ${what} with ${stats}.`,
    (what, stats) => `It's ${what} with ${stats}, ready to be enjoyed.`,
  ],
  luxury: [
    (what, stats) => `${what}, encompassing ${stats}.`,
    (what, stats) => `${what} presenting ${stats}.`,
  ],
  playful: [
    (what, stats) => `The stats: ${stats}. The vibe: ${what}.`,
    (what, stats) => `Here's the scoop: ${what} with ${stats}.`,
  ],
};

export const statlessSentences: Record<Tone, ((what: string) => string)[]> = {
  professional: [(what) => `${what}.`, (what) => `The property: ${what}.`],
  warm: [(what) => `It's ${what}, ready to be enjoyed.`, (what) => `Here's ${what} worth a look.`],
  luxury: [(what) => `A distinguished offering: ${what}.`, (what) => `${what} of distinction.`],
  playful: [(what) => `What is it? ${what}!`, (what) => `Here's the scoop: ${what}.`],
};

export const priceSentences: Record<Tone, ((price: string) => string)[]> = {
  professional: [(p) => `Offered at ${p}.`, (p) => `Listed at ${p}.`],
  warm: [(p) => `Offered at ${p}.`, (p) => `It's yours to consider at ${p}.`],
  luxury: [(p) => `Offered at ${p}.`, (p) => `Presented at ${p}.`],
  playful: [(p) => `Price tag: ${p}.`, (p) => `All this for ${p}.`],
};

export const featureIntros: Record<Tone, string[]> = {
  professional: ['Highlights include', 'Key features:', 'Features include'],
  warm: ['A few things we love:', 'Favorite details:', "What you'll love:"],
  luxury: ['Appointments include', 'Distinguished by', 'Notable appointments:'],
  playful: ['The good stuff:', 'Bonus points for', 'Fan favorites:'],
};

export const openHouseSentences: Record<Tone, ((when: string) => string)[]> = {
  professional: [(when) => `Open house: ${when}.`, (when) => `The open house runs ${when}.`],
  warm: [(when) => `We'll be there ${when}. Come say hi!`, (when) => `Join us ${when}.`],
  luxury: [(when) => `The residence may be toured ${when}.`, (when) => `Doors open ${when}.`],
  playful: [(when) => `Swing by ${when}!`, (when) => `Save the date: ${when}!`],
};

/** `now`, `was`, then the difference and percent (may be empty strings on tight platforms). */
export const reductionSentences: Record<Tone, ((now: string, was: string) => string)[]> = {
  professional: [
    (now, was) => `Now ${now}, reduced from ${was}.`,
    (now, was) => `New price: ${now} (previously ${was}).`,
  ],
  warm: [(now, was) => `It's now ${now}, down from ${was}.`, (now, was) => `Was ${was}, now ${now}.`],
  luxury: [
    (now, was) => `Now offered at ${now}, previously ${was}.`,
    (now, was) => `Newly offered at ${now}, formerly ${was}.`,
  ],
  playful: [(now, was) => `Was ${was}. Now ${now}!`, (now, was) => `${was} → ${now}!`],
};

export const eventEmoji: Record<ContentEvent, string> = {
  coming_soon: '👀',
  just_listed: '🏡',
  open_house: '🚪',
  price_reduced: '💰',
  under_contract: '🤝',
  just_sold: '🎉',
};

/** How many emoji a tone uses on the casual platforms: none, one in the hook, or a hook and bullets. */
export const emojiStyle: Record<Tone, 'none' | 'hook' | 'bullets'> = {
  professional: 'none',
  luxury: 'hook',
  warm: 'bullets',
  playful: 'bullets',
};

/** Calls to action: the sentence appears in the post and is returned as `callToAction`. */
type Cta = (contact: { phone: string | null; agentName: string | null }) => string;

const showing: Record<Tone, Record<'instagram' | 'facebook' | 'linkedin' | 'x', Cta[]>> = {
  professional: {
    instagram: [() => 'DM for a private showing.', () => 'Link in bio for details.'],
    facebook: [
      (c) =>
        c.phone ? `Call or text ${c.phone} to schedule a showing.` : 'Message us to schedule a showing.',
      () => 'Send us a message for details or a showing.',
    ],
    linkedin: [
      (c) =>
        c.agentName ? `Contact ${c.agentName} to arrange a showing.` : 'Get in touch to arrange a showing.',
      () => 'Message me to discuss the property or arrange a showing.',
    ],
    x: [() => 'DM for details.', () => 'DM to book a showing.'],
  },
  warm: {
    instagram: [() => "DM us and we'll set up a showing.", () => 'Link in bio for all the details.'],
    facebook: [
      (c) =>
        c.phone
          ? `Give us a call at ${c.phone}, we'd love to show you around.`
          : "Send us a message, we'd love to show you around.",
      () => 'Comment or message us with any questions.',
    ],
    linkedin: [
      (c) =>
        c.agentName ? `Reach out to ${c.agentName} for a showing.` : "Reach out and we'll arrange a showing.",
    ],
    x: [() => "DM us, we'd love to show you around.", () => 'DM us for a tour.'],
  },
  luxury: {
    instagram: [
      () => 'Inquire by DM for a private showing.',
      () => 'Private showings by appointment. Link in bio.',
    ],
    facebook: [
      (c) =>
        c.phone
          ? `Private showings by appointment: ${c.phone}.`
          : 'Private showings by appointment. Send us a message.',
    ],
    linkedin: [
      (c) =>
        c.agentName
          ? `Private showings by appointment with ${c.agentName}.`
          : 'Private showings by appointment.',
    ],
    x: [() => 'Private showings by appointment. DM to inquire.', () => 'Inquire by DM.'],
  },
  playful: {
    instagram: [() => 'Slide into our DMs for a tour!', () => 'Link in bio, go go go!'],
    facebook: [
      (c) => (c.phone ? `Want in? Call or text ${c.phone}!` : 'Want in? Drop us a message!'),
      () => 'Tag someone who needs to see this, then send us a message!',
    ],
    linkedin: [() => 'Curious? Message me for the details.'],
    x: [() => 'DM us for a tour!', () => 'Want in? DM us!'],
  },
};

/** After the home is taken, the call is to the next seller or buyer. */
const afterSale: Record<Tone, Cta[]> = {
  professional: [() => 'Thinking of selling? Get in touch.', () => 'Planning a move? Send a message.'],
  warm: [() => "Thinking about a move? We'd love to talk.", () => "Planning your next chapter? Let's chat."],
  luxury: [() => 'For a confidential conversation about your property, inquire by message.'],
  playful: [() => 'Your place next? Send us a message!', () => "Thinking of selling? Let's talk!"],
};

const openHouse: Record<Tone, Cta[]> = {
  professional: [
    () => 'Stop by, no appointment needed.',
    () => 'Questions before the open house? Send a message.',
  ],
  warm: [() => "Stop by, we'd love to meet you!", () => 'Bring your questions and come on by.'],
  luxury: [() => 'We look forward to welcoming you.'],
  playful: [() => 'See you there!', () => 'Come by and say hi!'],
};

const comingSoon: Record<Tone, Cta[]> = {
  professional: [() => 'Message us for early details.', () => 'Send a message to be the first to hear more.'],
  warm: [
    () => "Send us a message and we'll keep you posted.",
    () => 'Want the first look? Send us a message.',
  ],
  luxury: [() => 'Inquire by message for early details.'],
  playful: [() => 'Want the inside scoop? Send us a message!', () => 'DM us to get the first look!'],
};

export function callsToAction(
  tone: Tone,
  event: ContentEvent,
  platform: 'instagram' | 'facebook' | 'linkedin' | 'x',
): Cta[] {
  if (event === 'under_contract' || event === 'just_sold') return afterSale[tone];
  if (event === 'open_house') return openHouse[tone];
  if (event === 'coming_soon') return comingSoon[tone];
  return showing[tone][platform];
}
