import type { RowError } from '../../db/schema.js';
import type { CsvColumn, CsvRow } from './csv.js';
import { listingInput, type ListingInput } from './schemas.js';

/** Enough to fix a file; a 100,000-line file of errors helps nobody and bloats the import row. */
export const MAX_REPORTED_ERRORS = 1000;

const fieldColumns: Record<string, CsvColumn> = {
  'address.street': 'street',
  'address.unit': 'unit',
  'address.city': 'city',
  'address.state': 'state',
  'address.postalCode': 'postal_code',
  'address.country': 'country',
  price: 'price',
  beds: 'beds',
  baths: 'baths',
  interiorSqft: 'interior_sqft',
  lotSqft: 'lot_sqft',
  yearBuilt: 'year_built',
  propertyType: 'property_type',
  features: 'features',
  description: 'description',
  photos: 'photos',
  status: 'status',
};

/** Where a listing field came from in the file, so an error names the column the user typed into. */
function columnOf(path: PropertyKey[]): string {
  const [head, index, key] = path;
  if (head === 'openHouses') return key === 'start' ? 'open_house_start' : 'open_house_end';
  if (head === 'address') return fieldColumns[`address.${String(index)}`] ?? '';
  return fieldColumns[String(head)] ?? '';
}

/** "450000", "450000.50" and "$450,000" are numbers; anything else stays text so the schema rejects it. */
function numberOrText(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const plain = /^\$?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value) ? value.replace(/[$,]/g, '') : value;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(plain) ? Number(plain) : value;
}

const list = (value: string | undefined, separator: RegExp) =>
  value === undefined
    ? undefined
    : value
        .split(separator)
        .map((item) => item.trim())
        .filter(Boolean);

/** The JSON body a row stands for; then the API's own schema judges it. */
function toListingBody(cells: CsvRow['cells']) {
  const start = cells.open_house_start;
  const end = cells.open_house_end;
  return {
    address: {
      street: cells.street,
      unit: cells.unit,
      city: cells.city,
      state: cells.state,
      postalCode: cells.postal_code,
      country: cells.country,
    },
    price: numberOrText(cells.price),
    beds: numberOrText(cells.beds),
    baths: numberOrText(cells.baths),
    interiorSqft: numberOrText(cells.interior_sqft),
    lotSqft: numberOrText(cells.lot_sqft),
    yearBuilt: numberOrText(cells.year_built),
    propertyType: cells.property_type,
    features: list(cells.features, /;/),
    description: cells.description,
    photos: list(cells.photos, /[\s;]+/),
    status: cells.status,
    openHouses: start === undefined && end === undefined ? undefined : [{ start, end }],
  };
}

/**
 * Validates every row with the listing schema. Reports progress every `progressEvery` rows through an
 * async callback (the import job writes it to the database, so a poll shows it).
 */
export async function validateRows(
  rows: CsvRow[],
  options: { onProgress?: (processed: number) => Promise<void>; progressEvery?: number } = {},
): Promise<{ inputs: ListingInput[]; errors: RowError[]; errorCount: number }> {
  const every = options.progressEvery ?? 200;
  const inputs: ListingInput[] = [];
  const errors: RowError[] = [];
  let errorCount = 0;
  for (const [index, row] of rows.entries()) {
    const result = listingInput.safeParse(toListingBody(row.cells));
    if (result.success) inputs.push(result.data);
    else {
      for (const issue of result.error.issues) {
        errorCount += 1;
        if (errors.length >= MAX_REPORTED_ERRORS) continue;
        const item =
          typeof issue.path[1] === 'number' && issue.path[0] !== 'openHouses' ? issue.path[1] : null;
        errors.push({
          line: row.line,
          column: columnOf(issue.path),
          message: item === null ? issue.message : `item ${item + 1}: ${issue.message}`,
        });
      }
    }
    if (options.onProgress && (index + 1) % every === 0) await options.onProgress(index + 1);
  }
  return { inputs, errors, errorCount };
}
