import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createMediaServices } from '../../src/modules/media/media-services.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { sampleListing } from '../helpers/world.js';
import { startPhotoServer, type PhotoServer } from '../fakes/photo-server.js';
import { fetchSigned, PUBLIC_URL, tempDataDir, upload } from './helpers.js';

let photos: PhotoServer;
let dataDir: Awaited<ReturnType<typeof tempDataDir>>;

beforeAll(async () => {
  photos = await startPhotoServer();
  dataDir = await tempDataDir();
});
afterAll(async () => {
  await photos.close();
  await dataDir.remove();
});

const importUrl = (t: TestApp, as: TestUser, body: Record<string, unknown>) =>
  call(t.app, 'POST', '/api/v1/media/import', { as, body });

describe('importing from a URL, loopback allowed (a local photo server)', () => {
  let t: TestApp;
  let agent: TestUser;

  beforeAll(async () => {
    t = await createTestApp(
      {
        DATA_DIR: dataDir.dir,
        PUBLIC_URL,
        MEDIA_FETCH_ALLOW_LOOPBACK: 'true',
        MEDIA_FETCH_TIMEOUT_MS: '1000',
        UPLOAD_LIMIT_BYTES: String(1024 * 1024),
      },
      { workers: false },
    );
    agent = await registerUser(t.app, 'Importer');
  });
  afterAll(() => t.close());

  it('when a listing photo URL is imported, then it is stored without its location, attached to the listing', async () => {
    const listing = await call(t.app, 'POST', '/api/v1/listings', { as: agent, body: sampleListing() });
    const url = photos.url('/photo.jpg');
    const response = await importUrl(t, agent, { url, listingId: listing.body.id, altText: 'Street view' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      created: true,
      media: {
        kind: 'url',
        sourceUrl: url,
        listingId: listing.body.id,
        width: 2000,
        contentType: 'image/jpeg',
      },
    });
    const file = await fetchSigned(t.app, response.body.media.url);
    expect((await sharp(file.rawPayload).metadata()).exif).toBeUndefined();
  });

  it('when the same URL is imported again, then the existing item answers and nothing is fetched', async () => {
    const url = photos.url('/photo.png');
    const first = await importUrl(t, agent, { url });
    const fetches = photos.requests.filter((path) => path === '/photo.png').length;
    const second = await importUrl(t, agent, { url });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: false, media: { id: first.body.media.id } });
    expect(photos.requests.filter((path) => path === '/photo.png')).toHaveLength(fetches);
  });

  it('when the server redirects three times, then the photo is imported; a fourth redirect is refused', async () => {
    expect((await importUrl(t, agent, { url: photos.url('/chain/2') })).status).toBe(201);
    const tooMany = await importUrl(t, agent, { url: photos.url('/chain/3') });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'fetch_failed', details: { reason: 'redirects' } });
  });

  it('when an allowed server redirects to the metadata service or a private address, then the import is refused', async () => {
    for (const target of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.7/photo.jpg',
      'http://[fd00::1]/photo.jpg',
      'file:///etc/passwd',
    ]) {
      const url = photos.url(`/redirect?to=${encodeURIComponent(target)}`);
      const response = await importUrl(t, agent, { url });
      expect(response.status, target).toBe(422);
      expect(response.body.code, target).toBe('fetch_refused');
    }
  });

  it('when the server is slow, sends too much or sends no image, then the import fails with a clear code', async () => {
    const slow = await importUrl(t, agent, { url: photos.url('/slow') });
    expect(slow.body).toMatchObject({ code: 'fetch_failed', details: { reason: 'timeout' } });
    const huge = await importUrl(t, agent, { url: photos.url('/huge') });
    expect(huge.body).toMatchObject({ code: 'fetch_failed', details: { reason: 'too_large' } });
    const missing = await importUrl(t, agent, { url: photos.url('/nothing.jpg') });
    expect(missing.body).toMatchObject({ code: 'fetch_failed', details: { reason: 'status', status: 404 } });
    const text = await importUrl(t, agent, { url: photos.url('/notes.jpg') });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('unsupported_media');
    const listed = await call(t.app, 'GET', '/api/v1/media?kind=url&limit=100', { as: agent });
    expect(listed.body.items.map((item: { sourceUrl: string }) => item.sourceUrl)).not.toContain(
      photos.url('/notes.jpg'),
    );
  });

  it('when the listing belongs to another workspace, then the import answers 404 and fetches nothing', async () => {
    const other = await registerUser(t.app, 'Other');
    const listing = await call(t.app, 'POST', '/api/v1/listings', { as: other, body: sampleListing() });
    const before = photos.requests.length;
    const response = await importUrl(t, agent, {
      url: photos.url('/photo.jpg?x=1'),
      listingId: listing.body.id,
    });
    expect(response.status).toBe(404);
    expect(photos.requests).toHaveLength(before);
  });
});

