import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listings } from '../../src/db/schema.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csvFile, csvLine, listingBody, uploadCsv } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Item {
  id: string;
  price: number;
  status: string;
  createdAt: string;
  updatedAt: string;
  address: { street: string };
}

async function pages(as: TestUser, query: string, limit: number) {
  const items: Item[] = [];
  let cursor: string | null = null;
  let count = 0;
  do {
    const suffix: string = cursor ? `&cursor=${cursor}` : '';
    const page = await call(t.app, 'GET', `/api/v1/listings?limit=${limit}&${query}${suffix}`, { as });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...(page.body.items as Item[]));
    cursor = page.body.nextCursor;
    count += 1;
  } while (cursor && count < 50);
  return { items, count };
}

const search = async (as: TestUser, query: string) => {
  const response = await call(t.app, 'GET', `/api/v1/listings?${query}`, { as });
  expect(response.status).toBe(200);
  return (response.body.items as Item[]).map((item) => item.address.street).sort();
};

describe('paging through listings', () => {
  let agent: TestUser;
  let allIds: string[];

  beforeAll(async () => {
    agent = await registerUser(t.app);
    // One import: 24 listings sharing created/updated times, half of them sharing a price too.
    const lines = Array.from({ length: 24 }, (_, n) => csvLine(n, n % 2 === 0 ? { price: '500000' } : {}));
    expect((await uploadCsv(t.app, agent, csvFile(lines))).status).toBe(201);
    for (const price of [500000, 250000, 900000]) {
      await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody({ price }) });
    }
    const everything = await call(t.app, 'GET', '/api/v1/listings?limit=100', { as: agent });
    allIds = (everything.body.items as Item[]).map((item) => item.id).sort();
    expect(allIds).toHaveLength(27);
  });

  const orders: [string, (a: Item, b: Item) => boolean][] = [
    ['-createdAt', (a, b) => a.createdAt >= b.createdAt],
    ['createdAt', (a, b) => a.createdAt <= b.createdAt],
    ['-updatedAt', (a, b) => a.updatedAt >= b.updatedAt],
    ['price', (a, b) => a.price <= b.price],
    ['-price', (a, b) => a.price >= b.price],
  ];
  it.each(orders)(
    'when paging with sort=%s across ties, then every listing appears exactly once, in order',
    async (sort, inOrder) => {
      const { items, count } = await pages(agent, `sort=${sort}`, 5);
      expect(count).toBe(6);
      expect(items.map((item) => item.id).sort()).toEqual(allIds);
      items.slice(1).forEach((item, index) => expect(inOrder(items[index]!, item)).toBe(true));
    },
  );

  it('when no sort is given, then the newest listing comes first and the last page has no cursor', async () => {
    const first = await call(t.app, 'GET', '/api/v1/listings?limit=2', { as: agent });
    expect(first.body.items[0].price).toBe(900000);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const last = await call(t.app, 'GET', '/api/v1/listings?limit=27', { as: agent });
    expect(last.body.items).toHaveLength(27);
    expect(last.body.nextCursor).toBeNull();
  });

  it('when the cursor is malformed or from another sort, then the answer is 400 validation_failed', async () => {
    const fromPrice = await call(t.app, 'GET', '/api/v1/listings?limit=2&sort=price', { as: agent });
    const forged = Buffer.from(JSON.stringify({ s: '-createdAt', v: 'yesterday', i: 'x' })).toString(
      'base64url',
    );
    for (const cursor of ['garbage!!', 'e30', forged, fromPrice.body.nextCursor]) {
      const response = await call(t.app, 'GET', `/api/v1/listings?cursor=${cursor}`, { as: agent });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
  });

  it('when limit, sort, status or an unknown parameter is out of range, then the answer is 400', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=abc',
      'sort=street',
      'status=sold,nope',
      'color=red',
    ]) {
      const response = await call(t.app, 'GET', `/api/v1/listings?${query}`, { as: agent });
      expect(response.status, query).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
  });
});

