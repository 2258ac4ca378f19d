import { useState, type FormEvent } from 'react';
import { api, errorMessage, must, type Schemas } from '../api/client';
import { Badge } from '../components/badge';
import { PostFrame } from '../components/post-frame';
import { Empty, Load } from '../components/states';
import { formatDateTime, workspaceZone } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { field } from '../lib/form';

type Campaign = Schemas['Campaign'];
type PlannedPost = Schemas['PlannedPost'];

/**
 * Start marketing: choose a template, the accounts and a start → a preview plan (every post as it will
 * look, with its images and compliance warnings) → edit → activate.
 */
export default function StartMarketing({ params }: { params: Record<string, string> }) {
  const listingId = params.id ?? '';
  const resume = new URLSearchParams(location.search).get('campaign');
  const existing = useLoad(
    async () =>
      resume ? must(await api.GET('/api/v1/campaigns/{id}', { params: { path: { id: resume } } })) : null,
    [resume],
  );
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const shown = campaign ?? existing.data ?? null;
  return (
    <div className="stack">
      <p>
        <Link href={`/listings/${listingId}`}>← Back to the listing</Link>
      </p>
      <h1>Start marketing</h1>
      <ol className="steps" aria-label="Steps">
        <li aria-current={!shown ? 'step' : undefined}>Plan</li>
        <li aria-current={shown?.status === 'preview' ? 'step' : undefined}>Review posts</li>
        <li aria-current={shown && shown.status !== 'preview' ? 'step' : undefined}>Activate</li>
      </ol>
      {resume && existing.state === 'loading' ? (
        <Load loaded={existing}>{() => null}</Load>
      ) : shown ? (
        <Preview campaign={shown} onChange={setCampaign} />
      ) : (
        <PlanForm listingId={listingId} onPlanned={setCampaign} />
      )}
    </div>
  );
}

function PlanForm({ listingId, onPlanned }: { listingId: string; onPlanned: (c: Campaign) => void }) {
  const choices = useLoad(async () => {
    const [templates, accounts] = await Promise.all([
      api.GET('/api/v1/campaign-templates'),
      api.GET('/api/v1/accounts'),
    ]);
    return {
      templates: must(templates).items.filter((t) => t.kind === 'listing'),
      accounts: must(accounts).items.filter((a) => a.status === 'active'),
    };
  }, []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const accounts = form.getAll('accounts').map(String);
    if (accounts.length === 0) return setError('Choose at least one account.');
    const start = field(form, 'start');
    setBusy(true);
    setError(undefined);
    const result = await api.POST('/api/v1/listings/{id}/campaigns', {
      params: { path: { id: listingId } },
      body: {
        template: field(form, 'template'),
        accounts,
        ...(start ? { start, timezone: workspaceZone() } : {}),
      },
    });
    setBusy(false);
    if (!result.data) return setError(errorMessage(result.error));
    onPlanned(result.data);
  };

  return (
    <Load loaded={choices}>
      {({ templates, accounts }) =>
        accounts.length === 0 ? (
          <Empty>
            <p>Connect an account first — the sandbox network works without a real one.</p>
            <Link href="/onboarding">Connect an account</Link>
          </Empty>
        ) : (
          <form className="card stack" onSubmit={(e) => void submit(e)} aria-label="Campaign plan">
            <label>
              Template
              <select name="template" defaultValue={templates.find((t) => t.event === 'just_listed')?.id}>
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.steps.length} steps)
                  </option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>Accounts</legend>
              {accounts.map((a) => (
                <label key={a.id} className="check">
                  <input type="checkbox" name="accounts" value={a.id} defaultChecked /> @{a.handle} (
                  {a.platform}, {a.network})
                </label>
              ))}
            </fieldset>
            <label>
              Start (leave empty to start now; times are in {workspaceZone()})
              <input type="datetime-local" name="start" />
            </label>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Writing posts and making images…' : 'Preview the posts'}
            </button>
            {busy && (
              <p role="status" className="muted">
                <span className="spinner" aria-hidden="true" /> The content and creative studios are at work;
                this takes a few seconds.
              </p>
            )}
          </form>
        )
      }
    </Load>
  );
}

