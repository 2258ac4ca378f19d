import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { listingSorts, type ListingSort } from './schemas.js';

/**
 * The position after the last row of a page: the sort it belongs to, that row's sort value and its id.
 * Opaque to clients (base64url JSON); decoding anything else is a 400, never a 500.
 */
export interface Cursor {
  sort: ListingSort;
  value: string | number;
  id: string;
}

const cursorJson = z.object({
  s: z.enum(listingSorts),
  v: z.union([z.iso.datetime(), z.number().finite()]),
  i: z.uuid(),
});

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, v: cursor.value, i: cursor.id })).toString('base64url');
}

const invalid = (message: string) =>
  new AppError('validation_failed', 'The request is not valid', {
    fields: [{ field: 'querystring.cursor', message }],
  });

export function decodeCursor(raw: string, sort: ListingSort): Cursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor returned by this API');
  }
  const parsed = cursorJson.safeParse(json);
  if (!parsed.success) throw invalid('not a cursor returned by this API');
  const { s, v, i } = parsed.data;
  if (s !== sort) throw invalid(`this cursor belongs to sort=${s}`);
  const numeric = sort === 'price' || sort === '-price';
  if (numeric !== (typeof v === 'number')) throw invalid('not a cursor returned by this API');
  return { sort: s, value: v, id: i };
}
