const supported = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * True for an IANA zone name such as `America/New_York` or `Etc/UTC`.
 *
 * ICU's list holds the legacy spellings (`Asia/Calcutta`, `Europe/Kiev`) and neither `UTC` nor
 * `Etc/UTC`, so current IANA names that Intl resolves (`Asia/Kolkata`, `Europe/Kyiv`) are accepted too.
 * Bare abbreviations (`UTC`, `EST`, `GMT`) are refused: they are aliases, and schedules need the zone.
 */
export function isTimeZone(name: string): boolean {
  if (name === 'Etc/UTC' || supported.has(name)) return true;
  if (!name.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
