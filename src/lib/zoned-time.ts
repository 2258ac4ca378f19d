/** Wall-clock time in an IANA zone ↔ UTC instants, with Intl only (DST-safe). */

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which the clocks in `timeZone` show `local` (`YYYY-MM-DDTHH:mm[:ss]`). A time that
 * does not exist (skipped by a DST jump) moves forward by the jump, as clocks do.
 */
export function zonedToUtc(local: string, timeZone: string): Date {
  const match = LOCAL.exec(local);
  if (!match) throw new RangeError(`not a local date-time: ${local}`);
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0));
  const wall = Date.UTC(y!, mo! - 1, d, h, mi, s);
  let instant = wall - offsetMs(wall, timeZone);
  instant = wall - offsetMs(instant, timeZone);
  // In a DST gap no instant shows `local`: use the offset from before the jump, which lands after it.
  if (utcToZoned(new Date(instant), timeZone) !== local.slice(0, 16)) {
    instant = wall - offsetMs(wall - 86_400_000, timeZone);
  }
  return new Date(instant);
}

/** `YYYY-MM-DDTHH:mm` as the clocks in `timeZone` show `instant`. */
export function utcToZoned(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + offsetMs(instant.getTime(), timeZone));
  return shifted.toISOString().slice(0, 16);
}

export const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
