/** The words a flyer prints, formatted once from the listing and the brand kit for both layouts. */
import type { BrandFacts, ListingFacts, PropertyType } from '../../ai/content.js';
import { ribbonLabel } from './marks.js';

export interface Fact {
  value: string;
  label: string;
  /** Printed before the value ("Built 1998"). */
  labelFirst?: boolean;
}

export interface FlyerContent {
  price: string;
  /** Street and unit. */
  street: string;
  /** City, state, postal code. */
  locality: string;
  city: string;
  propertyType: string;
  /** Beds, baths, interior area, then lot and year when known. */
  facts: Fact[];
  features: string[];
  description: string;
  agentName: string | null;
  brokerage: string | null;
  /** "Lic. #…" */
  license: string | null;
  /** Phone, email, website: those the brand kit has. */
  contacts: string[];
  disclosure: string | null;
  ribbon: string | null;
  listingUrl: string;
}

const propertyTypeNames: Record<PropertyType, string> = {
  single_family: 'Single-Family Home',
  condo: 'Condominium',
  townhouse: 'Townhouse',
  multi_family: 'Multi-Family',
  land: 'Land',
  other: 'Residence',
};

const SQFT_PER_ACRE = 43_560;
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatPrice(price: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  }).format(price);
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

function listingFacts(listing: ListingFacts): Fact[] {
  const facts: Fact[] = [];
  if (listing.beds !== null)
    facts.push({ value: decimal.format(listing.beds), label: listing.beds === 1 ? 'Bed' : 'Beds' });
  if (listing.baths !== null) {
    facts.push({ value: decimal.format(listing.baths), label: listing.baths === 1 ? 'Bath' : 'Baths' });
  }
  if (listing.interiorSqft !== null)
    facts.push({ value: whole.format(listing.interiorSqft), label: 'Sq Ft' });
  if (listing.lotSqft !== null) {
    const acres = listing.lotSqft / SQFT_PER_ACRE;
    facts.push(
      acres >= 0.25
        ? { value: decimal.format(Math.round(acres * 100) / 100), label: 'Acre Lot' }
        : { value: whole.format(listing.lotSqft), label: 'Sq Ft Lot' },
    );
  }
  if (listing.yearBuilt !== null)
    facts.push({ value: String(listing.yearBuilt), label: 'Built', labelFirst: true });
  return facts;
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  return items.flatMap((item) => {
    const value = clean(item);
    if (!value || seen.has(value.toLowerCase())) return [];
    seen.add(value.toLowerCase());
    return [value];
  });
}

export function flyerContent(input: {
  listing: ListingFacts;
  status: string;
  description: string;
  brand: BrandFacts;
  listingUrl: string;
}): FlyerContent {
  const { listing, brand } = input;
  const { address } = listing;
  const street = [clean(address.street), clean(address.unit)].filter(Boolean).join(', ');
  const region = [clean(address.state), clean(address.postalCode)].filter(Boolean).join(' ');
  const locality = [clean(address.city), region].filter(Boolean).join(', ');
  const license = clean(brand.licenseNumber);
  return {
    price: formatPrice(listing.price),
    street,
    locality,
    city: clean(address.city) ?? '',
    propertyType: propertyTypeNames[listing.propertyType],
    facts: listingFacts(listing),
    features: dedupe(listing.features),
    description: (input.description.trim() || listing.description).trim(),
    agentName: clean(brand.agentName),
    brokerage: clean(brand.brokerage),
    license: license ? `Lic. #${license.replace(/^#/, '')}` : null,
    contacts: [brand.phone, brand.email, brand.website]
      .map(clean)
      .filter((value): value is string => value !== null),
    disclosure: clean(brand.disclosure),
    ribbon: ribbonLabel(input.status),
    listingUrl: input.listingUrl,
  };
}
