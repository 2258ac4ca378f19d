import { CsvError, parse } from 'csv-parse/sync';
import type { RowError } from '../../db/schema.js';

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
const known = new Set<string>(csvColumns);

/** A data row: its line in the file (header = 1) and its non-empty cells by column. */
export interface CsvRow {
  line: number;
  cells: Partial<Record<CsvColumn, string>>;
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

/**
 * Reads the file's structure: header, quoting, field counts. Row contents are validated separately
 * (validate-rows.ts) so the background job can report progress while it does that part.
 */
export function parseListingCsv(text: string): { rows: CsvRow[]; errors: RowError[] } {
  let records: Parsed[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as Parsed[]; // csv-parse's types do not model `info: true`
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 1;
    return {
      rows: [],
      errors: [{ line, column: '', message: `The file is not valid CSV: ${error.message}` }],
    };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, column: '', message: 'The file is empty' }] };

  const names = header.record.map((name) => name.trim().toLowerCase());
  const errors: RowError[] = [];
  names.forEach((name, index) => {
    if (!known.has(name)) errors.push({ line: 1, column: name, message: 'unknown column' });
    else if (names.indexOf(name) !== index)
      errors.push({ line: 1, column: name, message: 'duplicate column' });
  });
  for (const column of requiredColumns) {
    if (!names.includes(column)) errors.push({ line: 1, column, message: 'required column is missing' });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: CsvRow[] = [];
  for (const { record, info } of data) {
    // info.lines is where the record ends; a quoted cell may span lines, and users look for where it starts.
    const line = info.lines - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    // Spreadsheets export trailing ",,,," rows; they carry nothing.
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== names.length) {
      errors.push({
        line,
        column: '',
        message: `expected ${names.length} fields like the header, found ${record.length}`,
      });
      continue;
    }
    const cells: CsvRow['cells'] = {};
    record.forEach((cell, index) => {
      const value = cell.trim();
      if (value !== '') cells[names[index] as CsvColumn] = value;
    });
    rows.push({ line, cells });
  }
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: 2, column: '', message: 'The file has a header but no data rows' });
  }
  return { rows, errors };
}
