import { useState } from 'react';
import { api, errorMessage, must, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { Badge } from '../components/badge';
import { platformNames } from '../components/post-frame';
import { Empty, Load } from '../components/states';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../shell';

type Post = Schemas['Post'];
type Query = NonNullable<paths['/api/v1/posts']['get']['parameters']['query']>;
const statuses = [
  'scheduled',
  'publishing',
  'published',
  'failed',
  'needs_attention',
  'draft',
  'cancelled',
] as const;

/** Every post with each network's status; failures say why, and can be retried (publish now). */
export default function Posts() {
  const [status, setStatus] = useState<(typeof statuses)[number] | ''>('');
  const posts = useLoad(async () => {
    const query: Query = { limit: 100, ...(status ? { status } : {}) };
    return must(await api.GET('/api/v1/posts', { params: { query } })).items;
  }, [status]);
  useLiveEvents(posts.reload);

  return (
    <div className="stack">
      <div className="row between">
        <h1>Posts</h1>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as typeof status)}>
            <option value="">All</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Load loaded={posts} label="Loading posts…">
        {(items) =>
          items.length === 0 ? (
            <Empty>
              <p>No posts{status ? ` with status “${status.replace('_', ' ')}”` : ''} yet.</p>
            </Empty>
          ) : (
            <ul className="plain stack" aria-label="Posts">
              {items.map((post) => (
                <PostRow key={post.id} post={post} onChange={posts.reload} />
              ))}
            </ul>
          )
        }
      </Load>
    </div>
  );
}

function PostRow({ post, onChange }: { post: Post; onChange: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pending = post.targets.some((t) =>
    ['scheduled', 'draft', 'failed', 'needs_attention'].includes(t.status),
  );
  const failed = post.targets.some((t) => t.status === 'failed' || t.status === 'needs_attention');
  const act = async (action: 'publish' | 'cancel') => {
    setBusy(true);
    setError(undefined);
    const result =
      action === 'publish'
        ? await api.POST('/api/v1/posts/{id}/publish', { params: { path: { id: post.id } } })
        : await api.POST('/api/v1/posts/{id}/cancel', { params: { path: { id: post.id } } });
    setBusy(false);
    if (result.error) setError(errorMessage(result.error));
    onChange();
  };
  return (
    <li className="card post-row" data-post-id={post.id}>
      <p className="clamp">{post.text}</p>
      <p className="small muted">
        {post.scheduledAt ? `Scheduled ${formatDateTime(post.scheduledAt)}` : 'Draft'}
      </p>
      <ul className="plain">
        {post.targets.map((target) => (
          <li key={target.id} className="row">
            <Badge kind="platform" value={target.platform} label={platformNames[target.platform]} />
            <span>@{target.handle}</span>
            <Badge value={target.status} />
            {target.publishedAt && <span className="small">{formatDateTime(target.publishedAt)}</span>}
            {target.permalink && (
              <a href={target.permalink} target="_blank" rel="noreferrer">
                View post
              </a>
            )}
            {target.error && <span className="error">Why: {target.error.message}</span>}
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {pending && (
        <div className="button-row">
          <button type="button" disabled={busy} onClick={() => void act('publish')}>
            {failed ? 'Retry now' : 'Publish now'}
          </button>
          <button type="button" className="link" disabled={busy} onClick={() => void act('cancel')}>
            Cancel
          </button>
        </div>
      )}
    </li>
  );
}
