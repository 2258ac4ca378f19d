import { humanize } from '../lib/format';

/** A coloured pill; the class follows the value (status, platform, tier) so CSS gives each its colour. */
export function Badge({ value, kind = 'status', label }: { value: string; kind?: string; label?: string }) {
  return <span className={`badge ${kind}-${value}`}>{label ?? humanize(value)}</span>;
}
