/** Reading a CSV of brand posts: the structure (header, quoting, field counts), as the listing import does. */
import { parseCsvTable, type CsvTableRow } from '../../lib/csv-table.js';

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

export type PostCsvRow = CsvTableRow<PostCsvColumn>;

export const parsePostCsv = (text: string) => parseCsvTable(text, { known: postCsvColumns, required });
