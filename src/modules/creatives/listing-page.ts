import { and, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { brandKits, contentSets, listings, media } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import type { MediaUrls } from '../media/signed-urls.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const money = (value: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
    value,
  );

/**
 * The public page of a listing — the target of the flyer's QR code and of links in posts: address,
 * price, facts, the newest generated description, the first imported photo and the agent's contact.
 * Public by design (it is marketing); a withdrawn listing is not shown.
 */
export async function listingPage(options: { db: Db; urls: MediaUrls; id: string }): Promise<string> {
  const { db, urls, id } = options;
  const [listing] = await db
    .select()
    .from(listings)
    .where(and(eq(listings.id, id), ne(listings.status, 'withdrawn')))
    .limit(1);
  if (!listing) throw notFound('Listing');
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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(address)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f}main{max-width:760px;margin:auto;padding:24px}
img{width:100%;border-radius:8px}h1{font-size:1.6rem;margin:.6em 0 .2em}.price{font-size:1.4rem;font-weight:700;color:${escapeHtml(kit?.primaryColor ?? '#1F3A5F')}}
footer{margin-top:2em;border-top:1px solid #ddd;padding-top:1em;font-size:.9rem;color:#555}</style></head>
<body><main>
${photo ? `<img src="${escapeHtml(urls.sign(photo.id, 'large').url)}" alt="${escapeHtml(`Photo of ${address}`)}">` : ''}
<h1>${escapeHtml(address)}</h1>
<div class="price">${money(listing.price)}</div>
<p>${escapeHtml(facts.join(' · '))}</p>
${listing.features.length > 0 ? `<ul>${listing.features.map((feature) => `<li>${escapeHtml(feature)}</li>`).join('')}</ul>` : ''}
${paragraphs}
<footer>${escapeHtml(contact.join(' · '))}${kit?.licenseNumber ? ` · Lic. #${escapeHtml(kit.licenseNumber)}` : ''}
${kit?.disclosure ? `<p>${escapeHtml(kit.disclosure)}</p>` : ''}<p>Equal Housing Opportunity</p></footer>
</main></body></html>`;
}