describe('importing from a URL, loopback refused (production default)', () => {
  let t: TestApp;
  let agent: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir.dir, PUBLIC_URL }, { workers: false });
    agent = await registerUser(t.app, 'Importer');
  });
  afterAll(() => t.close());

  it('when a URL names an internal address or a name resolving to one, then it is refused before any request', async () => {
    const before = photos.requests.length;
    for (const url of [
      photos.url('/photo.jpg'),
      photos.url('/photo.jpg').replace('127.0.0.1', 'localhost'),
      'http://127.1.2.3/photo.jpg',
      'http://10.0.0.1/photo.jpg',
      'http://172.20.0.5/photo.jpg',
      'http://192.168.1.1/photo.jpg',
      'http://100.64.0.1/photo.jpg',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/photo.jpg',
      'http://[::1]/photo.jpg',
      'http://[::ffff:127.0.0.1]/photo.jpg',
      'http://[::ffff:a9fe:a9fe]/photo.jpg',
      'http://[fe80::1]/photo.jpg',
      'http://[fc00::1]/photo.jpg',
      'http://224.0.0.1/photo.jpg',
      'http://2130706433/photo.jpg',
      'http://0x7f.1/photo.jpg',
      'http://user:pass@127.0.0.1/photo.jpg',
    ]) {
      const response = await importUrl(t, agent, { url });
      expect(response.status, url).toBe(422);
      expect(response.body.code, url).toBe('fetch_refused');
    }
    expect(photos.requests).toHaveLength(before);
  });

  it('when the URL is one of our own signed media URLs (an uploaded listing photo), then the file is used as is, even expired — but only in its own workspace', async () => {
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#468' } })
      .jpeg()
      .toBuffer();
    const uploaded = await upload(t.app, agent, photo);
    expect(uploaded.status).toBe(201);
    const before = photos.requests.length;
    const again = await importUrl(t, agent, { url: uploaded.body.url });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, media: { id: uploaded.body.id } });
    // A URL of the same file signed a year ago (expired) is still ours; a forged signature is not.
    const signer = createMediaServices(t.config, TEST_SECRET).mediaUrls;
    const lastYear = signer.sign(
      String(uploaded.body.id),
      'original',
      new Date(Date.now() - 365 * 86_400_000),
    );
    const expired = await importUrl(t, agent, { url: lastYear.url });
    expect(expired.body).toMatchObject({ created: false, media: { id: uploaded.body.id } });
    const forged = new URL(lastYear.url);
    forged.searchParams.set('signature', 'forged');
    const refused = await importUrl(t, agent, { url: forged.href });
    expect(refused.status).toBe(422);
    expect(['fetch_refused', 'fetch_failed']).toContain(refused.body.code);
    const stranger = await registerUser(t.app, 'Stranger');
    const theirs = await importUrl(t, stranger, { url: uploaded.body.url });
    expect(theirs.status).toBe(422);
    expect(['fetch_refused', 'fetch_failed']).toContain(theirs.body.code);
    expect(photos.requests).toHaveLength(before);
  });

  it('when the URL is not http(s), then it is refused by validation', async () => {
    for (const url of ['ftp://example.com/a.jpg', 'file:///etc/passwd', 'gopher://127.0.0.1:70/']) {
      expect((await importUrl(t, agent, { url })).status, url).toBe(400);
    }
  });
});
