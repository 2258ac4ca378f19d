import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListingFacts } from '../../src/ai/content.js';
import {
  flyerTemplateFor,
  renderFlyer,
  type FlyerInput,
  type FlyerPaper,
} from '../../src/creative/flyer/flyer.js';

const run = promisify(execFile);
let dir = '';
let photos: Buffer[] = [];

async function photo(index: number): Promise<Buffer> {
  const hue = (index * 53) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1067">
    <rect width="1600" height="1067" fill="hsl(${hue},50%,50%)"/>
    <circle cx="${300 + index * 50}" cy="500" r="260" fill="hsl(${(hue + 120) % 360},60%,70%)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flyer-test-'));
  photos = await Promise.all(Array.from({ length: 20 }, (_, i) => photo(i)));
});

afterAll(async () => {
  if (!process.env.KEEP_FLYERS) await rm(dir, { recursive: true, force: true });
  else console.log(`flyers kept in ${dir}`);
});

const description = [
  'Sunlit rooms and a wraparound porch welcome you to this beautifully renovated craftsman on a quiet, tree-lined street.',
  'The open kitchen features quartz counters, a six-burner range and a generous island that seats four.',
  'Upstairs, the primary suite offers a spa bath with heated floors and a walk-in closet.',
  '',
  'The fenced backyard includes a stone patio, raised garden beds and mature oaks that shade the lawn in summer.',
  'A detached two-car garage with a finished studio above provides flexible space for work or hobbies.',
  'Walk to cafes, the farmers market and the greenway trail in minutes.',
  'Recent updates include a new roof, high-efficiency heating and cooling, and refinished original hardwood floors.',
].join(' ');
const longDescription = Array.from({ length: 6 }, () => description).join('\n\n');

const disclosure =
  'Information deemed reliable but not guaranteed. All measurements are approximate and should be independently verified.';
const longDisclosure = Array.from(
  { length: 20 },
  (_, i) =>
    `Clause ${i + 1}: information deemed reliable but not guaranteed, and buyers should verify school assignments and measurements.`,
).join(' ');

function listing(overrides: Partial<ListingFacts> = {}): ListingFacts {
  return {
    address: {
      street: '48 Linden Terrace',
      unit: null,
      city: 'Asheville',
      state: 'NC',
      postalCode: '28801',
      country: 'US',
    },
    price: 689_000,
    beds: 4,
    baths: 3.5,
    interiorSqft: 2450,
    lotSqft: 19_000,
    yearBuilt: 1998,
    propertyType: 'single_family',
    features: [
      'Renovated kitchen with quartz counters',
      'Primary suite with spa bath',
      'Wraparound porch',
      'Hardwood floors',
    ],
    description: '',
    photoCount: 0,
    ...overrides,
  };
}

interface Scenario {
  name: string;
  listing: ListingFacts;
  photos: number;
  description: string;
  disclosure: string;
}

const scenarios: Scenario[] = [
  {
    name: 'a long address, description, feature list and disclosure',
    listing: listing({
      address: {
        street:
          'Residence 1402 at The Grandview Heights Overlook, 12345 North Lakeshore Boulevard Extension West',
        unit: 'Penthouse Suite B',
        city: 'Winston-Salem',
        state: 'NC',
        postalCode: '27101',
        country: 'US',
      },
      features: Array.from(
        { length: 40 },
        (_, i) => `Thoughtful feature number ${i + 1} with a longer explanation of its benefits`,
      ),
    }),
    photos: 3,
    description: longDescription,
    disclosure: longDisclosure,
  },
  { name: 'no photo', listing: listing(), photos: 0, description, disclosure },
  { name: 'one photo', listing: listing(), photos: 1, description, disclosure },
  { name: '20 photos', listing: listing(), photos: 20, description, disclosure },
  {
    name: 'a non-Latin street name',
    listing: listing({
      address: {
        street: '六本木6-10-1 東京都港区',
        unit: null,
        city: 'Tokyo',
        state: 'Tokyo',
        postalCode: '106-6108',
        country: 'JP',
      },
    }),
    photos: 2,
    description,
    disclosure,
  },
  {
    name: 'a $25,000,000 price',
    listing: listing({ price: 25_000_000, beds: 7 }),
    photos: 5,
    description,
    disclosure,
  },
];

