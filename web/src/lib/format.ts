/** Dates and money as the workspace reads them: every time in the workspace's time zone. */
let zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function setWorkspaceZone(timezone: string) {
  zone = timezone;
}

export function workspaceZone(): string {
  return zone;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium' }).format(new Date(iso));
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, timeStyle: 'short' }).format(new Date(iso));
}

/** `YYYY-MM-DD` of an instant in the workspace's zone (calendar cells). */
export function dayKey(iso: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
  return parts;
}

export function formatMoney(amount: number): string {
  return new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  }).format(amount);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat().format(value);
}

export function humanize(value: string): string {
  return value.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}
