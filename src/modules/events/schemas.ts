import { z } from 'zod';

/** An event id, as `?after=` or the `Last-Event-ID` header carries it. */
const eventId = z
  .string()
  .regex(/^\d{1,15}$/, 'must be an event id')
  .transform(Number);

export const eventStreamQuery = z.object({
  after: eventId
    .optional()
    .describe('Send the events after this id first (as the `Last-Event-ID` header does); the newest 500'),
});

export const lastEventIdHeader = eventId;

export const eventStreamResponse = z
  .string()
  .describe(
    'Server-Sent Events. Each event: `id: <id>`, `event: <kind>`, `data: {"id","kind","data","createdAt"}`; ' +
      'a `: ping` comment line every 15 seconds.',
  );
