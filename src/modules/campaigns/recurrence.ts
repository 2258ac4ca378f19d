import type { TemplateRecurrence } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { addDays } from './plan-times.js';

/** The most occurrences one repeating plan holds (a year of weekly posts). */
export const MAX_OCCURRENCES = 52;

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y!, m! - 1 + months, 1));
  // The 31st of a shorter month is its last day.
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d!, last));
  return first.toISOString().slice(0, 10);
}

/**
 * The local dates a recurrence falls on, from `startDate`: every `interval` days, weeks or months, until
 * `count` dates or the last on or before `untilDate`. Dates, not instants: each is turned into an instant
 * in the campaign's zone on its own, so 9:00 stays 9:00 on both sides of a DST change.
 */
export function occurrenceDates(
  recurrence: Pick<TemplateRecurrence, 'every' | 'interval'>,
  startDate: string,
  end: { count?: number | undefined; untilDate?: string | undefined },
): string[] {
  if (end.count === undefined && end.untilDate === undefined) {
    throw new AppError('validation_failed', 'The request is not valid', {
      fields: [{ field: 'body.count', message: 'a repeating template needs `count` or `until`' }],
    });
  }
  const limit = Math.min(end.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const dates: string[] = [];
  for (let index = 0; dates.length < limit; index += 1) {
    const step = index * recurrence.interval;
    const date =
      recurrence.every === 'month'
        ? addMonths(startDate, step)
        : addDays(startDate, recurrence.every === 'week' ? step * 7 : step);
    if (end.untilDate !== undefined && date > end.untilDate) break;
    dates.push(date);
  }
  return dates;
}
