import { useState } from 'react';
import { api, errorMessage, must } from '../api/client';
import { Load } from '../components/states';
import { formatDateTime, humanize } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { ScoreBadge, stages } from './leads';

const categoryNames: Record<string, string> = {
  socialEngagement: 'Social engagement',
  profileQuality: 'Profile',
  interactionFrequency: 'Frequency',
  contentEngagement: 'Content',
  fit: 'Fit',
};

/** One lead: contact, stage, the score and why (categories with reasons, next actions), the timeline. */
export default function LeadDetail({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const lead = useLoad(
    async () => must(await api.GET('/api/v1/leads/{id}', { params: { path: { id } } })),
    [id],
  );
  const [error, setError] = useState<string>();
  const setStage = async (stage: (typeof stages)[number]) => {
    const result = await api.PATCH('/api/v1/leads/{id}', { params: { path: { id } }, body: { stage } });
    if (result.error) setError(errorMessage(result.error));
    lead.reload();
  };
  return (
    <Load loaded={lead} label="Loading the lead…">
      {(detail) => (
        <div className="stack">
          <p>
            <Link href="/leads">← Pipeline</Link>
          </p>
          <div className="row between">
            <h1>
              {detail.name} <ScoreBadge lead={detail} />
            </h1>
            <label>
              Stage
              <select
                value={detail.stage}
                onChange={(e) => void setStage(e.currentTarget.value as (typeof stages)[number])}
              >
                {stages.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <p className="muted">
            {[detail.email, detail.phone, ...detail.identities.map((i) => `${i.platform}: @${i.handle}`)]
              .filter(Boolean)
              .join(' · ')}
            {detail.listingId && (
              <>
                {' '}
                · <Link href={`/listings/${detail.listingId}`}>the listing</Link>
              </>
            )}
          </p>
          <section className="card stack" aria-labelledby="why-title">
            <h2 id="why-title">Why this score</h2>
            <ul className="plain score-bars">
              {detail.explanation.categories.map((c) => (
                <li key={c.category}>
                  <span className="bar-label">
                    {categoryNames[c.category] ?? c.category} <span className="muted">×{c.weight}</span>
                  </span>
                  <span className="bar" aria-hidden="true">
                    <span style={{ width: `${Math.max(0, Math.min(100, c.score))}%` }} />
                  </span>
                  <span className="small">
                    {c.score.toFixed(1)} — {c.reason}
                  </span>
                </li>
              ))}
            </ul>
            {detail.explanation.nextActions.length > 0 && (
              <>
                <h3>Next actions</h3>
                <ul>
                  {detail.explanation.nextActions.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section className="card stack" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <ol className="plain timeline">
              {detail.timeline.map((e) => (
                <li key={e.id}>
                  <strong>{humanize(e.kind)}</strong> {e.summary}
                  {e.intent && <span className="muted"> · {humanize(e.intent)}</span>}
                  <div className="small muted">
                    {formatDateTime(e.at)}
                    {e.threadId && (
                      <>
                        {' '}
                        · <Link href={`/inbox/${e.threadId}`}>conversation</Link>
                      </>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          </section>
        </div>
      )}
    </Load>
  );
}
