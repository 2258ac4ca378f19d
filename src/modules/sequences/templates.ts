/**
 * Follow-up sequences as data: which emails a template sends and when, counted from enrolment. What each
 * kind of step says is written in `render-step.ts`, from the lead's, the listings' and the brand kit's
 * real data; the subjects here may use `{firstName}` and `{street}` (the listing the lead asked about).
 */
export const stepKinds = ['welcome', 'recommendations', 'market_insights'] as const;
export type StepKind = (typeof stepKinds)[number];

export interface SequenceStepTemplate {
  kind: StepKind;
  /** Hours after enrolment (real hours; `SEQUENCE_TIME_SCALE` divides them). */
  delayHours: number;
  subject: string;
  /** The subject when the lead asked about no particular listing (or it is gone). */
  subjectWithoutListing?: string;
}

export interface SequenceTemplate {
  title: string;
  steps: SequenceStepTemplate[];
}

export const sequenceTemplates = {
  new_lead: {
    title: 'New lead follow-up',
    steps: [
      {
        kind: 'welcome',
        delayHours: 2,
        subject: 'Thanks for your interest in {street}',
        subjectWithoutListing: 'Thanks for getting in touch, {firstName}',
      },
      { kind: 'recommendations', delayHours: 72, subject: 'Homes you might like, {firstName}' },
      { kind: 'market_insights', delayHours: 7 * 24, subject: 'Your market update, {firstName}' },
    ],
  },
} as const satisfies Record<string, SequenceTemplate>;

export type SequenceTemplateName = keyof typeof sequenceTemplates;
export const sequenceTemplateNames = Object.keys(sequenceTemplates) as [SequenceTemplateName];

export function sequenceTemplate(name: string): SequenceTemplate | undefined {
  return Object.hasOwn(sequenceTemplates, name) ? sequenceTemplates[name as SequenceTemplateName] : undefined;
}
