/**
 * The built-in campaign templates, as data. A workspace copies one to change it (campaign_templates);
 * the built-ins themselves never change under a running campaign, which records the template it used.
 *
 * A step is one post per account whose platform it lists: `day` days after its anchor (the campaign's
 * start, or the open house's day), at the start itself, a fixed local time, or the account's best time.
 * `variant` picks a different wording of the same event's content (2 = a second version, …).
 */
import type { TemplateRecurrence, TemplateStep } from '../../db/schema.js';

export interface TemplateData {
  name: string;
  kind: 'listing' | 'brand';
  /** The listing event the template is for (null for brand templates). */
  event: string | null;
  steps: TemplateStep[];
  /** Brand templates that repeat: one post per occurrence, until an end date or a count. */
  recurrence: TemplateRecurrence | null;
}

const all = ['instagram', 'facebook', 'linkedin', 'x'] as TemplateStep['platforms'];
const step = (values: Partial<TemplateStep> & Pick<TemplateStep, 'label' | 'day' | 'at'>): TemplateStep => ({
  anchor: 'start',
  platforms: all,
  event: null,
  variant: 1,
  media: 'image',
  ...values,
});

export const builtInTemplates = {
  coming_soon: {
    name: 'Coming soon',
    kind: 'listing',
    event: 'coming_soon',
    recurrence: null,
    steps: [
      step({ label: 'Teaser', day: 0, at: 'start' }),
      step({ label: 'Countdown', day: 3, at: 'best', platforms: ['instagram', 'facebook'], variant: 2 }),
    ],
  },
  just_listed: {
    name: 'Just listed',
    kind: 'listing',
    event: 'just_listed',
    recurrence: null,
    steps: [
      step({ label: 'Announcement', day: 0, at: 'start', platforms: ['instagram'], media: 'carousel' }),
      step({ label: 'Announcement', day: 0, at: 'start', platforms: ['facebook', 'linkedin', 'x'] }),
      step({
        label: 'Feature spotlight',
        day: 2,
        at: 'best',
        platforms: ['instagram', 'facebook'],
        variant: 2,
      }),
      step({ label: 'Reminder', day: 5, at: 'best', platforms: ['instagram', 'facebook', 'x'], variant: 3 }),
    ],
  },
  open_house: {
    name: 'Open house',
    kind: 'listing',
    event: 'open_house',
    recurrence: null,
    steps: [
      step({ label: 'Save the date', anchor: 'open_house', day: -3, at: 'best' }),
      step({
        label: 'Today',
        anchor: 'open_house',
        day: 0,
        at: '08:00',
        platforms: ['instagram', 'facebook', 'x'],
        variant: 2,
      }),
    ],
  },
  price_reduced: {
    name: 'Price reduced',
    kind: 'listing',
    event: 'price_reduced',
    recurrence: null,
    steps: [
      step({ label: 'New price', day: 0, at: 'start' }),
      step({ label: 'Reminder', day: 3, at: 'best', platforms: ['instagram', 'facebook'], variant: 2 }),
    ],
  },
  under_contract: {
    name: 'Under contract',
    kind: 'listing',
    event: 'under_contract',
    recurrence: null,
    steps: [
      step({
        label: 'Under contract',
        day: 0,
        at: 'start',
        platforms: ['instagram', 'facebook', 'linkedin'],
      }),
    ],
  },
  just_sold: {
    name: 'Just sold',
    kind: 'listing',
    event: 'just_sold',
    recurrence: null,
    steps: [
      step({ label: 'Sold', day: 0, at: 'start' }),
      step({ label: 'Thank you', day: 2, at: 'best', platforms: ['facebook', 'linkedin'], variant: 2 }),
    ],
  },
  launch: {
    name: 'Launch',
    kind: 'brand',
    event: null,
    recurrence: null,
    steps: [
      step({ label: 'Launch', day: 0, at: 'start', media: 'none' }),
      step({
        label: 'Follow-up',
        day: 2,
        at: 'best',
        platforms: ['instagram', 'facebook'],
        variant: 2,
        media: 'none',
      }),
      step({ label: 'One week in', day: 7, at: 'best', variant: 3, media: 'none' }),
    ],
  },
  weekly_tips: {
    name: 'Weekly tips',
    kind: 'brand',
    event: null,
    steps: [],
    recurrence: { every: 'week', interval: 1, at: '09:00', platforms: all },
  },
  evergreen: {
    name: 'Evergreen',
    kind: 'brand',
    event: null,
    steps: [],
    recurrence: { every: 'week', interval: 2, at: 'best', platforms: all },
  },
} satisfies Record<string, TemplateData>;

export type BuiltInKey = keyof typeof builtInTemplates;
export const builtInKeys = Object.keys(builtInTemplates) as BuiltInKey[];
export const isBuiltIn = (ref: string): ref is BuiltInKey => ref in builtInTemplates;