describe('filtering listings', () => {
  let agent: TestUser;
  beforeAll(async () => {
    agent = await registerUser(t.app);
    const bodies = [
      listingBody({
        address: { street: '100% Maple Lane', city: 'Austin', state: 'TX', postalCode: '73301' },
        price: 300000,
      }),
      listingBody({
        address: { street: '1_0 Birch Road', city: 'Dallas', state: 'TX', postalCode: '75201' },
        price: 500000,
        status: 'sold',
      }),
      listingBody({
        address: { street: '100 Cedar Court', city: 'Houston', state: 'TX', postalCode: '77002' },
        price: 700000,
        status: 'coming_soon',
      }),
    ];
    for (const body of bodies) {
      expect((await call(t.app, 'POST', '/api/v1/listings', { as: agent, body })).status).toBe(201);
    }
  });

  it('when filtering by one or several statuses, then only those listings come back', async () => {
    expect(await search(agent, 'status=sold')).toEqual(['1_0 Birch Road']);
    expect(await search(agent, 'status=sold,coming_soon')).toEqual(['100 Cedar Court', '1_0 Birch Road']);
    expect(await search(agent, 'status=sold&status=active')).toEqual(['100% Maple Lane', '1_0 Birch Road']);
  });

  it('when filtering by price range, then both bounds are inclusive', async () => {
    expect(await search(agent, 'minPrice=500000')).toEqual(['100 Cedar Court', '1_0 Birch Road']);
    expect(await search(agent, 'maxPrice=500000')).toEqual(['100% Maple Lane', '1_0 Birch Road']);
    expect(await search(agent, 'minPrice=400000&maxPrice=600000')).toEqual(['1_0 Birch Road']);
  });

  it('when searching text, then street, city and postal code match case-insensitively', async () => {
    expect(await search(agent, 'q=austin')).toEqual(['100% Maple Lane']);
    expect(await search(agent, 'q=77002')).toEqual(['100 Cedar Court']);
    expect(await search(agent, 'q=BIRCH')).toEqual(['1_0 Birch Road']);
  });

  it('when the search text holds % or _, then they match themselves, not as wildcards', async () => {
    expect(await search(agent, `q=${encodeURIComponent('%')}`)).toEqual(['100% Maple Lane']);
    expect(await search(agent, 'q=_')).toEqual(['1_0 Birch Road']);
    expect(await search(agent, `q=${encodeURIComponent('1_0')}`)).toEqual(['1_0 Birch Road']);
    expect(await search(agent, `q=${encodeURIComponent('\\')}`)).toEqual([]);
  });

  it('when filters combine with a sort and paging, then pages hold only matching listings', async () => {
    const { items } = await pages(agent, 'sort=-price&status=active,sold,coming_soon&minPrice=1', 1);
    expect(items.map((item) => item.price)).toEqual([700000, 500000, 300000]);
  });
});

describe('the list item shape', () => {
  it('when a listing with every field is listed, then its item is exactly what the create and detail routes return', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', {
      as: agent,
      body: listingBody({
        address: {
          street: '9 Élan Way',
          unit: '4B',
          city: 'Québec',
          state: 'QC',
          postalCode: 'G1R 4P5',
          country: 'CA',
        },
        price: 1_234_567.5,
        baths: 3.5,
        lotSqft: null,
        features: ['Quartz "island"', 'Wine cellar \\ tasting room'],
        description: 'Line one.\nLine two — with “quotes” and emoji 🏡.',
        photos: ['https://photos.example.com/a.jpg', 'https://photos.example.com/b.jpg'],
        status: 'open_house',
        openHouses: [{ start: '2026-12-05T14:00:00.000Z', end: '2026-12-05T16:00:00.000Z' }],
      }),
    });
    expect(created.status).toBe(201);
    const detail = await call(t.app, 'GET', `/api/v1/listings/${created.body.id}`, { as: agent });
    const { statusHistory: _status, priceHistory: _price, ...listing } = detail.body;
    expect(listing).toEqual(created.body);
    for (const sort of ['-createdAt', 'createdAt', 'price', '-price', '-updatedAt']) {
      const listed = await call(t.app, 'GET', `/api/v1/listings?sort=${sort}`, { as: agent });
      expect(listed.body.items, sort).toEqual([created.body]);
    }
    const filtered = await call(t.app, 'GET', '/api/v1/listings?q=Québec&status=open_house', { as: agent });
    expect(filtered.body.items).toEqual([created.body]);
  });
});

