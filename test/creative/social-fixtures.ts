/** Listings, brands and generated photos for the social image tests. */
import sharp from 'sharp';
import type { ContentEvent, EventDetails, ListingFacts } from '../../src/ai/content.js';
import type { BrandLook } from '../../src/creative/social/index.js';

const base: ListingFacts = {
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
  features: ['Renovated kitchen', 'Mountain views', 'Two-car garage', 'Screened porch'],
  description: '',
  photoCount: 1,
};

export const listings = {
  longAddress: {
    ...base,
    address: {
      ...base.address,
      street: '12345 North Old Mill Creek Ridge Road Extension at Hawthorne Valley Crossing Estates',
      unit: 'Building C Suite 2100',
      city: 'Rancho Santa Margarita Heights',
      state: 'CA',
      postalCode: '92688',
    },
  },
  plain: base,
  nonLatin: {
    ...base,
    address: {
      street: '銀座一丁目 5-8',
      unit: null,
      city: 'Chūō-ku, Tokyo',
      state: '',
      postalCode: '104-0061',
      country: 'JP',
    },
    propertyType: 'condo',
  },
  european: {
    ...base,
    address: {
      street: 'Friedrichstraße 43, Rue Saint-Denis',
      unit: null,
      city: 'Berlin',
      state: '',
      postalCode: '10117',
      country: 'DE',
    },
  },
  expensive: { ...base, price: 25_000_000, beds: 9, baths: 12, interiorSqft: 18_500 },
} satisfies Record<string, ListingFacts>;

export function detailsFor(event: ContentEvent, price: number): EventDetails {
  if (event === 'open_house') {
    return { event, start: '2030-05-04T18:00:00Z', end: '2030-05-04T20:00:00Z', timeZone: 'America/Chicago' };
  }
  if (event === 'price_reduced') return { event, previousPrice: Math.round(price * 1.06) };
  return { event };
}

export async function logo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="200"><rect width="500" height="200" rx="24" fill="#0b3d91"/><circle cx="100" cy="100" r="60" fill="#f2a541"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function brand(logoData: Buffer | null, luxury = false): BrandLook {
  return {
    agentName: 'Dana Whitfield',
    brokerage: 'Blue Ridge Realty',
    phone: '(828) 555-0142',
    primaryColor: '#12355b',
    secondaryColor: '#0b1f33',
    accentColor: '#f2a541',
    logo: logoData,
    luxury,
  };
}

/**
 * A sky-to-grass gradient with one distinct red subject off-centre (its centre at `subjectX` of the
 * width): what the attention crop should keep.
 */
export async function photo(
  width: number,
  height: number,
  subjectX = 0.8,
  format: 'jpeg' | 'png' = 'jpeg',
): Promise<Buffer> {
  const size = Math.round(Math.min(width, height) * 0.22);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#9cc9f0"/><stop offset="1" stop-color="#4c7a45"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <rect x="${Math.round(width * subjectX - size / 2)}" y="${Math.round(height * 0.45)}" width="${size}" height="${size}" fill="#e0201b"/>
  </svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 85 }).toBuffer();
}
