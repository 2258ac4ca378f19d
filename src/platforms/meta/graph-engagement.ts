/**
 * Pieces shared by the Instagram and Facebook Page engagement capabilities: cursor paging on Graph
 * edges, Graph's time format, and rephrasing a refusal so it names what was refused (a reply, a hide…)
 * instead of "the post".
 */
import { z } from 'zod';
import { PlatformError } from '../social-platform.js';
import type { GraphClient, GraphParams } from './graph-client.js';
import type { GraphErrorBody } from './graph-errors.js';

/** `paging` of a Graph list: `next` is there only when another page exists. */
export const graphPaging = z
  .object({
    cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
    next: z.string().optional(),
  })
  .optional();

/**
 * Every row of a cursor-paged edge, up to `maxPages` pages. `paging.next` is an absolute URL on Meta's
 * host; the `after` cursor is followed on the configured host instead, so the token never leaves it.
 */
export async function readAllPages<T>(
  graph: GraphClient,
  request: { path: string; params: GraphParams },
  row: z.ZodType<T>,
  maxPages: number,
): Promise<T[]> {
  const answer = z.object({ data: z.array(row), paging: graphPaging });
  const rows: T[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await graph.call({ path: request.path, params: { ...request.params, after } }, answer);
    rows.push(...result.data);
    after = result.paging?.cursors?.after;
    if (result.paging?.next === undefined || after === undefined) break;
  }
  return rows;
}

/** Graph writes `2026-11-22T10:00:00+0000`; make the offset ISO so every runtime parses it. */
export const parseGraphTime = (text: string) => new Date(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

/** The Graph `error.code` behind a classified failure, when Graph sent one. */
export function graphCodeOf(error: PlatformError): number | undefined {
  const cause = error.details.cause as GraphErrorBody | undefined;
  return typeof cause?.code === 'number' ? cause.code : undefined;
}

/**
 * A `reject` whose message speaks of "the post" (the classifier's generic wording) says what was
 * refused instead; every other failure, and rejects with a specific message, pass unchanged.
 */
export async function refusing<T>(site: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      error instanceof PlatformError &&
      error.action === 'reject' &&
      error.userMessage.startsWith(`${site} refused the post`)
    ) {
      const cause = error.details.cause as GraphErrorBody | undefined;
      const said = cause?.error_user_msg ?? cause?.message;
      throw new PlatformError(
        'reject',
        said ? `${site} refused the ${what}: ${said}` : `${site} refused the ${what}.`,
        error.details,
      );
    }
    throw error;
  }
}
