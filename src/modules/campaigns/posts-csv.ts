/** Reading a CSV of brand posts: the structure (header, quoting, field counts), as the listing import does. */
import { CsvError, parse } from 'csv-parse/sync';
import type { RowError } from '../../db/schema.js';

export const postCsvColumns = [
  'scheduled_at',
  'timezone',
  'accounts',
  'text',
  'first_comment',
  'media_ids',
  'repeat',
  'repeat_until',
  'repeat_count',
] as const;
export type PostCsvColumn = (typeof postCsvColumns)[number];
const required: PostCsvColumn[] = ['scheduled_at', 'accounts', 'text'];
const known = new Set<string>(postCsvColumns);

export interface PostCsvRow {
  line: number;
  cells: Partial<Record<PostCsvColumn, string>>;
}

export function parsePostCsv(text: string): { rows: PostCsvRow[]; errors: RowError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
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
  for (const column of required) {
    if (!names.includes(column)) errors.push({ line: 1, column, message: 'required column is missing' });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: PostCsvRow[] = [];
  for (const { record, info } of data) {
    const line = info.lines - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== names.length) {
      errors.push({
        line,
        column: '',
        message: `expected ${names.length} fields like the header, found ${record.length}`,
      });
      continue;
    }
    const cells: PostCsvRow['cells'] = {};
    record.forEach((cell, index) => {
      const value = cell.trim();
      if (value !== '') cells[names[index] as PostCsvColumn] = value;
    });
    rows.push({ line, cells });
  }
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: 2, column: '', message: 'The file has a header but no data rows' });
  }
  return { rows, errors };
}
