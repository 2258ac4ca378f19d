import { useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { BarChart } from '../components/bar-chart';
import { platformNames, type Platform } from '../components/post-frame';
import { Empty, Load } from '../components/states';
import { formatDateTime, formatNumber } from '../lib/format';
import { useLoad } from '../lib/use-load';

type Totals = { posts: number; reach: number; engagement: number; clicks: number; leads: number };
type Row = {
  platform: string;
  posts: number;
  reach: number;
  engagement: number;
  clicks: number;
  leads: number;
};
type AnalyticsPost =
  paths['/api/v1/analytics/posts']['get']['responses'][200]['content']['application/json']['items'][number];

/** Reach, engagement, clicks and leads: every post, one campaign, or one listing (with its page). */
export default function Analytics() {
  const initialListing = new URLSearchParams(location.search).get('listing') ?? '';
  const [scope, setScope] = useState<string>(initialListing ? `listing:${initialListing}` : 'all');
  const campaigns = useLoad(
    async () => must(await api.GET('/api/v1/campaigns', { params: { query: { limit: 100 } } })).items,
    [],
  );
  const data = useLoad(async () => {
    const [kind, id = ''] = scope.split(':');
    if (kind === 'listing') {
      const r = must(await api.GET('/api/v1/analytics/listings/{id}', { params: { path: { id } } }));
      return {
        totals: r.totals,
        byPlatform: r.byPlatform,
        posts: r.posts,
        page: { views: r.pageViews, inquiries: r.inquiries },
      };
    }
    if (kind === 'campaign') {
      const r = must(await api.GET('/api/v1/analytics/campaigns/{id}', { params: { path: { id } } }));
      return { totals: r.totals, byPlatform: r.byPlatform, posts: r.posts, page: null };
    }
    const r = must(await api.GET('/api/v1/analytics/posts'));
    return { totals: r.totals, byPlatform: r.byPlatform, posts: r.items, page: null };
  }, [scope]);

  return (
    <div className="stack">
      <div className="row between">
        <h1>Analytics</h1>
        <label>
          Show
          <select value={scope} onChange={(e) => setScope(e.currentTarget.value)}>
            <option value="all">All posts</option>
            {initialListing && <option value={`listing:${initialListing}`}>This listing</option>}
            {campaigns.data?.map((c) => (
              <option key={c.id} value={`campaign:${c.id}`}>
                Campaign: {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Load loaded={data} label="Loading analytics…">
        {({ totals, byPlatform, posts, page }) =>
          totals.posts === 0 ? (
            <Empty>
              <p>Nothing published yet: figures appear once posts go out.</p>
            </Empty>
          ) : (
            <>
              <Tiles totals={totals} page={page} />
              <div className="charts">
                <BarChart
                  title="Reach by network"
                  rows={byPlatform.map((r: Row) => ({ label: name(r.platform), value: r.reach }))}
                />
                <BarChart
                  title="Engagement by network"
                  rows={byPlatform.map((r: Row) => ({ label: name(r.platform), value: r.engagement }))}
                />
                <BarChart
                  title="Leads by network"
                  rows={byPlatform.map((r: Row) => ({ label: name(r.platform), value: r.leads }))}
                />
              </div>
              <PostTable posts={posts} />
            </>
          )
        }
      </Load>
    </div>
  );
}

function name(platform: string): string {
  return platformNames[platform as Platform] ?? platform;
}

function Tiles({ totals, page }: { totals: Totals; page: { views: number; inquiries: number } | null }) {
  const tiles: [string, number][] = [
    ['Posts', totals.posts],
    ['Reach', totals.reach],
    ['Engagement', totals.engagement],
    ['Clicks', totals.clicks],
    ['Leads', totals.leads],
    ...(page
      ? ([
          ['Page views', page.views],
          ['Inquiries', page.inquiries],
        ] as [string, number][])
      : []),
  ];
  return (
    <dl className="tiles">
      {tiles.map(([label, value]) => (
        <div key={label} className="tile">
          <dt>{label}</dt>
          <dd>{formatNumber(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function PostTable({ posts }: { posts: AnalyticsPost[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>Per post</caption>
        <thead>
          <tr>
            <th scope="col">Post</th>
            <th scope="col">Network</th>
            <th scope="col">Published</th>
            <th scope="col">Reach</th>
            <th scope="col">Engagement</th>
            <th scope="col">Clicks</th>
            <th scope="col">Leads</th>
          </tr>
        </thead>
        <tbody>
          {posts.map((p, i) => (
            <tr key={`${p.targetId}${i}`}>
              <td className="clamp">{p.text}</td>
              <td>
                {name(p.platform)} @{p.handle}
              </td>
              <td>{formatDateTime(p.publishedAt)}</td>
              <td>{p.reach}</td>
              <td>{p.engagement}</td>
              <td>{p.clicks}</td>
              <td>{p.leads}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
