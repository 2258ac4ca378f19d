import { z } from 'zod';

export const emailStatuses = ['queued', 'sent', 'not_configured', 'failed', 'suppressed'] as const;
export const suppressionReasons = ['unsubscribed', 'bounced', 'complaint', 'manual'] as const;

const limit = z.coerce.number().int().min(1).max(100).default(20);
const cursor = z.string().max(600).optional().describe('`nextCursor` of the previous page');
const nextCursor = z
  .string()
  .nullable()
  .describe('Pass as `cursor` for the next page; null on the last page');
const address = z
  .email()
  .max(320)
  .transform((value) => value.toLowerCase());

export const outboxQuery = z.strictObject({
  status: z
    .enum(emailStatuses)
    .optional()
    .describe(
      '`not_configured`: waiting because SMTP_URL is not set; `suppressed`: never sent, the address is suppressed',
    ),
  leadId: z.uuid().optional().describe("Only this lead's follow-up emails"),
  sequenceId: z.uuid().optional(),
  limit,
  cursor,
});
export type OutboxQuery = z.output<typeof outboxQuery>;

const outboxFields = {
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(emailStatuses),
  error: z.string().nullable(),
  leadId: z.uuid().nullable(),
  sequenceId: z.uuid().nullable(),
  step: z.number().int().nullable().describe('Which step of the sequence sent it (1 is the first)'),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
};

export const outboxItemSchema = z.object(outboxFields).meta({ id: 'OutboxEmail' });
export const outboxEmailSchema = z
  .object({ ...outboxFields, body: z.string().describe('The plain-text body, as sent') })
  .meta({ id: 'OutboxEmailWithBody' });
export const outboxList = z.object({ items: z.array(outboxItemSchema), nextCursor });

export const idParams = z.object({ id: z.uuid() });

export const suppressionSchema = z
  .object({ email: z.string(), reason: z.enum(suppressionReasons), createdAt: z.date() })
  .meta({ id: 'EmailSuppression' });
export const suppressionQuery = z.strictObject({ limit, cursor });
export const suppressionList = z.object({ items: z.array(suppressionSchema), nextCursor });
export const suppressionBody = z.strictObject({ email: address });
export const suppressionParams = z.object({ email: address });
