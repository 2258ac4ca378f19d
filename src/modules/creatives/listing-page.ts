import { and, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { brandKits, contentSets, listings, media, workspaces } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { Utm } from '../landing/utm.js';
import type { MediaUrls } from '../media/signed-urls.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const money = (value: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
    value,
  );

/** What the lead form shows: the visitor's values and messages after a refused submission, or thanks. */
export interface LeadFormState {
  values?: Record<string, unknown>;
  errors?: { field: string; message: string }[];
  sent?: boolean;
  utm?: Utm;
}

const HONEYPOT = 'website';

function leadForm(id: string, state: LeadFormState) {
  if (state.sent)
    return `<section id="contact"><h2>Thank you</h2><p>Your message was sent to the agent.</p></section>`;
  const value = (name: string) => {
    const raw = state.values?.[name];
    return typeof raw === 'string' ? escapeHtml(raw) : '';
  };
  const errors = state.errors ?? [];
  const hidden = Object.entries(state.utm ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, text]) => `<input type="hidden" name="utm_${key}" value="${escapeHtml(text)}">`)
    .join('');
  return `<section id="contact"><h2>Ask about this home</h2>
${errors.length > 0 ? `<div class="errors" role="alert"><ul>${errors.map((error) => `<li>${escapeHtml(error.message)}</li>`).join('')}</ul></div>` : ''}
<form method="post" action="/l/${escapeHtml(id)}/leads">${hidden}
<label>Name <input name="name" required maxlength="200" value="${value('name')}"></label>
<label>Email <input name="email" type="email" maxlength="320" value="${value('email')}"></label>
<label>Phone <input name="phone" type="tel" maxlength="40" value="${value('phone')}"></label>
<label>Message <textarea name="message" maxlength="5000">${value('message')}</textarea></label>
<label class="hp" aria-hidden="true">Website <input name="${HONEYPOT}" tabindex="-1" autocomplete="off"></label>
<label><input type="checkbox" name="consent" required${state.values?.consent ? ' checked' : ''}> I agree to be contacted about this property.</label>
<button type="submit">Send</button>
</form></section>`;
}

function openHouseList(slots: { start: string; end: string }[], timeZone: string) {
  const upcoming = slots.filter((slot) => Date.parse(slot.end) > Date.now());
  if (upcoming.length === 0) return '';
  const day = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' });
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });
  const items = upcoming.map((slot) => {
    const start = new Date(slot.start);
    return `<li>${escapeHtml(`${day.format(start)}, ${time.format(start)} – ${time.format(new Date(slot.end))}`)}</li>`;
  });
  return `<section><h2>Open house</h2><ul class="open-houses">${items.join('')}</ul></section>`;
}

/**
 * The public page of a listing — the target of the flyer's QR code and of links in posts: address,
 * price, facts, the newest generated description, the first imported photo and the agent's contact.
 * Public by design (it is marketing); a withdrawn listing is not shown.
 */
export async function listingPage(options: {
  db: Db;
  urls: MediaUrls;
  id: string;
  form?: LeadFormState;
}): Promise<{ html: string; workspaceId: string }> {
  const { db, urls, id } = options;
  const [row] = await db
    .select({ listing: listings, timezone: workspaces.timezone })
    .from(listings)
    .innerJoin(workspaces, eq(workspaces.id, listings.workspaceId))
    .where(and(eq(listings.id, id), ne(listings.status, 'withdrawn')))
    .limit(1);
  if (!row) throw notFound('Listing');
  const { listing } = row;
  const [[kit], [content], [photo]] = await Promise.all([
    db.select().from(brandKits).where(eq(brandKits.workspaceId, listing.workspaceId)),
    db
      .select({ description: contentSets.description })
      .from(contentSets)
      .where(and(eq(contentSets.listingId, id), eq(contentSets.status, 'ready')))
      .orderBy(desc(contentSets.createdAt))
      .limit(1),
    db
      .select({ id: media.id })
      .from(media)
      .where(and(eq(media.listingId, id), eq(media.kind, 'url')))
      .orderBy(media.createdAt)
      .limit(1),
  ]);
  const address = [listing.street, listing.unit, listing.city, listing.state, listing.postalCode]
    .filter(Boolean)
    .join(', ');
  const facts = [
    listing.beds !== null ? `${listing.beds} bedrooms` : null,
    listing.baths !== null ? `${listing.baths} baths` : null,
    listing.interiorSqft !== null ? `${listing.interiorSqft.toLocaleString('en-US')} sq ft` : null,
    listing.yearBuilt !== null ? `built in ${listing.yearBuilt}` : null,
  ].filter((fact): fact is string => fact !== null);
  const description = content?.description?.long ?? listing.description;
  const contact = [kit?.agentName, kit?.brokerage, kit?.phone, kit?.email].filter(
    (part): part is string => !!part,
  );
  const paragraphs = description
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(address)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f}main{max-width:760px;margin:auto;padding:24px}
img{width:100%;border-radius:8px}h1{font-size:1.6rem;margin:.6em 0 .2em}.price{font-size:1.4rem;font-weight:700;color:${escapeHtml(kit?.primaryColor ?? '#1F3A5F')}}
form label{display:block;margin:.5em 0}form input:not([type=checkbox]),textarea{width:100%;font:inherit;padding:6px}
.hp{position:absolute;left:-10000px}.errors{color:#a00}
footer{margin-top:2em;border-top:1px solid #ddd;padding-top:1em;font-size:.9rem;color:#555}</style></head>
<body><main>
${photo ? `<img src="${escapeHtml(urls.sign(photo.id, 'large').url)}" alt="${escapeHtml(`Photo of ${address}`)}">` : ''}
<h1>${escapeHtml(address)}</h1>
<div class="price">${money(listing.price)}</div>
<p>${escapeHtml(facts.join(' · '))}</p>
${listing.features.length > 0 ? `<ul>${listing.features.map((feature) => `<li>${escapeHtml(feature)}</li>`).join('')}</ul>` : ''}
${paragraphs}
${openHouseList(listing.openHouses, row.timezone)}
${leadForm(id, options.form ?? {})}
<footer>${escapeHtml(contact.join(' · '))}${kit?.licenseNumber ? ` · Lic. #${escapeHtml(kit.licenseNumber)}` : ''}
${kit?.disclosure ? `<p>${escapeHtml(kit.disclosure)}</p>` : ''}<p>Equal Housing Opportunity</p></footer>
</main></body></html>`;
  return { html, workspaceId: listing.workspaceId };
}
