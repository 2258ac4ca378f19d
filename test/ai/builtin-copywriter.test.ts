import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinCopywriter } from '../../src/ai/builtin-copywriter/index.js';
import type {
  Analysis,
  BrandPostBrief,
  ContentEvent,
  Descriptions,
  EventDetails,
  ListingBrief,
  ListingFacts,
  PostDraft,
  Tone,
} from '../../src/ai/content.js';
import { contentEvents, platforms } from '../../src/ai/content.js';
import { unsupportedNumbers } from '../../src/ai/fact-check.js';
import { checkLimits, composePost } from '../../src/ai/limits.js';
import { corpus, corpusBrands, emptyBrand, type CorpusCase } from './listing-corpus.js';

const tones: Tone[] = ['professional', 'warm', 'luxury', 'playful'];
const hashtagCaps = [0, 3, 5, 30];
const copywriter = createBuiltinCopywriter();

function detailsFor(event: ContentEvent, listing: ListingFacts): EventDetails {
  if (event === 'open_house') {
    // 16:00–18:30 UTC is 8–10:30 AM in Los Angeles on Saturday, Dec 6, 2025.
    return {
      event,
      start: '2025-12-06T16:00:00Z',
      end: '2025-12-06T18:30:00Z',
      timeZone: 'America/Los_Angeles',
    };
  }
  if (event === 'price_reduced') return { event, previousPrice: Math.round(listing.price * 1.06) };
  return { event };
}

interface Output {
  item: CorpusCase;
  brief: ListingBrief;
  analysis: Analysis;
  descriptions: Descriptions;
  posts: PostDraft[];
}

async function write(brief: ListingBrief): Promise<Omit<Output, 'item'>> {
  const analysis = (await copywriter.analyze(brief)).value;
  const descriptions = (await copywriter.describe(brief, analysis)).value;
  const posts = (await copywriter.writePosts(brief, analysis, [...platforms])).value;
  return { brief, analysis, descriptions, posts };
}

const allTexts = (output: Omit<Output, 'item'>) => [
  output.analysis.headline,
  output.analysis.pricePositioning,
  output.analysis.suitedTo,
  ...output.analysis.sellingPoints.map((point) => point.point),
  output.descriptions.short,
  output.descriptions.long,
  ...output.posts.map((post) => post.text),
];

/** Every listing × event × tone, with the four hashtag caps taken in turn. */
const outputs: Output[] = [];
beforeAll(async () => {
  let n = 0;
  for (const item of corpus) {
    for (const event of contentEvents) {
      for (const tone of tones) {
        const brief: ListingBrief = {
          listing: item.listing,
          brand: item.brand,
          details: detailsFor(event, item.listing),
          tone,
          hashtagCap: hashtagCaps[n++ % hashtagCaps.length]!,
          seed: 42,
        };
        outputs.push({ item, ...(await write(brief)) });
      }
    }
  }
});

const featureWords = [
  'pool',
  'garage',
  'fireplace',
  'view',
  'views',
  'waterfront',
  'renovated',
  'updated',
  'remodeled',
  'hardwood',
  'granite',
  'quartz',
  'kitchen',
  'patio',
  'deck',
  'yard',
  'backyard',
  'garden',
  'balcony',
  'terrace',
  'basement',
  'spa',
  'ocean',
  'lake',
  'beach',
  'mountain',
  'gym',
  'elevator',
  'solar',
  'sauna',
  'wine',
  'office',
  'dock',
  'spacious',
  'stunning',
  'downtown',
  'schools',
  'quiet',
  'sunny',
  'bright',
];
const redFlags =
  /\b(famil(?:y|ies)(?! room)|kids?|children|adults?|singles|couples?|retirees?|young professionals?|bachelor|man cave|exclusive|safe neighbou?rhood|perfect for|able-bodied|church|christian|jewish|muslim)\b/iu;
const factText = ({ listing, brand }: CorpusCase) =>
  [
    listing.address.street,
    listing.address.city,
    listing.description,
    ...listing.features,
    brand.brokerage,
    brand.disclosure,
  ]
    .join(' ')
    .toLowerCase();
const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}+/gu) ?? []);

