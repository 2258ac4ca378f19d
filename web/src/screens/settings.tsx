import { useState, type FormEvent, type ReactNode } from 'react';
import { api, errorMessage, must } from '../api/client';
import { Empty, Load } from '../components/states';
import { formatDate, formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useWorkspace } from '../workspace';
import { field } from '../lib/form';

const roles = ['owner', 'admin', 'editor', 'viewer'] as const;
type Role = (typeof roles)[number];

/** Workspace settings: members and roles, API keys, webhooks, AI and content, inbox and campaign automation. */
export default function Settings() {
  return (
    <div className="stack">
      <h1>Settings</h1>
      <Workspace />
      <Members />
      <ApiKeys />
      <Webhooks />
      <Automation />
      <InboxAutomation />
      <ContentSettings />
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `s-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="card stack" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Feedback({ error, ok }: { error?: string; ok?: string }) {
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  return ok ? <p role="status">{ok}</p> : null;
}

function Workspace() {
  const { workspace, reload } = useWorkspace();
  const [state, setState] = useState<{ error?: string; ok?: string }>({});
  const zones = Intl.supportedValuesOf('timeZone');
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await api.PATCH('/api/v1/workspace', {
      body: { name: field(form, 'name'), timezone: field(form, 'timezone') },
    });
    setState(result.error ? { error: errorMessage(result.error) } : { ok: 'Saved.' });
    reload();
  };
  return (
    <Section title="Workspace">
      <form className="row" onSubmit={(e) => void save(e)}>
        <label>
          Name
          <input name="name" defaultValue={workspace.name} required />
        </label>
        <label>
          Time zone
          <select name="timezone" defaultValue={workspace.timezone}>
            {zones.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </label>
        <button type="submit">Save</button>
      </form>
      <Feedback {...state} />
    </Section>
  );
}

function Members() {
  const loaded = useLoad(async () => {
    const [members, invitations] = await Promise.all([
      api.GET('/api/v1/members'),
      api.GET('/api/v1/invitations'),
    ]);
    return { members: must(members).items, invitations: invitations.data?.items ?? [] };
  }, []);
  const [state, setState] = useState<{ error?: string; ok?: string }>({});
  const setRole = async (userId: string, role: Role) => {
    const result = await api.PATCH('/api/v1/members/{userId}', {
      params: { path: { userId } },
      body: { role },
    });
    setState(result.error ? { error: errorMessage(result.error) } : { ok: 'Role changed.' });
    loaded.reload();
  };
  const invite = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await api.POST('/api/v1/invitations', {
      body: { email: field(form, 'email'), role: field(form, 'role') as Role },
    });
    setState(result.error ? { error: errorMessage(result.error) } : { ok: 'Invitation sent.' });
    loaded.reload();
  };
  return (
    <Section title="Members and roles">
      <Load loaded={loaded}>
        {({ members, invitations }) => (
          <>
            <ul className="plain">
              {members.map((m) => (
                <li key={m.userId} className="row">
                  <span>
                    {m.name} <span className="muted small">{m.email}</span>
                  </span>
                  <label>
                    <span className="sr-only">Role of {m.name}</span>
                    <select
                      value={m.role}
                      onChange={(e) => void setRole(m.userId, e.currentTarget.value as Role)}
                    >
                      {roles.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </label>
                </li>
              ))}
            </ul>
            {invitations.length > 0 && (
              <p className="small muted">
                Invited: {invitations.map((i) => `${i.email} (${i.role})`).join(', ')}
              </p>
            )}
          </>
        )}
      </Load>
      <form className="row" onSubmit={(e) => void invite(e)} aria-label="Invite a member">
        <label>
          Invite by email
          <input name="email" type="email" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="editor">
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit">Invite</button>
      </form>
      <Feedback {...state} />
    </Section>
  );
}

function ApiKeys() {
  const keys = useLoad(async () => must(await api.GET('/api/v1/api-keys')).items, []);
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<string>();
  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await api.POST('/api/v1/api-keys', {
      body: {
        name: field(form, 'name'),
        role: field(form, 'role') as 'admin' | 'editor' | 'viewer',
      },
    });
    if (!result.data) return setError(errorMessage(result.error));
    setCreated(result.data.key);
    keys.reload();
  };
  const revoke = async (id: string) => {
    await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } });
    keys.reload();
  };
  return (
    <Section title="API keys">
      <Load loaded={keys}>
        {(items) =>
          items.length === 0 ? (
            <Empty>No API keys.</Empty>
          ) : (
            <ul className="plain">
              {items.map((k) => (
                <li key={k.id} className="row">
                  <strong>{k.name}</strong> <code>{k.prefix}…</code> {k.role} · created{' '}
                  {formatDate(k.createdAt)} · last used {formatDateTime(k.lastUsedAt)}
                  <button type="button" className="link" onClick={() => void revoke(k.id)}>
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Load>
      <form className="row" onSubmit={(e) => void create(e)} aria-label="New API key">
        <label>
          Key name
          <input name="name" required maxLength={100} />
        </label>
        <label>
          Role
          <select name="role" defaultValue="editor">
            <option>admin</option>
            <option>editor</option>
            <option>viewer</option>
          </select>
        </label>
        <button type="submit">Create key</button>
      </form>
      {created && (
        <p role="status">
          Copy it now, it is shown once: <code className="secret">{created}</code>
        </p>
      )}
      <Feedback error={error} />
    </Section>
  );
}

function Webhooks() {
  const hooks = useLoad(async () => must(await api.GET('/api/v1/webhooks')).items, []);
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<string>();
  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await api.POST('/api/v1/webhooks', { body: { url: field(form, 'url') } });
    if (!result.data) return setError(errorMessage(result.error));
    setSecret(result.data.secret);
    hooks.reload();
  };
  const remove = async (id: string) => {
    await api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } });
    hooks.reload();
  };
  const test = async (id: string) => {
    const result = await api.POST('/api/v1/webhooks/{id}/test', { params: { path: { id } } });
    setError(result.error ? errorMessage(result.error) : undefined);
  };
  return (
    <Section title="Webhooks">
      <Load loaded={hooks}>
        {(items) =>
          items.length === 0 ? (
            <Empty>No webhook endpoints.</Empty>
          ) : (
            <ul className="plain">
              {items.map((h) => (
                <li key={h.id} className="row">
                  <code>{h.url}</code> {h.active ? 'active' : 'paused'} ·{' '}
                  {h.events.length ? h.events.join(', ') : 'all events'}
                  <button type="button" onClick={() => void test(h.id)}>
                    Send test
                  </button>
                  <button type="button" className="link" onClick={() => void remove(h.id)}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Load>
      <form className="row" onSubmit={(e) => void create(e)} aria-label="New webhook">
        <label>
          Endpoint URL (https)
          <input name="url" type="url" required placeholder="https://example.com/hooks/listcast" />
        </label>
        <button type="submit">Add endpoint</button>
      </form>
      {secret && (
        <p role="status">
          Signing secret, shown once: <code className="secret">{secret}</code>
        </p>
      )}
      <Feedback error={error} />
    </Section>
  );
}

/** A labelled checkbox that saves its setting when changed. */
function Toggle(props: { checked: boolean; onChange: (on: boolean) => void; children: ReactNode }) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.children}
    </label>
  );
}

function Automation() {
  const settings = useLoad(async () => must(await api.GET('/api/v1/automation/settings')), []);
  const [state, setState] = useState<{ error?: string; ok?: string }>({});
  const save = async (body: { enabled?: boolean; activate?: boolean; requireApproval?: boolean }) => {
    const result = await api.PATCH('/api/v1/automation/settings', { body });
    setState(result.error ? { error: errorMessage(result.error) } : { ok: 'Saved.' });
    settings.reload();
  };
  return (
    <Section title="Approval and campaign automation">
      <Load loaded={settings}>
        {(s) => (
          <div className="stack">
            <Toggle checked={s.requireApproval} onChange={(on) => void save({ requireApproval: on })}>
              Posts need an admin's approval before they go out
            </Toggle>
            <Toggle checked={s.enabled} onChange={(on) => void save({ enabled: on })}>
              A listing's status change (price cut, sold…) starts the matching campaign
            </Toggle>
            <Toggle checked={s.activate} onChange={(on) => void save({ activate: on })}>
              …and activates it without a review
            </Toggle>
          </div>
        )}
      </Load>
      <Feedback {...state} />
    </Section>
  );
}

function InboxAutomation() {
  const settings = useLoad(async () => must(await api.GET('/api/v1/inbox/settings')), []);
  const [state, setState] = useState<{ error?: string; ok?: string }>({});
  const save = async (body: { autoHideSpam?: boolean; autoReply?: boolean; minConfidence?: number }) => {
    const result = await api.PATCH('/api/v1/inbox/settings', { body });
    setState(result.error ? { error: errorMessage(result.error) } : { ok: 'Saved.' });
    settings.reload();
  };
  return (
    <Section title="Inbox automation">
      <Load loaded={settings}>
        {(s) => (
          <div className="stack">
            <Toggle checked={s.autoReply} onChange={(on) => void save({ autoReply: on })}>
              Reply automatically to common questions (price, showings…)
            </Toggle>
            <Toggle checked={s.autoHideSpam} onChange={(on) => void save({ autoHideSpam: on })}>
              Hide spam automatically
            </Toggle>
            <label>
              Minimum confidence to act alone ({Math.round(s.minConfidence * 100)}%)
              <input
                type="range"
                min={0.5}
                max={1}
                step={0.05}
                defaultValue={s.minConfidence}
                onChange={(e) => void save({ minConfidence: Number(e.currentTarget.value) })}
              />
            </label>
          </div>
        )}
      </Load>
      <Feedback {...state} />
    </Section>
  );
}

function ContentSettings() {
  const settings = useLoad(async () => must(await api.GET('/api/v1/content/settings')), []);
  const [state, setState] = useState<{ error?: string; ok?: string }>({});
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await api.PATCH('/api/v1/content/settings', {
      body: {
        hashtagCap: Number(form.get('hashtagCap')),
        costCapMicros: Math.round(Number(form.get('costCap')) * 1_000_000),
        luxuryThreshold: Number(form.get('luxuryThreshold')),
      },
    });
    setState(result.error ? { error: errorMessage(result.error) } : { ok: 'Saved.' });
  };
  return (
    <Section title="AI and content">
      <p className="small muted">
        The AI provider is chosen by the server's configuration (AI_BASE_URL); without one, the built-in
        copywriter writes every post offline.
      </p>
      <Load loaded={settings}>
        {(s) => (
          <form className="row" onSubmit={(e) => void save(e)}>
            <label>
              Hashtags per post
              <input name="hashtagCap" type="number" min={0} max={30} defaultValue={s.hashtagCap} />
            </label>
            <label>
              AI cost cap per post (USD)
              <input
                name="costCap"
                type="number"
                min={0}
                step="0.01"
                defaultValue={s.costCapMicros / 1_000_000}
              />
            </label>
            <label>
              Luxury flyer from (USD)
              <input name="luxuryThreshold" type="number" min={0} defaultValue={s.luxuryThreshold} />
            </label>
            <button type="submit">Save</button>
          </form>
        )}
      </Load>
      <Feedback {...state} />
    </Section>
  );
}
