import { useState, type DragEvent } from 'react';
import { api, errorMessage, must, type Schemas } from '../api/client';
import { ErrorState, Load } from '../components/states';
import { formatDateTime } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../shell';

type Lead = Schemas['Lead'];
export const stages = ['new', 'contacted', 'qualified', 'showing', 'offer', 'closed', 'lost'] as const;
type Stage = (typeof stages)[number];

export function ScoreBadge({ lead }: { lead: Pick<Lead, 'tier' | 'score'> }) {
  return (
    <span className={`badge tier-${lead.tier}`} title="Lead score out of 100">
      {lead.tier} · {lead.score.toFixed(1)}
    </span>
  );
}

/** The pipeline: a column per stage (counts from the API), drag a card to change its stage. */
export default function Leads() {
  const [tier, setTier] = useState<'' | Lead['tier']>('');
  const [error, setError] = useState<string>();
  const leads = useLoad(
    async () =>
      must(
        await api.GET('/api/v1/leads', {
          params: { query: { limit: 100, sort: 'score', ...(tier ? { tier } : {}) } },
        }),
      ),
    [tier],
  );
  useLiveEvents(leads.reload);

  const moveTo = async (id: string, stage: Stage) => {
    setError(undefined);
    const result = await api.PATCH('/api/v1/leads/{id}', { params: { path: { id } }, body: { stage } });
    if (result.error) setError(errorMessage(result.error));
    leads.reload();
  };

  return (
    <div className="stack">
      <div className="row between">
        <h1>Leads</h1>
        <label>
          Tier
          <select value={tier} onChange={(e) => setTier(e.currentTarget.value as typeof tier)}>
            <option value="">All</option>
            <option value="hot">Hot</option>
            <option value="warm">Warm</option>
            <option value="nurture">Nurture</option>
            <option value="monitor">Monitor</option>
          </select>
        </label>
      </div>
      {error && <ErrorState message={error} />}
      <Load loaded={leads} label="Loading leads…">
        {({ items, byStage, total }) =>
          total === 0 ? (
            <div className="state state-empty">
              <p>
                No leads yet. People who ask about a listing in comments, messages or its page become leads.
              </p>
            </div>
          ) : (
            <div className="board" aria-label="Pipeline">
              {stages.map((stage) => (
                <Column
                  key={stage}
                  stage={stage}
                  count={(byStage as Record<string, number>)[stage] ?? 0}
                  leads={items.filter((l) => l.stage === stage)}
                  onDrop={moveTo}
                />
              ))}
            </div>
          )
        }
      </Load>
    </div>
  );
}

function Column({
  stage,
  count,
  leads,
  onDrop,
}: {
  stage: Stage;
  count: number;
  leads: Lead[];
  onDrop: (id: string, stage: Stage) => Promise<void>;
}) {
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const id = event.dataTransfer.getData('text/plain');
    if (id) void onDrop(id, stage);
  };
  return (
    <section
      className={`column${over ? ' over' : ''}`}
      aria-label={`${stage} (${count})`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <h2>
        {stage} <span className="muted">{count}</span>
      </h2>
      <ul className="plain stack">
        {leads.map((lead) => (
          <li
            key={lead.id}
            className="card lead-card"
            draggable
            onDragStart={(e) => e.dataTransfer.setData('text/plain', lead.id)}
          >
            <Link href={`/leads/${lead.id}`}>{lead.name}</Link> <ScoreBadge lead={lead} />
            <div className="small muted">
              {lead.source} · {lead.interactionCount} interactions
              {lead.lastInteractionAt && ` · ${formatDateTime(lead.lastInteractionAt)}`}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