describe('remembered list pages are never older than the last committed change', () => {
  const streets = async (as: TestUser) => {
    const page = await call(t.app, 'GET', '/api/v1/listings?limit=5', { as });
    expect(page.status).toBe(200);
    return (page.body.items as Item[]).map((item) => `${item.address.street} ${item.price}`);
  };
  const hits = async () => {
    const metrics = await call(t.app, 'GET', '/metrics');
    return Number(/listing_page_cache_total\{outcome="hit"\} (\d+)/.exec(metrics.body as string)?.[1] ?? 0);
  };

  it('when the same page is read again, then it is answered from memory with the same body', async () => {
    const agent = await registerUser(t.app);
    await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody() });
    const first = await call(t.app, 'GET', '/api/v1/listings?limit=5', { as: agent });
    // On PostgreSQL, test files running at the same time share the database and its change messages, so
    // a page may be forgotten between two reads here: read until one is remembered (or give up).
    const before = await hits();
    let remembered = false;
    for (let attempt = 0; attempt < 20 && !remembered; attempt++) {
      const again = await call(t.app, 'GET', '/api/v1/listings?limit=5', { as: agent });
      expect(again.body).toEqual(first.body);
      remembered = (await hits()) > before;
    }
    expect(remembered).toBe(true);
  });

  it('when a listing is created, changed or deleted, then the very next read of a remembered page shows it', async () => {
    const agent = await registerUser(t.app);
    expect(await streets(agent)).toEqual([]);
    const created = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody() });
    expect(await streets(agent)).toEqual(['12 Oak Street 450000']);
    const id = String(created.body.id);
    await call(t.app, 'PATCH', `/api/v1/listings/${id}`, { as: agent, body: { price: 425000 } });
    expect(await streets(agent)).toEqual(['12 Oak Street 425000']);
    await call(t.app, 'DELETE', `/api/v1/listings/${id}`, { as: agent });
    expect(await streets(agent)).toEqual([]);
    expect((await uploadCsv(t.app, agent, csvFile([csvLine(1)]))).status).toBe(201);
    expect(await streets(agent)).toEqual(['1 Maple Avenue 301000']);
  });

  it('when rows change outside this API (a job, another process, SQL), then remembered pages are forgotten', async () => {
    const agent = await registerUser(t.app);
    await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody() });
    expect(await streets(agent)).toEqual(['12 Oak Street 450000']);
    await t.database.db
      .update(listings)
      .set({ price: 399000 })
      .where(eq(listings.workspaceId, agent.workspaceId));
    // The database announces the commit; on PostgreSQL the message arrives on another connection, so allow
    // it a few database round trips (never a timer). PGlite delivers it at commit.
    let seen = await streets(agent);
    for (let attempt = 0; attempt < 50 && seen[0] !== '12 Oak Street 399000'; attempt++) {
      await t.database.db.execute(sql`select 1`);
      seen = await streets(agent);
    }
    expect(seen).toEqual(['12 Oak Street 399000']);
  });

  it('when two workspaces read the same page in turn, then each sees only its own listings', async () => {
    const one = await registerUser(t.app);
    const two = await registerUser(t.app);
    await call(t.app, 'POST', '/api/v1/listings', { as: one, body: listingBody() });
    expect(await streets(one)).toEqual(['12 Oak Street 450000']);
    expect(await streets(two)).toEqual([]);
    expect(await streets(one)).toEqual(['12 Oak Street 450000']);
  });
});
