import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { listingBody, teammate } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('creating and reading a listing', () => {
  it('when an agent creates a listing, then it is stored cleaned up, with defaults and its first history entries', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', {
      as: agent,
      body: listingBody({
        address: {
          street: '  12 Oak Street ',
          unit: ' 4B ',
          city: 'Springfield',
          state: 'IL',
          postalCode: '62701',
        },
        features: [' Garage ', 'Pool', 'pool', 'Garage'],
        openHouses: [{ start: '2030-05-04T13:00:00-07:00', end: '2030-05-04T16:00:00-07:00' }],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      address: { street: '12 Oak Street', unit: '4B', country: 'US' },
      price: 450000,
      baths: 2.5,
      status: 'active',
      features: ['Garage', 'Pool'],
      openHouses: [{ start: '2030-05-04T13:00:00-07:00', end: '2030-05-04T16:00:00-07:00' }],
    });
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();

    const read = await call(t.app, 'GET', `/api/v1/listings/${created.body.id}`, { as: agent });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...created.body, updatedAt: created.body.updatedAt });
    expect(read.body.statusHistory).toEqual([
      { from: null, to: 'active', changedAt: expect.any(String), changedBy: agent.userId },
    ]);
    expect(read.body.priceHistory).toEqual([
      { oldPrice: null, newPrice: 450000, changedAt: expect.any(String), changedBy: agent.userId },
    ]);
  });

  it('when only the required fields are sent, then the optional ones read back as null or empty', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', {
      as: agent,
      body: {
        address: { street: '1 Lot Road', city: 'Bend', state: 'OR', postalCode: '97701', country: 'ca' },
        price: 99000.5,
        propertyType: 'land',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      address: { unit: null, country: 'CA' },
      beds: null,
      baths: null,
      interiorSqft: null,
      lotSqft: null,
      yearBuilt: null,
      features: [],
      photos: [],
      openHouses: [],
      description: '',
    });
  });

  it('when fields are invalid, then the answer is 400 validation_failed naming every bad field, and nothing is stored', async () => {
    const agent = await registerUser(t.app);
    const response = await call(t.app, 'POST', '/api/v1/listings', {
      as: agent,
      body: listingBody({
        address: { street: ' ', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'USA' },
        price: -5,
        beds: 2.5,
        baths: 2.25,
        yearBuilt: 1500,
        propertyType: 'castle',
        photos: ['ftp://photos.example.com/a.jpg'],
        status: 'sold_out',
        openHouses: [{ start: '2030-05-04T16:00:00Z', end: '2030-05-04T13:00:00Z' }],
        sellerPhone: '555-0100',
      }),
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    const fields = response.body.details.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.address.street',
        'body.address.country',
        'body.price',
        'body.beds',
        'body.baths',
        'body.yearBuilt',
        'body.propertyType',
        'body.photos.0',
        'body.status',
        'body.openHouses.0.end',
      ]),
    );
    expect(JSON.stringify(response.body.details)).toContain('sellerPhone');
    const list = await call(t.app, 'GET', '/api/v1/listings', { as: agent });
    expect(list.body.items).toEqual([]);
  });

  it('when the id is not a UUID, then the answer is 400 validation_failed', async () => {
    const agent = await registerUser(t.app);
    const response = await call(t.app, 'GET', '/api/v1/listings/not-a-uuid', { as: agent });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe('changing a listing', () => {
  it('when the status and price change, then history appends both, the address merges and updatedAt moves', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody() });
    const id = created.body.id as string;

    const reduced = await call(t.app, 'PATCH', `/api/v1/listings/${id}`, {
      as: agent,
      body: { status: 'price_reduced', price: 425000, address: { unit: '2' } },
    });
    expect(reduced.status).toBe(200);
    expect(reduced.body).toMatchObject({
      status: 'price_reduced',
      price: 425000,
      address: { street: '12 Oak Street', unit: '2', city: 'Springfield', postalCode: '62701' },
    });
    expect(Date.parse(reduced.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));

    // A change that touches neither status nor price adds no history.
    await call(t.app, 'PATCH', `/api/v1/listings/${id}`, { as: agent, body: { description: 'New roof.' } });
    await call(t.app, 'PATCH', `/api/v1/listings/${id}`, { as: agent, body: { status: 'sold' } });

    const read = await call(t.app, 'GET', `/api/v1/listings/${id}`, { as: agent });
    expect(read.body.description).toBe('New roof.');
    expect(read.body.statusHistory.map((h: { from: string; to: string }) => [h.from, h.to])).toEqual([
      [null, 'active'],
      ['active', 'price_reduced'],
      ['price_reduced', 'sold'],
    ]);
    expect(
      read.body.priceHistory.map((h: { oldPrice: number; newPrice: number }) => [h.oldPrice, h.newPrice]),
    ).toEqual([
      [null, 450000],
      [450000, 425000],
    ]);
  });

  it('when a nullable field is patched to null, then it is cleared; an empty patch is refused', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody() });
    const cleared = await call(t.app, 'PATCH', `/api/v1/listings/${created.body.id}`, {
      as: agent,
      body: { beds: null, address: { unit: null } },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.beds).toBeNull();
    const empty = await call(t.app, 'PATCH', `/api/v1/listings/${created.body.id}`, { as: agent, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_failed');
  });

  it('when a listing is deleted, then it answers 404 afterwards', async () => {
    const agent = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody() });
    const deleted = await call(t.app, 'DELETE', `/api/v1/listings/${created.body.id}`, { as: agent });
    expect(deleted.status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/listings/${created.body.id}`, { as: agent })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/listings/${created.body.id}`, { as: agent })).status).toBe(
      404,
    );
  });
});

