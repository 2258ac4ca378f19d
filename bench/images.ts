/**
 * Social image benchmark. (1) Render time per image: every template (event × standard/luxury ×
 * photo/no photo) across every format, median and p95 over BENCH_RENDERS renders (default 200) after a
 * warm-up. (2) Memory: resident set size before and after 1,000 renders (BENCH_SOAK), with a forced
 * garbage collection first when run with --expose-gc. Photos are 2048×1365 JPEGs (a typical MLS size).
 * Usage: `node --expose-gc --import tsx bench/images.ts` (or `npx tsx bench/images.ts`). Results: bench/README.md.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { contentEvents, type EventDetails, type ListingFacts } from '../src/ai/content.js';
import { imageFormatNames, type BrandLook } from '../src/creative/social/formats.js';
import { renderCarousel, renderSocialImage } from '../src/creative/social/index.js';

const RENDERS = Number(process.env.BENCH_RENDERS ?? 200);
const SOAK = Number(process.env.BENCH_SOAK ?? 1000);

async function photo(width: number, height: number, hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,75%)"/><stop offset="1" stop-color="hsl(${hue + 90},40%,30%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <rect x="${width * 0.62}" y="${height * 0.4}" width="${width * 0.25}" height="${height * 0.3}" fill="#b03a2e"/>
  </svg>`;
  // Noise makes the JPEG decode cost of a real photo.
  const noise = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 18 },
    },
  })
    .png()
    .toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: noise, blend: 'overlay' }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

const listing: ListingFacts = {
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
  baths: 3,
  interiorSqft: 2450,
  lotSqft: 9100,
  yearBuilt: 1998,
  propertyType: 'single_family',
  features: ['Renovated kitchen', 'Mountain views', 'Two-car garage'],
  description: '',
  photoCount: 3,
};

function details(event: (typeof contentEvents)[number]): EventDetails {
  if (event === 'open_house') {
    return {
      event,
      start: '2030-05-04T18:00:00Z',
      end: '2030-05-04T20:00:00Z',
      timeZone: 'America/New_York',
    };
  }
  if (event === 'price_reduced') return { event, previousPrice: 729_000 };
  return { event };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;
// Other work on a small machine moves the figures a lot: every result says how busy the machine was.
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

async function main() {
  const logo = await sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240"><rect width="600" height="240" rx="24" fill="#0b3d91"/><circle cx="120" cy="120" r="70" fill="#f2a541"/></svg>',
    ),
  )
    .png()
    .toBuffer();
  const photos = [await photo(2048, 1365, 200), await photo(1365, 2048, 30), await photo(1600, 1600, 120)];
  const brand = (luxury: boolean): BrandLook => ({
    agentName: 'Dana Whitfield',
    brokerage: 'Blue Ridge Realty',
    phone: '(828) 555-0142',
    primaryColor: '#12355b',
    secondaryColor: '#0b1f33',
    accentColor: '#f2a541',
    logo,
    luxury,
  });
  const cases = contentEvents.flatMap((event, e) =>
    imageFormatNames.flatMap((format, f) =>
      [false, true].map((luxury, l) => ({
        format,
        details: details(event),
        listing,
        brand: brand(luxury),
        photo: (e + f + l) % 4 === 3 ? null : photos[(e + f) % photos.length]!,
      })),
    ),
  );
  for (const input of cases.slice(0, 24)) await renderSocialImage(input); // warm-up: fonts, JIT
  const times: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const start = performance.now();
    await renderSocialImage(cases[i % cases.length]!);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `single image (${RENDERS} renders, ${cases.length} template × format cases): median ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (${load()})`,
  );

  const carouselStart = performance.now();
  const slides = await renderCarousel({
    details: details('just_listed'),
    listing,
    brand: brand(false),
    photos: photos.map((data, i) => ({ data, caption: `Photo caption ${i + 1}` })),
  });
  console.log(`carousel of ${slides.length} slides: ${(performance.now() - carouselStart).toFixed(0)} ms`);

  gc?.();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < SOAK; i++) await renderSocialImage(cases[i % cases.length]!);
  gc?.();
  const after = process.memoryUsage().rss;
  console.log(
    `RSS over ${SOAK} renders${gc ? ' (gc forced)' : ' (run with --expose-gc to force gc)'}: before ${mb(before)}, after ${mb(after)}, growth ${mb(after - before)}`,
  );
}

await main();