describe('the built-in copywriter over a corpus of listings, events and tones', () => {
  it('when it writes for any listing, event, tone and hashtag cap, then every post passes the platform limits', () => {
    for (const { brief, posts } of outputs) {
      expect(posts.map((post) => post.platform)).toEqual([...platforms]);
      for (const post of posts) {
        expect(checkLimits(post, { hashtagCap: brief.hashtagCap }), composePost(post)).toEqual([]);
      }
    }
  });

  it('when it writes descriptions, then the short one fits 300 characters and the long one 2,000 in 2–4 paragraphs', () => {
    for (const { descriptions } of outputs) {
      expect([...descriptions.short].length).toBeLessThanOrEqual(300);
      expect([...descriptions.long].length).toBeLessThanOrEqual(2000);
      const paragraphs = descriptions.long.split('\n\n');
      expect(paragraphs.length).toBeGreaterThanOrEqual(2);
      expect(paragraphs.length).toBeLessThanOrEqual(4);
      expect(descriptions.long).not.toMatch(/\s\S*…$/u);
    }
  });

  it('when it writes anything, then every number in it comes from the listing, brand or event', () => {
    for (const output of outputs) {
      const facts = { listing: output.item.listing, brand: output.item.brand, details: output.brief.details };
      for (const text of allTexts(output)) expect(unsupportedNumbers(text, facts), text).toEqual([]);
    }
  });

  it('when it names a feature, then the listing has it; a listing without features names none', () => {
    for (const output of outputs) {
      const known = factText(output.item);
      for (const text of allTexts(output)) {
        for (const word of words(text)) {
          if (featureWords.includes(word)) expect(known, `"${word}" in: ${text}`).toContain(word);
        }
      }
    }
    const sparse = outputs.filter(
      ({ item }) => item.listing.features.length === 0 && !item.listing.description,
    );
    expect(sparse.length).toBeGreaterThan(0);
    for (const output of sparse) {
      // The address ("Lake Shore Dr") and the brand's disclosure ("office") may; nothing about the home may.
      const { brand, listing } = output.item;
      const brandText =
        `${listing.address.street} ${listing.address.city} ${brand.brokerage} ${brand.disclosure}`.toLowerCase();
      for (const text of allTexts(output)) {
        const named = [...words(text)].filter(
          (word) => featureWords.includes(word) && !brandText.includes(word),
        );
        expect(named, text).toEqual([]);
      }
    }
  });

  it('when it writes, then nothing describes people (fair housing)', () => {
    for (const output of outputs) {
      for (const text of allTexts(output))
        expect(text.replace(/(?:single|multi)-family/gu, '')).not.toMatch(redFlags);
    }
  });

  it('when two listings get the same event and tone, then their Instagram captions differ', () => {
    const seen = new Map<string, string>();
    for (const { item, brief, posts } of outputs) {
      const caption = posts[0]!.text;
      const key = `${brief.details.event}/${brief.tone}/${caption}`;
      expect(seen.get(key), caption).toBeUndefined();
      seen.set(key, item.name);
    }
  });

  it('when one listing is written in the four tones, then the four Instagram captions all differ', () => {
    for (const item of corpus) {
      for (const event of contentEvents) {
        const captions = outputs
          .filter((output) => output.item === item && output.brief.details.event === event)
          .map((output) => output.posts[0]!.text);
        expect(new Set(captions).size).toBe(4);
      }
    }
  });

  it('when each post is written, then its call to action appears in its text', () => {
    for (const { posts } of outputs) {
      for (const post of posts) expect(post.text).toContain(post.callToAction);
    }
  });
});

