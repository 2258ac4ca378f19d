/**
 * Contact details as people write them in comments and messages ("email me at Ana@Example.com",
 * "call 555-201-3344"), normalised so one person is one lead however they typed it.
 */
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;
// Seven to fifteen digits, optionally grouped by spaces, dots, dashes or brackets, optionally with a +.
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,3}/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Digits only, with a leading + when the person gave a country code; null when too short to be a number. */
export function normalisePhone(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  return phone.trim().startsWith('+') ? `+${digits}` : digits;
}

export function findContactDetails(text: string): { email: string | null; phone: string | null } {
  const email = EMAIL.exec(text)?.[0] ?? null;
  const withoutEmail = email ? text.replace(email, ' ') : text;
  // Prices ("$1,250,000", "500k") are not phone numbers: only a run that is not money counts.
  const phoneMatch = PHONE.exec(withoutEmail.replace(/\$\s?[\d,.]+\s?[km]?/gi, ' '));
  const phone = phoneMatch ? normalisePhone(phoneMatch[0]) : null;
  return { email: email ? normaliseEmail(email) : null, phone };
}
