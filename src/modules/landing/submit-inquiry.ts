import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { listingInquiries, listingPageEvents, listings } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError, notFound } from '../../lib/errors.js';
import { notify } from '../notifications/notify.js';
import { triage } from '../inbox/triage/triage.js';
import { recordInteraction } from '../leads/record-interaction.js';
import { attribute, readUtm } from './utm.js';

const optionalText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().trim().max(max).optional(),
  );

/** The lead form. A browser sends strings; a checkbox is present (`on`) or absent. */
export const inquiryForm = z
  .object({
    name: z.string().trim().min(1, 'Please tell us your name').max(200),
    email: optionalText(320).pipe(z.string().email('Please enter a valid email address').optional()),
    phone: optionalText(40).pipe(
      z
        .string()
        .regex(/^[+()\d\s.-]{7,40}$/, 'Please enter a valid phone number')
        .optional(),
    ),
    message: optionalText(5000),
    consent: z.union([z.literal(true), z.literal('on'), z.literal('true'), z.literal('yes')], {
      message: 'Please agree to be contacted',
    }),
  })
  .refine((form) => form.email !== undefined || form.phone !== undefined, {
    message: 'Please give an email address or a phone number',
    path: ['email'],
  });

export type InquiryFields = Record<string, unknown>;

/** The honeypot: a field people never see. Bots fill every field. */
export const HONEYPOT = 'website';

export type InquiryResult = { status: 'received'; id: string } | { status: 'discarded' };

/**
 * Stores a lead form sent from a listing's page, counts the submission (attributed like views) and
 * tells the workspace's owners and admins, by email too — all in one transaction. A filled honeypot
 * is answered like a success and dropped, so a bot learns nothing.
 */
export async function submitInquiry(options: {
  db: Db;
  jobs: JobQueue;
  listingId: string;
  fields: InquiryFields;
  /** `SEQUENCE_TIME_SCALE`: the follow-ups the new lead gets run this much faster. */
  sequenceTimeScale: number;
}): Promise<InquiryResult> {
  const { db, jobs, listingId, fields } = options;
  const [listing] = await db
    .select({ workspaceId: listings.workspaceId, street: listings.street, city: listings.city })
    .from(listings)
    .where(and(eq(listings.id, listingId), ne(listings.status, 'withdrawn')))
    .limit(1);
  if (!listing) throw notFound('Listing');
  const trap = fields[HONEYPOT];
  if (typeof trap === 'string' && trap.trim() !== '') return { status: 'discarded' };
  const parsed = inquiryForm.safeParse(fields);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The form is not complete', {
      fields: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    });
  }
  const form = parsed.data;
  const utm = readUtm(fields);
  const workspaceId = listing.workspaceId;
  return db.transaction(async (tx) => {
    const { postId, campaignId } = await attribute(tx, workspaceId, utm);
    const [row] = await tx
      .insert(listingInquiries)
      .values({
        workspaceId,
        listingId,
        name: form.name,
        email: form.email ?? null,
        phone: form.phone ?? null,
        message: form.message ?? null,
        consent: true,
        utmSource: utm.source,
        utmMedium: utm.medium,
        utmCampaign: utm.campaign,
        utmContent: utm.content,
        postId,
      })
      .returning({ id: listingInquiries.id });
    await tx
      .insert(listingPageEvents)
      .values({ workspaceId, listingId, kind: 'submit', postId, campaignId, platform: utm.source });
    // Everyone who sends the form is a lead (or joins theirs, found by email or phone).
    const said = form.message ? triage(form.message) : null;
    const lead = await recordInteraction({
      tx,
      jobs,
      contact: {
        workspaceId,
        name: form.name,
        email: form.email ?? null,
        phone: form.phone ?? null,
        consent: true,
        source: 'form',
        listingId,
        postId,
        campaignId,
      },
      create: true,
      interaction: {
        kind: 'form',
        summary: `Sent the form on ${listing.street}'s page${form.message ? `: "${form.message.slice(0, 200)}"` : ''}`,
        intent: said?.intent ?? null,
        sentiment: said?.sentiment.score ?? null,
        text: form.message ?? null,
        sourceKey: `inquiry:${row!.id}`,
        at: new Date(),
      },
      sequenceTimeScale: options.sequenceTimeScale,
    });
    if (lead)
      await tx.update(listingInquiries).set({ leadId: lead.leadId }).where(eq(listingInquiries.id, row!.id));
    const contact = [form.email, form.phone].filter(Boolean).join(', ');
    await notify({
      tx,
      jobs,
      workspaceId,
      audience: { roles: ['owner', 'admin'] },
      email: true,
      notice: {
        kind: 'listing_inquiry',
        title: `New inquiry for ${listing.street}, ${listing.city}`,
        body: `${form.name} (${contact}) asked about ${listing.street}, ${listing.city}.${
          form.message ? `\n\n${form.message}` : ''
        }`,
        subject: { listingId, inquiryId: row!.id, ...(lead ? { leadId: lead.leadId } : {}) },
      },
    });
    return { status: 'received' as const, id: row!.id };
  });
}
