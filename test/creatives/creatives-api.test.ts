import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { startPhotoServer, type PhotoServer } from '../fakes/photo-server.js';
import { listingBody } from '../listings/fixtures.js';

const run = promisify(execFile);

let photos: PhotoServer;
let fake: FakeOpenAi;
let t: TestApp;
beforeAll(async () => {
  photos = await startPhotoServer();
  fake = await startFakeOpenAi();
  // Listing photos come from a loopback server here, so loopback fetches are allowed for this app only.
  t = await createTestApp({
    MEDIA_FETCH_ALLOW_LOOPBACK: 'true',
    AI_BASE_URL: fake.url,
    AI_MODEL: 'gpt-4o-mini',
    AI_IMAGE_MODEL: 'gpt-image-1',
    PUBLIC_URL: 'https://listcast.example.com',
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
  await photos.close();
});

interface MediaItem {
  id: string;
  contentType: string;
  width: number | null;
  height: number | null;
  altText: string | null;
  url: string;
  label: Record<string, unknown>;
}

async function listingWith(agent: TestUser, overrides: Record<string, unknown>) {
  const created = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: listingBody(overrides) });
  expect(created.status).toBe(201);
  return String(created.body.id);
}

/** Fetches a signed media URL the way a platform would: no credentials. */
async function fetchSigned(url: string) {
  const { pathname, search } = new URL(url);
  const response = await t.app.inject({ method: 'GET', url: `${pathname}${search}` });
  return { status: response.statusCode, type: response.headers['content-type'], data: response.rawPayload };
}

describe('branded images for a listing event', () => {
  it('when images are asked for every format, then each has the exact size, is an sRGB JPEG with alt text, and is in the media library', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingWith(agent, { photos: [photos.url('/photo.jpg')] });
    const response = await call(t.app, 'POST', `/api/v1/listings/${listingId}/creatives`, {
      as: agent,
      body: { event: 'just_listed' },
    });
    expect(response.status).toBe(201);
    expect(response.body.warnings).toEqual([]);
    const items = response.body.items as MediaItem[];
    const sizes = Object.fromEntries(
      items.map((item) => [item.label.format, `${item.width}x${item.height}`]),
    );
    expect(sizes).toEqual({
      instagram_portrait: '1080x1350',
      instagram_square: '1080x1080',
      instagram_story: '1080x1920',
      facebook: '1200x627',
      linkedin: '1200x627',
      x: '1600x900',
    });
    for (const item of items) {
      expect(item.url.startsWith('https://listcast.example.com/media/')).toBe(true);
      expect(item.altText).toContain('12 Oak Street');
      const file = await fetchSigned(item.url);
      expect(file.status).toBe(200);
      const meta = await sharp(file.data).metadata();
      expect([meta.format, meta.space, `${meta.width}x${meta.height}`]).toEqual([
        'jpeg',
        'srgb',
        `${item.width}x${item.height}`,
      ]);
    }
    const listed = await call(t.app, 'GET', `/api/v1/listings/${listingId}/creatives`, { as: agent });
    expect(listed.body.items.map((item: MediaItem) => item.id).sort()).toEqual(
      items.map((item) => item.id).sort(),
    );
  });

  it('when a listing photo cannot be used, then the images are still made and the photo is reported', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingWith(agent, { photos: [photos.url('/notes.jpg')] });
    const response = await call(t.app, 'POST', `/api/v1/listings/${listingId}/creatives`, {
      as: agent,
      body: { event: 'coming_soon', formats: ['x'] },
    });
    expect(response.status).toBe(201);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.warnings).toEqual([
      expect.objectContaining({ photo: photos.url('/notes.jpg'), code: 'unsupported_media' }),
    ]);
  });

  it('when a carousel is asked for, then it has a cover, one slide per photo and a features card, all 1080×1350', async () => {
    const agent = await registerUser(t.app);
    const urls = [1, 2, 3].map((n) => photos.url(`/photo.jpg?n=${n}`));
    const listingId = await listingWith(agent, { photos: urls });
    const response = await call(t.app, 'POST', `/api/v1/listings/${listingId}/creatives`, {
      as: agent,
      body: {
        event: 'open_house',
        formats: ['instagram_square'],
        carousel: true,
        openHouse: { start: '2030-05-04T13:00:00-05:00', end: '2030-05-04T15:00:00-05:00' },
      },
    });
    expect(response.status).toBe(201);
    const slides = (response.body.items as MediaItem[]).filter((item) => item.label.format === 'carousel');
    expect(slides.map((slide) => slide.label.role)).toEqual(['cover', 'photo', 'photo', 'photo', 'features']);
    expect(slides.every((slide) => slide.width === 1080 && slide.height === 1350)).toBe(true);
  });

  it('when an AI illustration is asked for, then it is generated once per orientation, costed and labelled as AI', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingWith(agent, {});
    const before = fake.requests.length;
    const response = await call(t.app, 'POST', `/api/v1/listings/${listingId}/creatives`, {
      as: agent,
      body: { event: 'just_listed', formats: ['instagram_portrait', 'x'], photo: 'ai' },
    });
    expect(response.status).toBe(201);
    const sent = fake.requests.slice(before).map((request) => request.body as unknown as { size: string });
    expect(sent.map((body) => body.size).sort()).toEqual(['1024x1536', '1536x1024']);
    expect(response.body.cost.calls).toBe(2);
    expect(response.body.cost.totalMicros).toBeGreaterThan(2 * 272 * 40);
    for (const item of response.body.items as MediaItem[]) {
      expect(item.label.ai).toBe(true);
      expect(item.altText).toContain('AI-generated illustration');
    }
    const usage = await call(t.app, 'GET', '/api/v1/usage', { as: agent });
    expect(usage.body.months[0].byModel).toEqual([
      expect.objectContaining({ model: 'gpt-image-1', calls: 2 }),
    ]);

    await call(t.app, 'PATCH', '/api/v1/content/settings', { as: agent, body: { costCapMicros: 1000 } });
    const capped = await call(t.app, 'POST', `/api/v1/listings/${listingId}/creatives`, {
      as: agent,
      body: { event: 'just_listed', formats: ['x'], photo: 'ai' },
    });
    expect(capped.body.cost).toEqual({ totalMicros: 0, calls: 0, fallback: 'cost_cap' });
    expect(capped.body.items[0].label.ai).toBe(false);
  });
});

