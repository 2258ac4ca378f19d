import { useEffect, useState, type ReactNode } from 'react';
import { api, must, type Schemas } from './api/client';
import { followEvents, type LiveEvent } from './api/events';
import { getSession, setSession } from './api/session';
import { formatDateTime, humanize } from './lib/format';
import { Link, usePath } from './lib/router';
import { useWorkspace } from './workspace';

const nav = [
  ['/listings', 'Listings'],
  ['/calendar', 'Calendar'],
  ['/posts', 'Posts'],
  ['/inbox', 'Inbox'],
  ['/leads', 'Leads'],
  ['/analytics', 'Analytics'],
  ['/settings', 'Settings'],
  ['/onboarding', 'Get started'],
] as const;

/** Listeners screens add to hear live events (the shell owns the one stream). */
const liveListeners = new Set<(event: LiveEvent) => void>();
export function useLiveEvents(onEvent: (event: LiveEvent) => void) {
  useEffect(() => {
    liveListeners.add(onEvent);
    return () => {
      liveListeners.delete(onEvent);
    };
  }, [onEvent]);
}

/** One line for a live event: what happened, to whom, from the event's own data. */
function describe(event: LiveEvent): string {
  // The stream sends {id, kind, data, createdAt}: what happened is in `data`.
  const inner = event.data.data;
  const data = (typeof inner === 'object' && inner !== null ? inner : event.data) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? data[key] : '');
  const on = text('platform') ? ` on ${humanize(text('platform'))}` : '';
  switch (event.kind) {
    case 'inbox.message':
      return `New comment${on}: ${humanize(text('intent') || 'other')}`;
    case 'inbox.escalated':
      return `Needs a person${on}: ${text('reason')}`;
    case 'lead.created':
      return `New lead: ${text('name')}`;
    case 'lead.hot':
      return `Hot lead: ${text('name')}${typeof data.score === 'number' ? ` (${data.score}/10)` : ''}`;
    case 'post.published':
      return `Published${on}${text('handle') ? ` as @${text('handle')}` : ''}`;
    case 'post.failed':
    case 'post.needs_attention': {
      const error = data.error as { message?: string } | undefined;
      return `Post ${event.kind === 'post.failed' ? 'failed' : 'needs attention'}${on}${error?.message ? `: ${error.message}` : ''}`;
    }
    default:
      return humanize(event.kind.replace('.', ' '));
  }
}

export function Shell({ children }: { children: ReactNode }) {
  const path = usePath();
  const { user, workspace } = useWorkspace();
  const [toasts, setToasts] = useState<{ id: string; text: string }[]>([]);
  const [open, setOpen] = useState(false);
  const [notifications, setNotifications] = useState<{
    items: Schemas['Notification'][];
    unreadCount: number;
  }>();
  const [menu, setMenu] = useState(false);

  const loadNotifications = () =>
    api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } }).then(
      (result) => setNotifications(must(result)),
      () => undefined,
    );

  useEffect(() => {
    void loadNotifications();
    return followEvents((event) => {
      for (const listener of liveListeners) listener(event);
      const toast = { id: `${event.id}-${Math.random()}`, text: describe(event) };
      setToasts((list) => [...list.slice(-3), toast]);
      setTimeout(() => setToasts((list) => list.filter((t) => t.id !== toast.id)), 6000);
      void loadNotifications();
    });
  }, []);

  const signOut = async () => {
    const refreshToken = getSession()?.refreshToken;
    await api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    setSession(null);
  };
  const markAllRead = async () => {
    await api.POST('/api/v1/notifications/read');
    await loadNotifications();
  };

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/listings" className="brand">
          Listcast
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menu}
          aria-controls="main-nav"
          onClick={() => setMenu(!menu)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menu ? 'open' : ''}>
          {nav.map(([href, label]) => (
            <Link
              key={href}
              href={href}
              aria-current={path.startsWith(href) ? 'page' : undefined}
              onClick={() => setMenu(false)}
            >
              {label}
            </Link>
          ))}
        </nav>
        <div className="topbar-right">
          <button
            type="button"
            className="bell"
            aria-expanded={open}
            aria-controls="notifications"
            onClick={() => setOpen(!open)}
          >
            Notifications
            {notifications?.unreadCount ? <span className="count"> {notifications.unreadCount}</span> : null}
          </button>
          <span className="who" title={user.email}>
            {workspace.name}
          </span>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {open && (
        <section id="notifications" className="panel notifications" aria-label="Notifications">
          <div className="row between">
            <h2>Notifications</h2>
            <button type="button" onClick={() => void markAllRead()}>
              Mark all read
            </button>
          </div>
          {!notifications && <p>Loading…</p>}
          {notifications?.items.length === 0 && <p className="muted">Nothing needs you right now.</p>}
          <ul>
            {notifications?.items.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                <strong>{n.title}</strong>
                <p>{n.body}</p>
                <small>{formatDateTime(n.createdAt)}</small>
              </li>
            ))}
          </ul>
        </section>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className="toast">
            {toast.text}
          </div>
        ))}
      </div>
    </div>
  );
}