function Preview({ campaign, onChange }: { campaign: Campaign; onChange: (c: Campaign) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const posts = campaign.posts.filter((p) => p.status !== 'removed');
  const blocking = posts.some((p) => p.issues.some((i) => i.severity === 'error'));

  const reload = async () =>
    onChange(must(await api.GET('/api/v1/campaigns/{id}', { params: { path: { id: campaign.id } } })));
  const activate = async () => {
    setBusy(true);
    setError(undefined);
    const result = await api.POST('/api/v1/campaigns/{id}/activate', {
      params: { path: { id: campaign.id } },
    });
    setBusy(false);
    if (!result.data) return setError(errorMessage(result.error));
    onChange(result.data);
  };

  return (
    <section className="stack" aria-label="Planned posts">
      <div className="row between">
        <p>
          <strong>{campaign.name}</strong> <Badge value={campaign.status} /> · {posts.length} posts from{' '}
          {formatDateTime(campaign.start)}
        </p>
        {campaign.status === 'preview' ? (
          <button
            type="button"
            className="primary"
            disabled={busy || blocking}
            onClick={() => void activate()}
          >
            {busy ? 'Activating…' : 'Activate campaign'}
          </button>
        ) : (
          <p role="status" className="success">
            {campaign.status === 'pending_approval'
              ? 'Sent for approval.'
              : 'Campaign active: the posts are scheduled.'}{' '}
            <Link href="/calendar">See the calendar</Link>
          </p>
        )}
      </div>
      {blocking && <p className="error">Fix the posts marked as errors before activating.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="frames">
        {posts.map((post) => (
          <PlannedPostCard
            key={post.id}
            post={post}
            editable={campaign.status === 'preview'}
            onSaved={reload}
          />
        ))}
      </div>
    </section>
  );
}

function PlannedPostCard({
  post,
  editable,
  onSaved,
}: {
  post: PlannedPost;
  editable: boolean;
  onSaved: () => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await api.PATCH('/api/v1/campaign-posts/{id}', {
      params: { path: { id: post.id } },
      body: { text: field(form, 'text'), scheduledAt: field(form, 'scheduledAt') },
    });
    if (result.error) return setError(errorMessage(result.error));
    setEditing(false);
    await onSaved();
  };
  const remove = async () => {
    const result = await api.DELETE('/api/v1/campaign-posts/{id}', { params: { path: { id: post.id } } });
    if (result.error) return setError(errorMessage(result.error));
    await onSaved();
  };

  return (
    <div className="planned stack">
      <p className="small">
        <strong>{post.label}</strong> · {formatDateTime(post.scheduledAt)} <Badge value={post.status} />
        <br />
        <span className="muted">{post.timeReason}</span>
      </p>
      {editing ? (
        <form className="stack" onSubmit={(e) => void save(e)}>
          <label>
            Text
            <textarea name="text" rows={8} defaultValue={post.text} />
          </label>
          <label>
            When ({workspaceZone()})
            <input
              type="datetime-local"
              name="scheduledAt"
              defaultValue={post.localTime.slice(0, 16)}
              required
            />
          </label>
          <div className="button-row">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <PostFrame
          platform={post.platform}
          handle={post.handle}
          text={<span className="pre">{post.text}</span>}
          images={post.media.map((m, i) => ({ url: m.url, alt: `${post.label} image ${i + 1}` }))}
        />
      )}
      {post.issues.length > 0 && (
        <ul className="issues" aria-label="Compliance and platform warnings">
          {post.issues.map((issue, i) => (
            <li key={i} className={issue.severity}>
              {issue.severity === 'error' ? 'Error' : 'Warning'}: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {post.error && <p className="error">{post.error.message}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {editable && !editing && (
        <div className="button-row">
          <button type="button" onClick={() => setEditing(true)}>
            Edit post
          </button>
          <button type="button" className="link" onClick={() => void remove()}>
            Remove
          </button>
        </div>
      )}
    </div>
  );
}