describe('who may see and change listings', () => {
  it('when a viewer tries to write, then the answer is 403, while reading works', async () => {
    const owner = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', { as: owner, body: listingBody() });
    const viewer = await teammate(t, owner, 'viewer');
    const url = `/api/v1/listings/${created.body.id}`;

    expect((await call(t.app, 'GET', url, { as: viewer })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/listings', { as: viewer })).body.items).toHaveLength(1);
    const attempts = [
      await call(t.app, 'POST', '/api/v1/listings', { as: viewer, body: listingBody() }),
      await call(t.app, 'PATCH', url, { as: viewer, body: { price: 1 } }),
      await call(t.app, 'DELETE', url, { as: viewer }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403);
      expect(attempt.body.code).toBe('forbidden');
    }
    expect((await call(t.app, 'GET', url, { as: owner })).body.price).toBe(450000);
  });

  it('when an editor teammate changes a listing, then history records who did it', async () => {
    const owner = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', { as: owner, body: listingBody() });
    const editor = await teammate(t, owner, 'editor');
    const changed = await call(t.app, 'PATCH', `/api/v1/listings/${created.body.id}`, {
      as: editor,
      body: { status: 'under_contract' },
    });
    expect(changed.status).toBe(200);
    const read = await call(t.app, 'GET', `/api/v1/listings/${created.body.id}`, { as: owner });
    expect(read.body.statusHistory.at(-1).changedBy).not.toBe(owner.userId);
    expect(read.body.statusHistory.at(-1).changedBy).toEqual(expect.any(String));
  });

  it('when another workspace asks for a listing, then it gets 404 and never the data', async () => {
    const owner = await registerUser(t.app);
    const created = await call(t.app, 'POST', '/api/v1/listings', { as: owner, body: listingBody() });
    const stranger = await registerUser(t.app);
    const url = `/api/v1/listings/${created.body.id}`;

    for (const response of [
      await call(t.app, 'GET', url, { as: stranger }),
      await call(t.app, 'PATCH', url, { as: stranger, body: { price: 1 } }),
      await call(t.app, 'DELETE', url, { as: stranger }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
      expect(JSON.stringify(response.body)).not.toContain('Oak');
    }
    expect((await call(t.app, 'GET', '/api/v1/listings', { as: stranger })).body.items).toEqual([]);
    expect((await call(t.app, 'GET', url, { as: owner })).body.price).toBe(450000);
  });
});
