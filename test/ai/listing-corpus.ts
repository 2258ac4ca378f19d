/**
 * A seeded corpus of listings and brand kits for the content writers' tests: studio condos to $12M
 * estates, land and multi-family, sparse (address, price and type only) to rich (15 features and a
 * description longer than any post), with street and city names in several languages and scripts.
 */
import type { BrandFacts, ListingFacts, PropertyType } from '../../src/ai/content.js';

export interface CorpusCase {
  name: string;
  listing: ListingFacts;
  brand: BrandFacts;
}

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const places: { street: string; city: string; state: string; postalCode: string; country: string | null }[] =
  [
    { street: 'Rue Saint-Denis', city: 'Montréal', state: 'QC', postalCode: 'H2X 3K8', country: 'CA' },
    { street: 'Calle de Alcalá', city: 'Madrid', state: 'MD', postalCode: '28014', country: 'ES' },
    { street: 'Friedrichstraße', city: 'Berlin', state: 'BE', postalCode: '10117', country: 'DE' },
    { street: 'Sherman Ave', city: "Coeur d'Alene", state: 'ID', postalCode: '83814', country: 'US' },
    { street: '銀座一丁目', city: '東京', state: '東京都', postalCode: '104-0061', country: 'JP' },
    { street: "O'Connell Street", city: 'Dublin', state: 'D01', postalCode: 'D01 F5P2', country: 'IE' },
    { street: 'Congress Ave', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' },
    { street: 'Kalākaua Ave', city: 'Honolulu', state: 'HI', postalCode: '96815', country: 'US' },
    { street: 'Avenida Paulista', city: 'São Paulo', state: 'SP', postalCode: '01310-100', country: 'BR' },
    { street: 'E Hopkins Ave', city: 'Aspen', state: 'CO', postalCode: '81611', country: 'US' },
    { street: 'Canyon Rd', city: 'Santa Fe', state: 'NM', postalCode: '87501', country: null },
    { street: 'NW 23rd Ave', city: 'Portland', state: 'OR', postalCode: '97210', country: 'US' },
    { street: 'Ocean Drive', city: 'Miami Beach', state: 'FL', postalCode: '33139', country: 'US' },
    { street: '서초대로', city: '서울', state: '서울특별시', postalCode: '06611', country: 'KR' },
    { street: 'Lake Shore Dr', city: 'Chicago', state: 'IL', postalCode: '60611', country: 'US' },
    { street: "Ka'ahumanu Ave", city: 'Kahului', state: 'HI', postalCode: '96732', country: 'US' },
  ];

const features = [
  'Renovated kitchen',
  'Quartz countertops',
  'Hardwood floors',
  'Pool',
  'Ocean views',
  'Lake access with private dock',
  '2-car garage',
  'Fireplace',
  'Primary suite with walk-in closet',
  'Covered patio',
  'Solar panels',
  'EV charger',
  'New roof (2021)',
  'Central air',
  'Open floor plan',
  'Wine cellar',
  'Home office',
  'Rooftop terrace',
  'HOA $350/month',
  '10 ft ceilings',
  'Mountain views',
  'Fenced backyard',
  'Laundry in unit',
  'Elevator building',
  'Heated floors',
  'Guest house',
  'Sauna',
  'Chef’s kitchen with Sub-Zero and Wolf',
  'Gated entry',
  'Balcony',
  'Terrasse de 20 m²',
  'Walkable location',
  'Storage unit',
  'Bike room',
  'Doorman',
];

const descriptionSentences = [
  'Sunlight fills the main living area through tall south-facing windows.',
  'The kitchen opens onto a covered patio.',
  'Original 1920s millwork was kept throughout.',
  'A quiet street lined with mature oaks.',
  'The lower level has its own entrance.',
  'Recent updates include a new water heater and fresh paint.',
  'Shops and cafés are a short walk away.',
  'The primary bedroom sits on its own floor.',
  'Showings begin Saturday.',
  'Le salon donne sur une cour intérieure calme.',
];

const types: { type: PropertyType; weight: number }[] = [
  { type: 'single_family', weight: 5 },
  { type: 'condo', weight: 3 },
  { type: 'townhouse', weight: 2 },
  { type: 'multi_family', weight: 1 },
  { type: 'land', weight: 1 },
  { type: 'other', weight: 1 },
];

const emptyBrand: BrandFacts = {
  agentName: null,
  brokerage: null,
  licenseNumber: null,
  disclosure: null,
  email: null,
  phone: null,
  website: null,
  defaultHashtags: [],
};

const brands: BrandFacts[] = [
  emptyBrand,
  { ...emptyBrand, agentName: 'Maya Okafor' },
  {
    agentName: 'Jordan Reyes',
    brokerage: 'Harbor & Pine Realty',
    licenseNumber: '01234567',
    disclosure: 'Information deemed reliable but not guaranteed. Equal Housing Opportunity.',
    email: 'jordan@harborpine.example',
    phone: '(512) 555-0142',
    website: 'https://harborpine.example',
    defaultHashtags: ['#HarborPine', '#AustinHomes'],
  },
  {
    agentName: 'Élodie Marchand',
    brokerage: 'Maison Nord Immobilier',
    licenseNumber: 'QC-H4471',
    disclosure: `${'Courtier immobilier agréé. Each office is independently owned and operated. '.repeat(8)}Equal Housing Opportunity.`,
    email: null,
    phone: '+1 514 555 0199',
    website: null,
    defaultHashtags: ['#MontrealRealEstate'],
  },
  { ...emptyBrand, brokerage: "O'Neill Property Group", phone: '555.010.7788', defaultHashtags: ['#Dublin'] },
];

export function buildCorpus(seed = 20240601, count = 64): CorpusCase[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const cases: CorpusCase[] = [];
  for (let i = 0; i < count; i++) {
    const place = places[i % places.length]!;
    const total = types.reduce((sum, t) => sum + t.weight, 0);
    let roll = next() * total;
    const type = types.find((t) => (roll -= t.weight) < 0)?.type ?? 'single_family';
    const sparse = i % 7 === 3;
    const rich = i % 9 === 0;
    const land = type === 'land';
    const beds = land ? null : type === 'condo' && i % 5 === 0 ? 0 : 1 + Math.floor(next() * 6);
    const luxury = i % 11 === 5;
    const price = luxury
      ? 12_000_000
      : Math.round((150_000 + next() * 2_400_000) / 100) * 100 + (i % 13 === 0 ? 0.5 : 0);
    const featureCount = rich ? 15 : Math.floor(next() * 6);
    const chosen = new Set<string>();
    while (chosen.size < featureCount) chosen.add(pick(features));
    const description = rich
      ? Array.from({ length: 40 }, (_, n) => descriptionSentences[n % descriptionSentences.length]).join(' ')
      : next() < 0.5
        ? descriptionSentences.slice(0, 1 + Math.floor(next() * 4)).join(' ')
        : '';
    cases.push({
      name: `${i}: ${type} in ${place.city}${sparse ? ' (sparse)' : ''}${rich ? ' (rich)' : ''}`,
      listing: {
        address: {
          street: `${100 + i * 7} ${place.street}`,
          unit: type === 'condo' && !sparse ? pick(['4B', 'Apt 12', '#1802', 'PH-2']) : null,
          city: place.city,
          state: place.state,
          postalCode: place.postalCode,
          country: place.country,
        },
        price,
        beds: sparse ? null : beds,
        baths: sparse || land ? null : pick([1, 1.5, 2, 2.5, 3, 4.5]),
        interiorSqft: sparse || land ? null : 450 + Math.floor(next() * 5000),
        lotSqft:
          sparse || type === 'condo'
            ? null
            : land
              ? 20_000 + Math.floor(next() * 400_000)
              : 2_000 + Math.floor(next() * 20_000),
        yearBuilt: sparse || land || next() < 0.3 ? null : 1890 + Math.floor(next() * 134),
        propertyType: type,
        features: sparse ? [] : [...chosen],
        description: sparse ? '' : description,
        photoCount: sparse ? 0 : Math.floor(next() * 40),
      },
      brand: brands[i % brands.length]!,
    });
  }
  return cases;
}

export const corpus = buildCorpus();
export { brands as corpusBrands, emptyBrand };