function flyerInput(scenario: Scenario, paper: FlyerPaper): FlyerInput {
  return {
    listing: scenario.listing,
    status: 'active',
    photos: photos.slice(0, scenario.photos),
    description: scenario.description,
    brand: {
      agentName: 'Jordan Avery',
      brokerage: 'Blue Ridge Realty Group',
      licenseNumber: 'NC-284193',
      disclosure: scenario.disclosure,
      email: 'jordan@blueridgerealty.com',
      phone: '(828) 555-0142',
      website: 'blueridgerealty.com',
      defaultHashtags: [],
      primaryColor: '#1f3a5f',
      accentColor: '#e0a526',
      logo: null,
    },
    listingUrl: 'https://listcast.example/l/48-linden-terrace',
    paper,
    template: flyerTemplateFor(scenario.listing.price, 1_000_000),
  };
}

async function save(pdf: Buffer, name: string): Promise<string> {
  const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.pdf`);
  await writeFile(file, pdf);
  return file;
}

async function tool(command: string, ...args: string[]): Promise<string> {
  return (await run(command, args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

async function words(file: string): Promise<Word[]> {
  const html = await tool('pdftotext', '-bbox', file, '-');
  const entities: Record<string, string> = {
    '&amp;': '&',
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&apos;': "'",
  };
  return [
    ...html.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!.replace(/&\w+;/g, (entity) => entities[entity] ?? entity),
  }));
}

/** The description's words as printed: the left column, from its first word down to the agent footer. */
function printedDescription(all: Word[], source: string, firstFeature: string, footerWord: string): string[] {
  const firstWord = source.split(/\s+/)[0]!;
  const start = all.find((word) => word.text === firstWord);
  const feature = all.find((word) => word.text === firstFeature.split(' ')[0]);
  const footer = all.find(
    (word) => word.text === footerWord && start !== undefined && word.yMin > start.yMin,
  );
  if (!start || !feature || !footer) throw new Error('description, features or footer not found in the PDF');
  // The features column starts a bullet indent (≈ 12 pt) left of its first word; the description ends a gutter before.
  const right = feature.xMin - 15;
  return all
    .filter(
      (word) =>
        word.xMin >= start.xMin - 1 &&
        word.xMax <= right &&
        word.yMin >= start.yMin - 1 &&
        word.yMax <= footer.yMin,
    )
    .map((word) => word.text);
}

/** Every printed word is the source's next word; only the last may instead be a whole word followed by "…". */
function expectGracefulPrefix(printed: string[], source: string): void {
  const expected = source.split(/\s+/).filter(Boolean);
  expect(printed.length).toBeGreaterThan(0);
  printed.forEach((word, index) => {
    const last = index === printed.length - 1;
    if (last && word.endsWith('…')) {
      expect(expected[index]!.replace(/[,;:.!?]+$/, '')).toBe(word.slice(0, -1));
    } else {
      expect(word).toBe(expected[index]);
    }
  });
  if (!printed.at(-1)!.endsWith('…') && printed.length < expected.length) {
    // Cut at a sentence boundary.
    expect(printed.at(-1)).toMatch(/[.!?]$/);
  }
}

describe('flyerTemplateFor', () => {
  it('when the price is at or above the threshold, then the luxury template is chosen, and below it the standard one', () => {
    expect(flyerTemplateFor(1_000_000, 1_000_000)).toBe('luxury');
    expect(flyerTemplateFor(25_000_000, 1_000_000)).toBe('luxury');
    expect(flyerTemplateFor(999_999, 1_000_000)).toBe('standard');
    expect(flyerTemplateFor(1_500_000, 2_000_000)).toBe('standard');
  });
});

describe('renderFlyer', () => {
  const cases = scenarios.flatMap((scenario) =>
    (['letter', 'a4'] as const).map((paper) => ({ scenario, paper })),
  );

  it.each(cases)(
    'when rendering a flyer for $scenario.name on $paper, then it is one page with every required text',
    async ({ scenario, paper }) => {
      const input = flyerInput(scenario, paper);
      const file = await save(await renderFlyer(input), `${scenario.name}-${paper}`);

      const info = await tool('pdfinfo', file);
      expect(info).toMatch(/^Pages:\s+1$/m);
      const [, width, height] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info) ?? [];
      expect([Math.round(Number(width)), Math.round(Number(height))]).toEqual(
        paper === 'letter' ? [612, 792] : [595, 842],
      );

      const text = (await tool('pdftotext', file, '-')).replace(/\s+/g, ' ');
      const price = `$${scenario.listing.price.toLocaleString('en-US')}`;
      expect(text).toContain(price);
      expect(text).toMatch(new RegExp(`\\b${scenario.listing.beds} Beds\\b`, 'i'));
      expect(text).toMatch(/\b3\.5 Baths\b/i);
      expect(text).toContain('Jordan Avery');
      expect(text).toContain('Blue Ridge Realty Group');
      expect(text).toContain('Lic. #NC-284193');
      expect(text).toContain('Equal Housing Opportunity');
      // A disclosure too long for its box is shortened (checked word by word in its own test below).
      expect(text).toContain(
        scenario.disclosure === disclosure ? disclosure : 'Clause 1: information deemed reliable',
      );

      const all = await words(file);
      expectGracefulPrefix(
        printedDescription(all, scenario.description, scenario.listing.features[0]!, 'Jordan'),
        scenario.description,
      );
    },
  );

  it('when the disclosure is too long for its box, then it is shortened after a whole word with "…"', async () => {
    const input = flyerInput(scenarios[0]!, 'letter');
    const file = await save(await renderFlyer(input), 'long-disclosure');
    const text = (await tool('pdftotext', file, '-')).replace(/\s+/g, ' ');
    const start = text.indexOf('Clause 1:');
    expect(start).toBeGreaterThanOrEqual(0);
    const printed = text.slice(start).split(' ');
    const end = printed.findIndex((word) => word.endsWith('…'));
    expect(end).toBeGreaterThan(5);
    expectGracefulPrefix(printed.slice(0, end + 1), longDisclosure);
  });

  it('when the street name is Japanese, then it is printed with an embedded Japanese font', async () => {
    const file = await save(await renderFlyer(flyerInput(scenarios[4]!, 'letter')), 'japanese');
    expect(await tool('pdftotext', file, '-')).toContain('六本木6-10-1 東京都港区');
    expect(await tool('pdffonts', file)).toMatch(/NotoSansJP/);
  });

  it('when there are 20 large photos, then the first few are embedded resized and the PDF stays small', async () => {
    const pdf = await renderFlyer(flyerInput(scenarios[3]!, 'letter'));
    const images = await tool('pdfimages', '-list', await save(pdf, 'twenty'));
    const rows = images.split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(5);
    expect(pdf.length).toBeLessThan(1024 * 1024);
  });

  it('when a photo cannot be read, then it is skipped and the flyer still renders', async () => {
    const input = {
      ...flyerInput(scenarios[2]!, 'letter'),
      photos: [Buffer.from('not an image'), photos[0]!],
    };
    const file = await save(await renderFlyer(input), 'broken-photo');
    expect(await tool('pdfinfo', file)).toMatch(/^Pages:\s+1$/m);
    expect((await tool('pdfimages', '-list', file)).split('\n').slice(2).filter(Boolean)).toHaveLength(1);
  });

  it('when the same listing is rendered luxury and standard, then they differ in fonts and in pixels', async () => {
    const base = flyerInput(scenarios[2]!, 'letter');
    const luxury = await save(await renderFlyer({ ...base, template: 'luxury' }), 'compare-luxury');
    const standard = await save(await renderFlyer({ ...base, template: 'standard' }), 'compare-standard');
    expect(await tool('pdffonts', luxury)).toMatch(/PlayfairDisplay/);
    expect(await tool('pdffonts', standard)).not.toMatch(/PlayfairDisplay/);

    const pixels = async (file: string) => {
      await run('pdftoppm', ['-r', '20', '-gray', '-png', '-singlefile', file, file]);
      return sharp(`${file}.png`).greyscale().raw().toBuffer();
    };
    const [a, b] = await Promise.all([pixels(luxury), pixels(standard)]);
    expect(a.length).toBe(b.length);
    const meanDifference = a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length;
    expect(meanDifference).toBeGreaterThan(20);
  });

  it('when the brand has a logo, then both templates embed it', async () => {
    const logo = await sharp({
      create: { width: 600, height: 200, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><circle cx="100" cy="100" r="80" fill="#e0a526"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    for (const template of ['standard', 'luxury'] as const) {
      const base = flyerInput(scenarios[1]!, 'letter');
      const input = { ...base, template, brand: { ...base.brand, logo } };
      const images = await tool(
        'pdfimages',
        '-list',
        await save(await renderFlyer(input), `logo-${template}`),
      );
      expect(images.split('\n').slice(2).filter(Boolean).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('when the listing is sold, then the flyer carries a SOLD ribbon', async () => {
    const file = await save(
      await renderFlyer({ ...flyerInput(scenarios[2]!, 'letter'), status: 'sold' }),
      'sold',
    );
    const letters = (await words(file)).map((word) => word.text).join('');
    expect(letters).toContain('SOLD');
  });
});
