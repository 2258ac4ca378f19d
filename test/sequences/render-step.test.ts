import { describe, expect, it } from 'vitest';
import { renderStep, type StepFacts } from '../../src/modules/sequences/render-step.js';
import { sequenceTemplates } from '../../src/modules/sequences/templates.js';

const [welcome, recommendations, market] = sequenceTemplates.new_lead.steps;
const UNSUBSCRIBE = 'https://app.listcast.test/unsubscribe/abc.def';

/** A workspace that filled in nothing: no brand kit, no listings, a lead who asked about nothing. */
const bare: StepFacts = {
  lead: { name: '<script>alert(1)</script> Smith', interest: {} },
  listing: null,
  agent: {
    agentName: null,
    brokerage: null,
    phone: null,
    email: null,
    website: null,
    licenseNumber: null,
    disclosure: null,
  },
  recommendations: [],
  market: {
    activeCount: 0,
    medianPrice: null,
    newLast30Days: 0,
    soldLast90Days: 0,
    priceReducedLast30Days: 0,
  },
  unsubscribeUrl: UNSUBSCRIBE,
};

describe('writing follow-up emails', () => {
  it('when the workspace has no data, then each email leaves those parts out and still ends with the unsubscribe link', () => {
    for (const step of [welcome, recommendations, market]) {
      const email = renderStep(step, bare);
      expect(email.text, step.kind).not.toMatch(/undefined|null|NaN|\$0\b|Lic\. #|^-- $/m);
      expect(email.text.trimEnd().endsWith(`Unsubscribe: ${UNSUBSCRIBE}`), step.kind).toBe(true);
      expect(email.html).toContain(`<a href="${UNSUBSCRIBE}">`);
      expect(email.html).not.toContain('<script>');
      expect(email.subject).not.toMatch(/[\r\n]/);
    }
    expect(renderStep(welcome, bare).subject).toBe('Thanks for getting in touch, <script>alert(1)</script>');
    expect(renderStep(market, bare).text).not.toContain('for sale');
    expect(renderStep(recommendations, bare).text).not.toMatch(/^1\. /m);
  });

  it('when the brand kit has a disclosure and a licence, then the footer carries them', () => {
    const email = renderStep(welcome, {
      ...bare,
      lead: { name: 'Ana', interest: {} },
      agent: {
        ...bare.agent,
        brokerage: 'Harbor Realty',
        licenseNumber: '#RE-1',
        disclosure: 'Equal Housing Opportunity.',
      },
    });
    expect(email.text).toContain('-- \nHarbor Realty\nLic. #RE-1\n\nEqual Housing Opportunity.');
  });
});
