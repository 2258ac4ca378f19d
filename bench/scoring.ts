/**
 * Lead scoring benchmark. (1) `scoreLead` over 100,000 varied synthetic leads (seeded, so every run
 * scores the same leads): 0–12 interactions of every kind and intent over the last 30 days, profiles
 * from a bare handle to full contact details, stated interest from nothing to price, bedrooms and area,
 * and a listing or none; leads per second over the whole batch, 3 runs after a warm-up, the median
 * reported. (2) `parseInterest` over 100,000 comments and messages (compliments, questions, budgets).
 * Target: ≥ 20,000 leads/s on one core. Usage: `npm run bench:scoring`. Options: BENCH_LEADS, BENCH_RUNS.
 * Results: bench/README.md.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pick, seededRandom } from '../src/ai/builtin-copywriter/phrasing.js';
import { parseInterest } from '../src/modules/leads/parse-interest.js';
import { scoreLead, type LeadSignals } from '../src/modules/leads/scoring.js';
import { commentTemplates } from '../src/platforms/sandbox/audience.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET = 20_000;
const DAY_MS = 86_400_000;

type Interaction = LeadSignals['interactions'][number];
const kinds: Interaction['kind'][] = [
  'comment',
  'comment',
  'comment',
  'message',
  'mention',
  'form',
  'reply_received',
  'email_click',
];
const intents: Interaction['intent'][] = [
  'compliment',
  'compliment',
  'price_question',
  'showing_request',
  'availability',
  'financing',
  'complaint',
  'spam',
  'other',
  null,
];
const cities = ['Austin', 'Brooklyn', 'Oakland', 'Denver', 'Miami'];
const neighborhoods = ['Mission District', 'Park Slope', 'Hyde Park', null];

function syntheticLeads(count: number): LeadSignals[] {
  const random = seededRandom(20261123);
  const now = new Date('2026-11-23T12:00:00Z');
  const postIds = Array.from({ length: 200 }, (_, i) => `post-${i}`);
  return Array.from({ length: count }, () => {
    const interactions: Interaction[] = Array.from({ length: Math.floor(random() * 13) }, () => ({
      kind: pick(random, kinds),
      intent: pick(random, intents),
      sentiment: Math.round((random() * 2 - 1) * 100) / 100,
      at: new Date(now.getTime() - Math.floor(random() * 30 * DAY_MS)),
      postId: random() < 0.8 ? pick(random, postIds) : null,
    }));
    interactions.sort((a, b) => a.at.getTime() - b.at.getTime());
    const price = 200_000 + Math.round(random() * 1_800) * 1_000;
    const interest: LeadSignals['interest'] = {};
    if (random() < 0.5) interest.priceMax = Math.round(price * (0.7 + random() * 0.6));
    if (random() < 0.3) interest.priceMin = Math.round(price * (0.5 + random() * 0.4));
    if (random() < 0.4) interest.bedrooms = 1 + Math.floor(random() * 5);
    if (random() < 0.3) interest.area = pick(random, [...cities, 'Park Slope', 'Queens']);
    return {
      interactions,
      profile: {
        hasEmail: random() < 0.4,
        hasPhone: random() < 0.25,
        hasName: random() < 0.6,
        platformHandles: Math.floor(random() * 3),
        consent: random() < 0.3,
      },
      interest,
      listing:
        random() < 0.9
          ? {
              price: random() < 0.95 ? price : null,
              bedrooms: 1 + Math.floor(random() * 5),
              city: pick(random, cities),
              neighborhood: pick(random, neighborhoods),
            }
          : null,
      now,
    };
  });
}

function messages(count: number): string[] {
  const random = seededRandom(7);
  const said = Object.values(commentTemplates).flat();
  const asks = [
    (n: number) => `Looking in the ${n}-${n + 100}k range, anything in Brooklyn?`,
    (n: number) => `Anything under $${(n / 1000).toFixed(1)}M with 3 bedrooms?`,
    (n: number) => `We need ${1 + (n % 5)}bd/2ba, max ${n},000`,
    (n: number) => `Budget is around ${n}k, I live in Queens but want to be near Park Slope`,
    (n: number) =>
      `Hi! Is the ${n % 7} bedroom one in the Mission District still available? Between ${n}k and ${n + 50}k`,
  ];
  return Array.from({ length: count }, () =>
    random() < 0.6
      ? pick(random, said).replace('{place}', '12 Oak Street')
      : pick(random, asks)(300 + Math.floor(random() * 900)),
  );
}

function perSecond(count: number, run: () => number): { rate: number; checksum: number } {
  const start = performance.now();
  const checksum = run();
  return { rate: Math.round(count / ((performance.now() - start) / 1000)), checksum };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const format = (value: number) => value.toLocaleString('en-US');

const leads = syntheticLeads(LEADS);
const texts = messages(LEADS);
console.log(
  `load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(
      ' ',
    )}; ${format(LEADS)} leads, ${format(leads.reduce((sum, lead) => sum + lead.interactions.length, 0))} interactions`,
);

const scoreAll = () => {
  let sum = 0;
  for (const lead of leads) sum += scoreLead(lead).score;
  return sum;
};
scoreAll(); // warm-up: JIT
const scoring = Array.from({ length: RUNS }, () => perSecond(leads.length, scoreAll));
const tiers = new Map<string, number>();
for (const lead of leads.slice(0, 10_000)) {
  const { tier } = scoreLead(lead);
  tiers.set(tier, (tiers.get(tier) ?? 0) + 1);
}
const scoreRate = median(scoring.map((run) => run.rate));
console.log(
  `scoreLead: median ${format(scoreRate)} leads/s (runs: ${scoring.map((run) => format(run.rate)).join(', ')}; target ≥ ${format(TARGET)}: ${scoreRate >= TARGET ? 'met' : 'NOT met'})`,
  `mean score ${(scoring[0]!.checksum / leads.length).toFixed(2)}, tiers of the first 10,000: ${[...tiers].map(([tier, n]) => `${tier} ${n}`).join(', ')}`,
);

const parseAll = () => {
  let found = 0;
  for (const text of texts) found += Object.keys(parseInterest(text)).length;
  return found;
};
parseAll();
const parsing = Array.from({ length: RUNS }, () => perSecond(texts.length, parseAll));
console.log(
  `parseInterest: median ${format(median(parsing.map((run) => run.rate)))} messages/s (runs: ${parsing.map((run) => format(run.rate)).join(', ')}),`,
  `${(parsing[0]!.checksum / texts.length).toFixed(2)} fields found per message`,
);