describe('the built-in copywriter for each moment', () => {
  const forEvent = (event: ContentEvent) => outputs.filter((output) => output.brief.details.event === event);

  it('when it announces an open house, then every post gives the day and hours in the event time zone', () => {
    for (const { posts, descriptions } of forEvent('open_house')) {
      for (const text of [...posts.map((post) => post.text), descriptions.long]) {
        expect(text).toContain('Saturday, Dec 6, 8–10:30 AM');
      }
    }
  });

  it('when it announces a price reduction, then every post gives the old and the new price', () => {
    const price = (value: number) =>
      new RegExp(
        `\\$${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: value % 1 ? 2 : 0 }).format(value).replace(/[.$]/gu, '\\$&')}|\\$${value >= 1e6 ? `${value / 1e6}M` : `${value / 1e3}K`}`,
      );
    for (const { item, brief, posts } of forEvent('price_reduced')) {
      if (brief.details.event !== 'price_reduced') continue;
      for (const post of posts) {
        expect(post.text).toMatch(price(item.listing.price));
        expect(post.text).toMatch(price(brief.details.previousPrice));
      }
    }
  });

  it('when a home goes under contract or sells, then every post says so', () => {
    for (const { posts } of forEvent('under_contract'))
      for (const post of posts) expect(post.text).toMatch(/under contract/iu);
    for (const { posts } of forEvent('just_sold'))
      for (const post of posts) expect(post.text).toMatch(/\bsold\b/iu);
    for (const { posts } of forEvent('coming_soon'))
      for (const post of posts) expect(post.text).toMatch(/coming soon|soon to be offered|arriving soon/iu);
    for (const { posts } of forEvent('just_listed'))
      for (const post of posts) expect(post.text).toMatch(/just listed|introducing|presenting|now offered/iu);
  });
});

describe('the built-in copywriter and the brand kit', () => {
  it('when the brand kit has a licence and a disclosure, then Facebook, LinkedIn and the long description carry both', () => {
    const branded = outputs.filter(({ item }) => item.brand.licenseNumber && item.brand.disclosure);
    expect(branded.length).toBeGreaterThan(0);
    for (const { item, posts, descriptions } of branded) {
      for (const text of [posts[1]!.text, posts[2]!.text, descriptions.long]) {
        expect(text).toContain(`Lic. #${item.brand.licenseNumber}`);
        expect(text).toContain(item.brand.disclosure);
      }
    }
  });

  it('when the brand kit names the agent, then the Instagram post names them too; an empty kit adds no contact', () => {
    for (const { item, posts } of outputs) {
      if (item.brand.agentName) expect(posts[0]!.text).toContain(item.brand.agentName);
      if (item.brand !== emptyBrand) continue;
      for (const post of posts) {
        expect(post.text).not.toContain('Lic. #');
        for (const other of corpusBrands)
          if (other.agentName) expect(post.text).not.toContain(other.agentName);
      }
    }
  });
});

describe('the built-in copywriter and the seed', () => {
  const sample = corpus.filter((_, i) => i % 4 === 0);
  const brief = (item: CorpusCase, seed: number): ListingBrief => ({
    listing: item.listing,
    brand: item.brand,
    details: detailsFor('just_listed', item.listing),
    tone: 'warm',
    hashtagCap: 5,
    seed,
  });

  it('when the same brief and seed are written twice, then the output is identical', async () => {
    for (const item of sample) expect(await write(brief(item, 7))).toEqual(await write(brief(item, 7)));
  });

  it('when the seed changes (regenerate), then the wording changes', async () => {
    for (const item of sample) {
      expect(allTexts(await write(brief(item, 7)))).not.toEqual(allTexts(await write(brief(item, 8))));
    }
  });
});

