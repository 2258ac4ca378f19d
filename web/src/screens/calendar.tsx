import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { api, errorMessage, must, type Schemas } from '../api/client';
import { ErrorState, Load } from '../components/states';
import { platformNames } from '../components/post-frame';
import { dayKey, formatTime, workspaceZone } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../shell';

type Post = Schemas['Post'];
const DAY = 86_400_000;
const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Calendar days are plain dates (`YYYY-MM-DD`); arithmetic on them happens at UTC noon, zone-free. */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
function weekday(day: string): number {
  return (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
}
function daysOf(view: 'month' | 'week', anchor: string): string[] {
  if (view === 'week') {
    const monday = addDays(anchor, -weekday(anchor));
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }
  const first = `${anchor.slice(0, 7)}-01`;
  const start = addDays(first, -weekday(first));
  const days = Array.from({ length: 42 }, (_, i) => addDays(start, i));
  // Drop a last week wholly in the next month.
  return days[35]?.slice(0, 7) !== anchor.slice(0, 7) ? days.slice(0, 35) : days;
}

/** Month and week calendar of posts, coloured by platform and status; drag (or Alt+arrows) to reschedule. */
export default function Calendar() {
  const [view, setView] = useState<'month' | 'week'>('month');
  const [anchor, setAnchor] = useState(() => dayKey(new Date()));
  const [error, setError] = useState<string>();
  const days = daysOf(view, anchor);
  const first = days[0] ?? anchor;
  const last = days.at(-1) ?? anchor;
  const posts = useLoad(async () => {
    const result = await api.GET('/api/v1/calendar', {
      params: {
        query: {
          from: new Date(Date.parse(`${first}T00:00:00Z`) - DAY).toISOString(),
          to: new Date(Date.parse(`${last}T00:00:00Z`) + 2 * DAY).toISOString(),
        },
      },
    });
    return must(result).items;
  }, [first, last]);
  useLiveEvents(posts.reload);

  const move = async (post: Post, day: string) => {
    const time = post.localTime?.slice(11, 16) ?? '09:00';
    setError(undefined);
    const result = await api.PATCH('/api/v1/posts/{id}', {
      params: { path: { id: post.id } },
      body: { scheduledAt: `${day}T${time}`, timezone: post.timezone },
    });
    if (result.error) setError(`Could not move the post: ${errorMessage(result.error)}`);
    posts.reload();
  };
  const step = (n: number) => setAnchor(view === 'week' ? addDays(anchor, 7 * n) : shiftMonth(anchor, n));
  const title =
    view === 'month'
      ? new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${anchor.slice(0, 7)}-15T12:00:00Z`),
        )
      : `Week of ${first}`;

  return (
    <div className="stack">
      <div className="row between">
        <h1>Calendar</h1>
        <div className="button-row" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'month'} onClick={() => setView('month')}>
            Month
          </button>
          <button type="button" aria-pressed={view === 'week'} onClick={() => setView('week')}>
            Week
          </button>
        </div>
      </div>
      <div className="row between">
        <button type="button" onClick={() => step(-1)} aria-label={`Previous ${view}`}>
          ←
        </button>
        <h2 aria-live="polite">
          {title} <small className="muted">({workspaceZone()})</small>
        </h2>
        <button type="button" onClick={() => step(1)} aria-label={`Next ${view}`}>
          →
        </button>
      </div>
      <p className="muted small">
        Drag a post to another day to reschedule it, or focus it and press Alt + ← / →.
      </p>
      {error && <ErrorState message={error} />}
      <Load loaded={posts} label="Loading the calendar…">
        {(items) => <Grid days={days} month={anchor.slice(0, 7)} view={view} posts={items} onMove={move} />}
      </Load>
    </div>
  );
}

function shiftMonth(day: string, n: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + n, 1, 12));
  return date.toISOString().slice(0, 10);
}

function Grid({
  days,
  month,
  view,
  posts,
  onMove,
}: {
  days: string[];
  month: string;
  view: 'month' | 'week';
  posts: Post[];
  onMove: (post: Post, day: string) => Promise<void>;
}) {
  const [over, setOver] = useState<string>();
  const byDay = new Map<string, Post[]>();
  for (const post of posts) {
    if (!post.scheduledAt) continue;
    const key = dayKey(post.scheduledAt);
    byDay.set(key, [...(byDay.get(key) ?? []), post]);
  }
  const today = dayKey(new Date());
  const drop = (event: DragEvent, day: string) => {
    event.preventDefault();
    setOver(undefined);
    const post = posts.find((p) => p.id === event.dataTransfer.getData('text/plain'));
    if (post && post.scheduledAt && dayKey(post.scheduledAt) !== day) void onMove(post, day);
  };
  const keys = (event: KeyboardEvent, post: Post) => {
    if (!event.altKey || !post.scheduledAt) return;
    const delta = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    void onMove(post, addDays(dayKey(post.scheduledAt), delta));
  };
  return (
    <div className={`calendar calendar-${view}`} role="grid" aria-label="Posts by day">
      <div className="cal-row cal-head" role="row">
        {weekdays.map((d) => (
          <div key={d} role="columnheader">
            {d}
          </div>
        ))}
      </div>
      {Array.from({ length: days.length / 7 }, (_, week) => (
        <div className="cal-row" role="row" key={week}>
          {days.slice(week * 7, week * 7 + 7).map((day) => (
            <div
              key={day}
              role="gridcell"
              aria-label={day}
              className={`cal-day${day.slice(0, 7) !== month && view === 'month' ? ' other' : ''}${day === today ? ' today' : ''}${over === day ? ' over' : ''}`}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(day);
              }}
              onDragLeave={() => setOver(undefined)}
              onDrop={(e) => drop(e, day)}
            >
              <span className="cal-date">{Number(day.slice(8))}</span>
              {(byDay.get(day) ?? []).map((post) => {
                const target = post.targets[0];
                const platform = target?.platform ?? 'instagram';
                const status = target?.status ?? 'draft';
                const movable = status === 'scheduled' || status === 'draft';
                return (
                  <div
                    key={post.id}
                    className={`chip platform-${platform} status-${status}`}
                    draggable={movable}
                    tabIndex={0}
                    data-post-id={post.id}
                    onDragStart={(e) => e.dataTransfer.setData('text/plain', post.id)}
                    onKeyDown={(e) => keys(e, post)}
                    title={`${platformNames[platform]} · ${status} · ${post.text}`}
                  >
                    <span className="chip-time">{post.scheduledAt ? formatTime(post.scheduledAt) : ''}</span>{' '}
                    {platformNames[platform]} <span className="chip-status">{status.replace('_', ' ')}</span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
