import { CsvError, parse } from 'csv-parse/sync';
import type { RowError } from '../db/schema.js';

/** A data row: its line in the file (header = 1) and its non-empty cells by column. */
export interface CsvTableRow<Column extends string> {
  line: number;
  cells: Partial<Record<Column, string>>;
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

/**
 * Reads a CSV file's structure — header (known, unique, required columns), quoting, field counts —
 * and reports every problem with its line and column, as imports show them. Cell contents are the
 * caller's to validate.
 */
export function parseCsvTable<Column extends string>(
  text: string,
  columns: { known: readonly Column[]; required: readonly Column[] },
): { rows: CsvTableRow<Column>[]; errors: RowError[] } {
  const known = new Set<string>(columns.known);
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
  for (const column of columns.required) {
    if (!names.includes(column)) errors.push({ line: 1, column, message: 'required column is missing' });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: CsvTableRow<Column>[] = [];
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
    const cells: Partial<Record<Column, string>> = {};
    record.forEach((cell, index) => {
      const value = cell.trim();
      if (value !== '') cells[names[index] as Column] = value;
    });
    rows.push({ line, cells });
  }
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: 2, column: '', message: 'The file has a header but no data rows' });
  }
  return { rows, errors };
}
