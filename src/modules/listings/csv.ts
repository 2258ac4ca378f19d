import { parseCsvTable, type CsvTableRow } from '../../lib/csv-table.js';

/** The columns of an import file, in the documented order (docs/csv-import.md). */
export const csvColumns = [
  'street',
  'unit',
  'city',
  'state',
  'postal_code',
  'country',
  'price',
  'beds',
  'baths',
  'interior_sqft',
  'lot_sqft',
  'year_built',
  'property_type',
  'features',
  'description',
  'photos',
  'status',
  'open_house_start',
  'open_house_end',
] as const;
export type CsvColumn = (typeof csvColumns)[number];

const requiredColumns: CsvColumn[] = ['street', 'city', 'state', 'postal_code', 'price', 'property_type'];

/** A data row: its line in the file (header = 1) and its non-empty cells by column. */
export type CsvRow = CsvTableRow<CsvColumn>;

/**
 * Reads the file's structure: header, quoting, field counts. Row contents are validated separately
 * (validate-rows.ts) so the background job can report progress while it does that part.
 */
export const parseListingCsv = (text: string) =>
  parseCsvTable(text, { known: csvColumns, required: requiredColumns });