describe('the PDF flyer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flyer-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function pdfInfo(data: Buffer) {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    await writeFile(file, data);
    const { stdout } = await run('pdfinfo', [file]);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    return {
      pages: Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]),
      size: /Page size:\s+([\d.]+ x [\d.]+)/.exec(stdout)?.[1],
      text,
    };
  }

  it('when a flyer is asked for, then one Letter page comes back with the facts, and it is kept in the media library', async () => {
    const agent = await registerUser(t.app);
    await call(t.app, 'PATCH', '/api/v1/brand-kit', {
      as: agent,
      body: { agentName: 'Dana Whitfield', brokerage: 'Blue Ridge Realty', licenseNumber: '301122' },
    });
    const listingId = await listingWith(agent, { photos: [photos.url('/photo.jpg')] });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/listings/${listingId}/flyer`,
      headers: { authorization: `Bearer ${agent.token}` },
      payload: {},
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-flyer-template']).toBe('standard');
    const info = await pdfInfo(response.rawPayload);
    expect(info.pages).toBe(1);
    expect(info.size).toBe('612 x 792');
    for (const fact of [
      '12 Oak Street',
      '$450,000',
      'Dana Whitfield',
      'Blue Ridge Realty',
      '301122',
      'Equal Housing Opportunity',
    ]) {
      expect(info.text, fact).toContain(fact);
    }
    const listed = await call(t.app, 'GET', `/api/v1/listings/${listingId}/creatives`, { as: agent });
    const flyer = (listed.body.items as MediaItem[]).find(
      (item) => item.id === response.headers['x-media-id'],
    );
    expect(flyer?.contentType).toBe('application/pdf');
  });

  it("when the price passes the workspace's luxury threshold, then the luxury flyer is chosen; A4 when the workspace prints A4", async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingWith(agent, { price: 1_500_000 });
    const flyer = (body: object = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/listings/${listingId}/flyer`,
        headers: { authorization: `Bearer ${agent.token}` },
        payload: body,
      });
    expect((await flyer()).headers['x-flyer-template']).toBe('luxury');
    await call(t.app, 'PATCH', '/api/v1/content/settings', {
      as: agent,
      body: { luxuryThreshold: 2_000_000, flyerPaper: 'a4' },
    });
    const standard = await flyer();
    expect(standard.headers['x-flyer-template']).toBe('standard');
    const info = await pdfInfo(standard.rawPayload);
    expect(info.pages).toBe(1);
    expect(info.size).toMatch(/^595(\.\d+)? x 841(\.\d+)?$/);
    expect((await flyer({ template: 'luxury', paper: 'letter' })).headers['x-flyer-template']).toBe('luxury');
  });
});

describe('the public listing page (the QR target)', () => {
  it('when anyone opens /l/{id}, then the listing shows with its facts, text escaped; withdrawn or unknown listings are 404', async () => {
    const agent = await registerUser(t.app);
    const listingId = await listingWith(agent, { description: 'Sunny rooms. <script>alert(1)</script>' });
    const page = await t.app.inject({ method: 'GET', url: `/l/${listingId}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('12 Oak Street');
    expect(page.body).toContain('$450,000');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&#60;script&#62;');
    await call(t.app, 'PATCH', `/api/v1/listings/${listingId}`, { as: agent, body: { status: 'withdrawn' } });
    expect((await t.app.inject({ method: 'GET', url: `/l/${listingId}` })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/l/00000000-0000-4000-8000-000000000000' })).statusCode,
    ).toBe(404);
  });
});
