import { z } from 'zod';
import { leadStages, sequenceStatuses } from '../../db/schema.js';
import { stopReasons } from './sequences.js';

export const sequenceSchema = z
  .object({
    id: z.uuid(),
    leadId: z.uuid(),
    template: z.string().describe('e.g. `new_lead`'),
    title: z.string(),
    status: z.enum(sequenceStatuses),
    step: z.number().int().describe('Steps sent so far'),
    steps: z.number().int().describe('Steps the template has'),
    stageAtStart: z.enum(leadStages).describe("The lead's stage at enrolment: a change stops the sequence"),
    stopReason: z.enum(stopReasons).nullable(),
    startedAt: z.date(),
    stoppedAt: z.date().nullable(),
  })
  .meta({ id: 'LeadSequence' });
export type SequenceView = z.output<typeof sequenceSchema>;

export const sequenceQuery = z.strictObject({
  leadId: z.uuid().optional().describe("Only this lead's enrolments"),
  status: z.enum(sequenceStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(600).optional().describe('`nextCursor` of the previous page'),
});
export type SequenceQuery = z.output<typeof sequenceQuery>;

export const sequenceList = z.object({
  items: z.array(sequenceSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

export const idParams = z.object({ id: z.uuid() });
