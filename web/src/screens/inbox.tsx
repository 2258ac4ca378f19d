import { useState, type FormEvent } from 'react';
import { api, errorMessage, must, type Schemas } from '../api/client';
import { Badge } from '../components/badge';
import { platformNames } from '../components/post-frame';
import { Empty, Load } from '../components/states';
import { formatDateTime, humanize } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../shell';
import { field } from '../lib/form';

type Thread = Schemas['InboxThread'];
const order = { escalated: 0, open: 1, handled: 2 } as const;

/** Comments and messages, escalations first; a thread opens beside the list (below it on a phone). */
export default function Inbox({ params }: { params: Record<string, string> }) {
  const [status, setStatus] = useState<'' | 'open' | 'escalated' | 'handled'>('');
  const threads = useLoad(async () => {
    const result = await api.GET('/api/v1/inbox/threads', {
      params: { query: { limit: 100, ...(status ? { status } : {}) } },
    });
    const page = must(result);
    const items = [...page.items].sort(
      (a, b) => order[a.status] - order[b.status] || b.lastMessageAt.localeCompare(a.lastMessageAt),
    );
    return { ...page, items };
  }, [status]);
  useLiveEvents(threads.reload);

  return (
    <div className="stack">
      <div className="row between">
        <h1>Inbox</h1>
        <label>
          Show
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as typeof status)}>
            <option value="">All threads</option>
            <option value="escalated">Escalated</option>
            <option value="open">Open</option>
            <option value="handled">Handled</option>
          </select>
        </label>
      </div>
      <div className="split">
        <Load loaded={threads} label="Loading the inbox…">
          {({ items, total }) =>
            items.length === 0 ? (
              <Empty>
                <p>No conversations yet. Comments and messages on your posts land here.</p>
              </Empty>
            ) : (
              <ul className="plain threads" aria-label={`Threads (${total})`}>
                {items.map((thread) => (
                  <ThreadRow key={thread.id} thread={thread} selected={thread.id === params.id} />
                ))}
              </ul>
            )
          }
        </Load>
        {params.id ? <ThreadView key={params.id} id={params.id} onChange={threads.reload} /> : null}
      </div>
    </div>
  );
}

function ThreadRow({ thread, selected }: { thread: Thread; selected: boolean }) {
  return (
    <li className={`thread status-${thread.status}${selected ? ' selected' : ''}`}>
      <Link href={`/inbox/${thread.id}`} aria-current={selected ? 'true' : undefined}>
        <span className="row">
          <strong>{thread.authorName || thread.authorHandle}</strong>
          {thread.status === 'escalated' && <Badge value="escalated" />}
          <Badge kind="intent" value={thread.intent} />
        </span>
        <span className="clamp small">{thread.lastMessage}</span>
        <span className="small muted">
          {platformNames[thread.platform]} {thread.kind} · {formatDateTime(thread.lastMessageAt)}
        </span>
      </Link>
    </li>
  );
}

function ThreadView({ id, onChange }: { id: string; onChange: () => void }) {
  const thread = useLoad(async () => {
    const [detail, members] = await Promise.all([
      api.GET('/api/v1/inbox/threads/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/members'),
    ]);
    return { detail: must(detail), members: must(members).items };
  }, [id]);
  useLiveEvents(thread.reload);
  const [error, setError] = useState<string>();

  const changed = () => {
    thread.reload();
    onChange();
  };
  const patch = async (body: { status?: 'open' | 'handled'; assigneeId?: string | null }) => {
    const result = await api.PATCH('/api/v1/inbox/threads/{id}', { params: { path: { id } }, body });
    if (result.error) setError(errorMessage(result.error));
    changed();
  };
  const reply = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(undefined);
    const result = await api.POST('/api/v1/inbox/threads/{id}/reply', {
      params: { path: { id } },
      body: { text: field(data, 'text'), private: data.get('private') === 'on' },
    });
    if (result.error) return setError(errorMessage(result.error));
    form.reset();
    changed();
  };
  const hide = async (messageId: string, hidden: boolean) => {
    const result = await api.POST('/api/v1/inbox/messages/{id}/hide', {
      params: { path: { id: messageId } },
      body: { hidden },
    });
    if (result.error) setError(errorMessage(result.error));
    changed();
  };

  return (
    <section className="card stack thread-view" aria-label="Conversation">
      <Load loaded={thread}>
        {({ detail, members }) => (
          <>
            <div className="row between">
              <h2>
                {detail.authorName} <small className="muted">@{detail.authorHandle}</small>
              </h2>
              <Badge value={detail.status} />
            </div>
            {detail.escalationReason && <p className="warning">Escalated: {detail.escalationReason}</p>}
            {detail.lead && (
              <p>
                Lead: <Link href={`/leads/${detail.lead.id}`}>{detail.lead.name}</Link>{' '}
                <Badge
                  kind="tier"
                  value={detail.lead.tier}
                  label={`${detail.lead.tier} · ${detail.lead.score.toFixed(1)}`}
                />
              </p>
            )}
            <ol className="plain messages">
              {detail.messages.map((m) => (
                <li key={m.id} className={`message ${m.direction}${m.hidden ? ' hidden' : ''}`}>
                  <p>{m.text}</p>
                  <small className="muted">
                    {m.direction === 'in' ? m.authorName : m.auto ? 'Auto-reply' : 'You'} ·{' '}
                    {formatDateTime(m.at)}
                    {m.intent && ` · ${humanize(m.intent)}`}
                    {m.status === 'failed' && ` · failed: ${m.error ?? ''}`}
                  </small>
                  {m.direction === 'in' && (
                    <button type="button" className="link" onClick={() => void hide(m.id, !m.hidden)}>
                      {m.hidden ? 'Unhide' : 'Hide'}
                    </button>
                  )}
                </li>
              ))}
            </ol>
            <form className="stack" onSubmit={(e) => void reply(e)}>
              <label>
                Reply
                <textarea name="text" rows={3} required maxLength={2000} />
              </label>
              <label className="check">
                <input type="checkbox" name="private" /> Reply privately
              </label>
              <button type="submit" className="primary">
                Send reply
              </button>
            </form>
            <div className="row">
              <label>
                Assigned to
                <select
                  value={detail.assigneeId ?? ''}
                  onChange={(e) => void patch({ assigneeId: e.currentTarget.value || null })}
                >
                  <option value="">Nobody</option>
                  {members.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </label>
              {detail.status !== 'handled' ? (
                <button type="button" onClick={() => void patch({ status: 'handled' })}>
                  Mark handled
                </button>
              ) : (
                <button type="button" onClick={() => void patch({ status: 'open' })}>
                  Reopen
                </button>
              )}
            </div>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
          </>
        )}
      </Load>
    </section>
  );
}
