import type { LeadInterest, ListingStatus } from '../../db/schema.js';
import { textToHtml } from '../../lib/html.js';
import type { AgentFacts, ListingFacts, MarketFacts } from './sequence-facts.js';
import type { SequenceStepTemplate } from './templates.js';

/** What one follow-up email is written from; a step leaves out any part whose data is missing. */
export interface StepFacts {
  lead: { name: string; interest: LeadInterest };
  /** The listing the lead asked about, if any and still shown. */
  listing: ListingFacts | null;
  agent: AgentFacts;
  recommendations?: ListingFacts[];
  market?: MarketFacts;
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const money = (value: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
    value,
  );

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

export function firstName(name: string): string {
  const first = oneLine(name).split(' ')[0] ?? '';
  return first === '' ? 'there' : first;
}

function listingBlock(listing: ListingFacts): string {
  const facts = [
    money(listing.price),
    listing.beds !== null ? plural(listing.beds, 'bedroom', 'bedrooms') : null,
    listing.baths !== null ? plural(listing.baths, 'bath', 'baths') : null,
    listing.interiorSqft !== null ? `${listing.interiorSqft.toLocaleString('en-US')} sq ft` : null,
  ].filter((fact): fact is string => fact !== null);
  return [oneLine(listing.address), facts.join(' · '), listing.url].join('\n');
}

const statusNotes: Partial<Record<ListingStatus, string>> = {
  coming_soon: 'It is coming to the market soon.',
  under_contract: 'Please note that it is now under contract.',
  sold: 'Please note that it has since sold.',
};

/** "I'm Dana Reyes with Harbor Realty" — as much as the brand kit says, or nothing. */
function introduction(agent: AgentFacts): string | null {
  const name = agent.agentName ? oneLine(agent.agentName) : null;
  const brokerage = agent.brokerage ? oneLine(agent.brokerage) : null;
  if (name && brokerage) return `I'm ${name} with ${brokerage}.`;
  if (name) return `I'm ${name}.`;
  return null;
}

function replyLine(agent: AgentFacts, ask: string): string {
  const who = agent.agentName ? 'me' : 'us';
  return agent.phone
    ? `${ask} Reply to this email or call ${who} at ${oneLine(agent.phone)}.`
    : `${ask} Just reply to this email.`;
}

function describeInterest(interest: LeadInterest): string | null {
  const parts: string[] = [];
  if (interest.priceMin !== undefined && interest.priceMax !== undefined)
    parts.push(`${money(interest.priceMin)} to ${money(interest.priceMax)}`);
  else if (interest.priceMax !== undefined) parts.push(`up to ${money(interest.priceMax)}`);
  else if (interest.priceMin !== undefined) parts.push(`from ${money(interest.priceMin)}`);
  if (interest.bedrooms !== undefined) parts.push(plural(interest.bedrooms, 'bedroom', 'bedrooms'));
  if (interest.area !== undefined) parts.push(`in ${oneLine(interest.area)}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The brokerage's signature and the unsubscribe link: the end of every follow-up email. */
function footer(agent: AgentFacts, unsubscribeUrl: string): string {
  const contact = [agent.phone, agent.email, agent.website].filter((part): part is string => !!part);
  const signature = [
    agent.agentName,
    agent.brokerage,
    contact.length > 0 ? contact.map(oneLine).join(' · ') : null,
    agent.licenseNumber ? `Lic. #${oneLine(agent.licenseNumber).replace(/^#/, '')}` : null,
  ].filter((line): line is string => !!line);
  return [
    ...(signature.length > 0 ? ['-- ', ...signature.map(oneLine)] : []),
    ...(agent.disclosure ? ['', agent.disclosure.trim()] : []),
    '',
    'You are receiving this because you asked about a property and agreed to be contacted.',
    `Unsubscribe: ${unsubscribeUrl}`,
  ].join('\n');
}

function welcome(facts: StepFacts): string[] {
  const { listing, agent } = facts;
  const intro = introduction(agent);
  if (!listing) {
    return [
      [`Thank you for getting in touch.`, intro].filter(Boolean).join(' '),
      replyLine(agent, 'Tell me what you are looking for, and I will be glad to help.'),
    ];
  }
  return [
    `Thank you for your interest in ${oneLine(listing.street)}. Here are the details:`,
    listingBlock(listing),
    ...(statusNotes[listing.status] ? [statusNotes[listing.status]!] : []),
    [intro, replyLine(agent, 'I am happy to answer your questions or set up a showing.')]
      .filter(Boolean)
      .join(' '),
  ];
}

function recommendationsStep(facts: StepFacts): string[] {
  const homes = facts.recommendations ?? [];
  if (homes.length === 0) {
    return [replyLine(facts.agent, 'Tell me a little more about the home you are looking for.')];
  }
  const wanted = describeInterest(facts.lead.interest);
  const basis = wanted
    ? `Based on what you are looking for (${wanted}), here ${homes.length === 1 ? 'is a home' : 'are homes'} on the market now that you may like:`
    : facts.listing
      ? `Since you asked about ${oneLine(facts.listing.street)}, here ${homes.length === 1 ? 'is a similar home' : 'are similar homes'} on the market now:`
      : `Here ${homes.length === 1 ? 'is a home' : 'are homes'} on the market now that you may like:`;
  return [
    basis,
    ...homes.map((home, index) => `${index + 1}. ${listingBlock(home).replace(/\n/g, '\n   ')}`),
    replyLine(facts.agent, 'If one catches your eye, I can arrange a showing.'),
  ];
}

function marketStep(facts: StepFacts): string[] {
  const market = facts.market;
  const lines: string[] = [];
  if (market && market.activeCount > 0) {
    lines.push(
      `- ${plural(market.activeCount, 'home', 'homes')} for sale right now` +
        (market.medianPrice !== null ? `, at a median list price of ${money(market.medianPrice)}` : ''),
    );
  }
  if (market && market.newLast30Days > 0)
    lines.push(`- ${plural(market.newLast30Days, 'new listing', 'new listings')} in the last 30 days`);
  if (market && market.priceReducedLast30Days > 0)
    lines.push(
      `- ${plural(market.priceReducedLast30Days, 'price reduction', 'price reductions')} in the last 30 days`,
    );
  if (market && market.soldLast90Days > 0)
    lines.push(`- ${plural(market.soldLast90Days, 'home', 'homes')} sold in the last 90 days`);
  const source = facts.agent.brokerage ? oneLine(facts.agent.brokerage) : 'we';
  return [
    ...(lines.length > 0
      ? [
          `Here is how the market looks across the homes ${source === 'we' ? 'we represent' : `${source} represents`}:`,
          lines.join('\n'),
        ]
      : []),
    replyLine(facts.agent, 'Thinking about buying or selling? I am glad to talk it through.'),
  ];
}

const bodies = { welcome, recommendations: recommendationsStep, market_insights: marketStep };

/** Writes one step's email — subject, plain text and the same as simple HTML — from real data only. */
export function renderStep(step: SequenceStepTemplate, facts: StepFacts): RenderedEmail {
  const values: Record<string, string> = {
    firstName: firstName(facts.lead.name),
    street: facts.listing ? oneLine(facts.listing.street) : '',
  };
  const pattern = !facts.listing && step.subjectWithoutListing ? step.subjectWithoutListing : step.subject;
  const subject = oneLine(pattern.replace(/\{(\w+)\}/g, (_match, key: string) => values[key] ?? ''));
  const text = [
    `Hi ${values.firstName},`,
    ...bodies[step.kind](facts),
    footer(facts.agent, facts.unsubscribeUrl),
  ].join('\n\n');
  return { subject, text: `${text}\n`, html: textToHtml(text) };
}
