/**
 * Flyer benchmark. (1) Render time: the median and p95 of `renderFlyer` over 200 flyers — standard and
 * luxury, Letter and A4, with 0–20 photos (2048×1365 JPEGs, the size listing sites deliver) — after a
 * warm-up. (2) Memory: resident set size before and after 1,000 more renders (forced GC between if run
 * with `--expose-gc`). Usage: `npx tsx bench/flyer.ts` or `node --expose-gc --import tsx bench/flyer.ts`.
 * Options: BENCH_RENDERS (default 200), BENCH_LEAK_RENDERS (default 1000, 0 to skip).
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import type { ListingFacts } from '../src/ai/content.js';
import { flyerTemplateFor, renderFlyer, type FlyerInput } from '../src/creative/flyer/flyer.js';

const RENDERS = Number(process.env.BENCH_RENDERS ?? 200);
const LEAK_RENDERS = Number(process.env.BENCH_LEAK_RENDERS ?? 1000);
const TARGET_MS = 150;

async function photo(index: number): Promise<Buffer> {
  const hue = (index * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2048" height="1365">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},55%,62%)"/><stop offset="1" stop-color="hsl(${(hue + 90) % 360},45%,28%)"/>
    </linearGradient></defs>
    <rect width="2048" height="1365" fill="url(#g)"/>
    <circle cx="${500 + index * 40}" cy="640" r="320" fill="white" opacity="0.35"/></svg>`;
  // Noise makes the JPEG as costly to decode as a real photo (a flat gradient decodes unrealistically fast).
  const noise = await sharp({
    create: {
      width: 2048,
      height: 1365,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: noise, blend: 'soft-light' }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

const description = [
  'Sunlit rooms and a wraparound porch welcome you to this beautifully renovated craftsman on a quiet, tree-lined street.',
  'The open kitchen features quartz counters, a six-burner range and a generous island that seats four.',
  'Upstairs, the primary suite offers a spa bath with heated floors and a walk-in closet.',
  'The fenced backyard includes a stone patio, raised garden beds and mature oaks that shade the lawn in summer.',
  'A detached two-car garage with a finished studio above provides flexible space for work or hobbies.',
  'Walk to cafes, the farmers market and the greenway trail in minutes.',
].join(' ');

function input(index: number, photos: Buffer[]): FlyerInput {
  const price = index % 3 === 0 ? 2_450_000 + index * 1000 : 489_000 + index * 1000;
  const listing: ListingFacts = {
    address: {
      street: `${100 + index} Linden Terrace`,
      unit: null,
      city: 'Asheville',
      state: 'NC',
      postalCode: '28801',
      country: 'US',
    },
    price,
    beds: 3 + (index % 3),
    baths: 2.5,
    interiorSqft: 2450,
    lotSqft: 9800,
    yearBuilt: 1998,
    propertyType: 'single_family',
    features: [
      'Renovated kitchen',
      'Primary suite with spa bath',
      'Wraparound porch',
      'Detached garage with studio',
      'Hardwood floors',
      'New roof (2023)',
    ],
    description: '',
    photoCount: photos.length,
  };
  return {
    listing,
    status: index % 7 === 0 ? 'sold' : 'active',
    photos,
    description,
    brand: {
      agentName: 'Jordan Avery',
      brokerage: 'Blue Ridge Realty Group',
      licenseNumber: 'NC-284193',
      disclosure: 'Information deemed reliable but not guaranteed. All measurements are approximate.',
      email: 'jordan@blueridgerealty.com',
      phone: '(828) 555-0142',
      website: 'blueridgerealty.com',
      defaultHashtags: [],
      primaryColor: '#1f3a5f',
      accentColor: '#e0a526',
      logo: null,
    },
    listingUrl: `https://listcast.example/l/${index}`,
    paper: index % 2 === 0 ? 'letter' : 'a4',
    template: flyerTemplateFor(price, 1_000_000),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

const pool = await Promise.all(Array.from({ length: 20 }, (_, i) => photo(i)));
const photoCount = (index: number) => [0, 1, 3, 5, 8, 20][index % 6]!;
const inputFor = (index: number) => input(index, pool.slice(0, photoCount(index)));

for (let i = 0; i < 10; i += 1) await renderFlyer(inputFor(i));

const times: number[] = [];
const sizes: number[] = [];
for (let i = 0; i < RENDERS; i += 1) {
  const flyerInput = inputFor(i);
  const start = performance.now();
  const pdf = await renderFlyer(flyerInput);
  times.push(performance.now() - start);
  sizes.push(pdf.length);
}
times.sort((a, b) => a - b);
sizes.sort((a, b) => a - b);
const median = percentile(times, 0.5);
console.log(`renderFlyer over ${RENDERS} flyers (standard/luxury, Letter/A4, 0–20 photos of 2048×1365):`);
console.log(
  `  median ${median.toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`,
);
console.log(
  `  PDF size median ${(percentile(sizes, 0.5) / 1024).toFixed(0)} KB, max ${((sizes.at(-1) ?? 0) / 1024).toFixed(0)} KB`,
);
console.log(`  target median ≤ ${TARGET_MS} ms: ${median <= TARGET_MS ? 'met' : 'NOT met'}`);

if (LEAK_RENDERS > 0) {
  gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < LEAK_RENDERS; i += 1) await renderFlyer(inputFor(i));
  gc?.();
  const after = process.memoryUsage();
  console.log(
    `memory over ${LEAK_RENDERS} renders${gc ? ' (GC forced before each reading)' : ' (run with --expose-gc for settled readings)'}:`,
  );
  console.log(
    `  RSS ${megabytes(before.rss)} → ${megabytes(after.rss)} (${megabytes(after.rss - before.rss)})`,
  );
  console.log(`  heap used ${megabytes(before.heapUsed)} → ${megabytes(after.heapUsed)}`);
}