describe('the built-in copywriter for a brand without listings', () => {
  const brandBrief = (overrides: Partial<BrandPostBrief>): BrandPostBrief => ({
    topic: 'Spring market update',
    brief:
      'Inventory in our county rose 12% since March. Rates moved little this month. Sellers who price well still see quick offers. We publish this update every quarter.',
    brand: corpusBrands[2]!,
    tone: 'warm',
    hashtagCap: 5,
    hashtags: ['#MarketUpdate', 'spring market'],
    callToAction: null,
    seed: 3,
    ...overrides,
  });

  it('when it writes brand posts in any tone and cap, then they fit, use the brief, invent no number and end with a call to action', async () => {
    for (const tone of tones) {
      for (const hashtagCap of hashtagCaps) {
        const input = brandBrief({ tone, hashtagCap });
        const posts = (await copywriter.writeBrandPosts(input, [...platforms])).value;
        expect(posts.map((post) => post.platform)).toEqual([...platforms]);
        for (const post of posts) {
          expect(checkLimits(post, { hashtagCap }), post.text).toEqual([]);
          expect(post.text).toContain('Inventory in our county rose 12% since March.');
          expect(post.text).toContain(post.callToAction);
          const facts = { brand: input.brand, extraText: `${input.topic} ${input.brief}` };
          expect(unsupportedNumbers(post.text, facts), post.text).toEqual([]);
          expect(post.text.replace(/(?:single|multi)-family/gu, '')).not.toMatch(redFlags);
        }
        if (hashtagCap >= 2)
          expect(posts[0]!.hashtags.slice(0, 2)).toEqual(['#MarketUpdate', '#SpringMarket']);
      }
    }
  });

  it('when the author gives a call to action and a very long brief, then it is used as given and every post still fits', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Point ${i + 1} of our guide is worth reading.`).join(
      ' ',
    );
    const posts = (
      await copywriter.writeBrandPosts(
        brandBrief({ brief: long, callToAction: 'Book a call at harborpine.example.' }),
        [...platforms],
      )
    ).value;
    for (const post of posts) {
      expect(post.callToAction).toBe('Book a call at harborpine.example.');
      expect(post.text).toContain(post.callToAction);
      expect(checkLimits(post, { hashtagCap: 5 })).toEqual([]);
    }
  });
});

describe('the fact checker', () => {
  const listing: ListingFacts = {
    address: {
      street: '1420 Maple Ave',
      unit: null,
      city: 'Austin',
      state: 'TX',
      postalCode: '78701',
      country: 'US',
    },
    price: 950_000,
    beds: 4,
    baths: 2.5,
    interiorSqft: 2150,
    lotSqft: 10_890,
    yearBuilt: 1985,
    propertyType: 'single_family',
    features: ['2-car garage', 'New roof (2021)'],
    description: '',
    photoCount: 18,
  };
  const brand = corpusBrands[2]!;
  const check = (text: string, details?: EventDetails) =>
    unsupportedNumbers(text, { listing, brand, details });

  it('when copy invents a count, a price or a year, then each invented number is reported', () => {
    expect(check('A roomy home with 5 bedrooms.')).toEqual(['5']);
    expect(check('Offered at $1.1M.')).toEqual(['$1.1M']);
    expect(check('Built in 1990 on a quiet lot.')).toEqual(['1990']);
    expect(check('Five bedrooms and 3,000 sq ft.')).toEqual(['Five', '3,000']);
    expect(check('Now 20% off! Call 555-867-5309.')).toEqual(['20%', '555-867-5309']);
    expect(check('Open 24/7 with a 3-car garage.')).toEqual(['24/7', '3']);
  });

  it('when copy states the facts in any usual format, then nothing is reported', () => {
    const texts = [
      '4 bedrooms, 2.5 baths, four bedrooms in all, 4 bd / 2.5 ba.',
      'Offered at $950,000 ($950K, $0.95M).',
      '2,150 sq ft on a 0.25-acre lot of 10,890 sq ft, about $442 per sq ft.',
      'Built in 1985, with a new roof in 2021 and a 2-car garage.',
      '1420 Maple Ave, Austin, TX 78701. 18 photos.',
      'Call (512) 555-0142 or 512.555.0142. Lic. #01234567.',
    ];
    for (const text of texts) expect(check(text), text).toEqual([]);
  });

  it('when copy gives the event facts, then the open-house time and the price change are accepted and other times are not', () => {
    const openHouse: EventDetails = {
      event: 'open_house',
      start: '2025-12-06T20:00:00Z',
      end: '2025-12-06T22:00:00Z',
      timeZone: 'America/Chicago',
    };
    expect(check('Open house Saturday, Dec 6, 2–4 PM (2:00 to 4:00 pm), 12/6/2025.', openHouse)).toEqual([]);
    expect(check('Open house Sunday, Dec 7, 1–3 PM.', openHouse)).toEqual(['7', '1–3 PM']);
    const reduced: EventDetails = { event: 'price_reduced', previousPrice: 1_000_000 };
    expect(check('Was $1,000,000, now $950,000: $50,000 (5%) less.', reduced)).toEqual([]);
    expect(check('Was $1,200,000, now $950,000.', reduced)).toEqual(['$1,200,000']);
  });
});
