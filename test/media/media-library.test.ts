import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey } from '../../src/lib/crypto.js';
import { readMedia } from '../../src/modules/media/read-media.js';
import { saveMedia } from '../../src/modules/media/save-media.js';
import { createMediaUrls } from '../../src/modules/media/signed-urls.js';
import { createLocalDiskStorage } from '../../src/storage/local-disk.js';
import { call, registerUser, type TestUser } from '../helpers/api.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { sampleListing } from '../helpers/world.js';
import { addMember } from '../workspaces/helpers.js';
import { gpsJpeg, pngImage } from '../fakes/photo-server.js';
import { fetchSigned, PUBLIC_URL, tempDataDir, upload } from './helpers.js';

const UPLOAD_LIMIT = 512 * 1024;
let t: TestApp;
let owner: TestUser;
let dataDir: Awaited<ReturnType<typeof tempDataDir>>;

beforeAll(async () => {
  dataDir = await tempDataDir();
  t = await createTestApp(
    { DATA_DIR: dataDir.dir, PUBLIC_URL, UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT) },
    { workers: false },
  );
  owner = await registerUser(t.app, 'Media Owner');
});
afterAll(async () => {
  await t.close();
  await dataDir.remove();
});

describe('uploading images', () => {
  it('when a phone photo with a GPS location is uploaded, then the stored original has no location and derived sizes exist', async () => {
    const photo = await gpsJpeg(2000, 1000);
    expect((await sharp(photo).metadata()).exif?.toString('latin1')).toContain('PhoneCo');

    const { status, body } = await upload(t.app, owner, photo, { fields: { altText: 'Front porch' } });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      kind: 'upload',
      contentType: 'image/jpeg',
      width: 2000,
      height: 1000,
      altText: 'Front porch',
    });
    expect(body.url.startsWith(`${PUBLIC_URL}/media/${body.id}/original?`)).toBe(true);

    const original = await fetchSigned(t.app, body.url);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(Number(original.headers['content-length'])).toBe(original.rawPayload.length);
    expect(original.headers['cache-control']).toMatch(/max-age=\d+/);
    const stored = await sharp(original.rawPayload).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.xmp).toBeUndefined();
    expect(original.rawPayload.toString('latin1')).not.toContain('PhoneCo');

    const sizes = Object.fromEntries(
      body.variants.map((variant: { name: string; width: number }) => [variant.name, variant.width]),
    );
    expect(sizes).toEqual({ thumb: 320, large: 1440 });
    for (const variant of body.variants as { url: string; width: number; height: number }[]) {
      const file = await fetchSigned(t.app, variant.url);
      expect(file.statusCode).toBe(200);
      const metadata = await sharp(file.rawPayload).metadata();
      expect([metadata.format, metadata.width, metadata.height, metadata.exif]).toEqual([
        'jpeg',
        variant.width,
        variant.height,
        undefined,
      ]);
    }
  });

  it('when a PNG is named photo.jpg, then it is judged by content and kept as a PNG, never upscaled', async () => {
    const { status, body } = await upload(t.app, owner, await pngImage(600, 400), {
      filename: 'photo.jpg',
      type: 'image/jpeg',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ contentType: 'image/png', width: 600, height: 400 });
    const large = body.variants.find((variant: { name: string }) => variant.name === 'large');
    expect(large).toMatchObject({ width: 600, height: 400, contentType: 'image/jpeg' });
    const original = await fetchSigned(t.app, body.url);
    expect((await sharp(original.rawPayload).metadata()).format).toBe('png');
  });

  it('when a text file is named photo.jpg, then it is refused as unsupported media and nothing is stored', async () => {
    const before = await call(t.app, 'GET', '/api/v1/media?limit=100', { as: owner });
    const { status, body } = await upload(t.app, owner, 'Open house Saturday 1-4pm', {
      filename: 'photo.jpg',
    });
    expect(status).toBe(415);
    expect(body.code).toBe('unsupported_media');
    const after = await call(t.app, 'GET', '/api/v1/media?limit=100', { as: owner });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('when an image is larger than UPLOAD_LIMIT_BYTES, then it is refused with 413', async () => {
    const noise = await sharp(
      Buffer.alloc(900 * 900 * 3, 0).map(() => Math.floor(Math.random() * 256)),
      {
        raw: { width: 900, height: 900, channels: 3 },
      },
    )
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(UPLOAD_LIMIT);
    const { status, body } = await upload(t.app, owner, noise, { filename: 'big.png' });
    expect(status).toBe(413);
    expect(body.code).toBe('payload_too_large');
  });

  it('when the upload is not multipart, then it answers 415 unsupported_media_type', async () => {
    const response = await call(t.app, 'POST', '/api/v1/media', { as: owner, body: { url: 'x' } });
    expect(response.status).toBe(415);
  });
});

describe('signed URLs', () => {
  let item: { id: string; url: string };
  const urls = createMediaUrls({
    key: deriveKey(TEST_SECRET, 'media-url'),
    publicUrl: PUBLIC_URL,
    ttlSeconds: 86_400,
  });

  beforeAll(async () => {
    item = (await upload(t.app, owner, await pngImage(100, 100), { filename: 'logo.png' })).body;
  });

  it('when the URL is used without credentials, then the file is served until the URL expires', async () => {
    const response = await fetchSigned(t.app, item.url);
    expect(response.statusCode).toBe(200);
    const expires = Number(new URL(item.url).searchParams.get('expires'));
    expect(expires * 1000).toBeGreaterThanOrEqual(Date.now() + 86_400_000 - 5000);
  });

  it('when the signature, the expiry or the variant is changed, then the URL is refused with 403', async () => {
    const url = new URL(item.url);
    const signature = url.searchParams.get('signature') ?? '';
    const tampered = [
      // A different first character (the last one carries spare bits that decoding would ignore).
      item.url.replace(signature, `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`),
      item.url.replace(signature, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`),
      item.url.replace(/expires=(\d+)/, (_, value: string) => `expires=${Number(value) + 3600}`),
      item.url.replace('/original?', '/thumb?'),
      item.url.split('?')[0] ?? '',
    ];
    for (const candidate of tampered) {
      const response = await fetchSigned(t.app, candidate);
      expect(response.statusCode, candidate).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
  });

  it('when a genuine URL has expired, then it answers 410 gone', async () => {
    const old = urls.sign(item.id, 'original', new Date(Date.now() - 3 * 86_400_000));
    const response = await fetchSigned(t.app, old.url);
    expect(response.statusCode).toBe(410);
    expect(response.json().code).toBe('gone');
  });

  it('when the API lists media, then every URL is freshly signed and starts with PUBLIC_URL', async () => {
    const list = await call(t.app, 'GET', '/api/v1/media', { as: owner });
    expect(list.status).toBe(200);
    for (const media of list.body.items as { url: string; variants: { url: string }[] }[]) {
      for (const url of [media.url, ...media.variants.map((variant) => variant.url)]) {
        expect(url.startsWith(`${PUBLIC_URL}/media/`)).toBe(true);
        expect((await fetchSigned(t.app, url)).statusCode).toBe(200);
      }
    }
  });
});

describe('managing the library', () => {
  it('when items are listed, then newest come first, pages follow the cursor and filters apply', async () => {
    const person = await registerUser(t.app, 'Lister');
    const listing = await call(t.app, 'POST', '/api/v1/listings', { as: person, body: sampleListing() });
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const fields: Record<string, string> = index === 1 ? { listingId: listing.body.id } : {};
      ids.push((await upload(t.app, person, await pngImage(50 + index, 50), { fields })).body.id);
    }
    const first = await call(t.app, 'GET', '/api/v1/media?limit=2', { as: person });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await call(t.app, 'GET', `/api/v1/media?limit=2&cursor=${first.body.nextCursor}`, {
      as: person,
    });
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    const ofListing = await call(t.app, 'GET', `/api/v1/media?listingId=${listing.body.id}`, { as: person });
    expect(ofListing.body.items.map((item: { id: string }) => item.id)).toEqual([ids[1]]);
    const ofKind = await call(t.app, 'GET', '/api/v1/media?kind=url', { as: person });
    expect(ofKind.body.items).toEqual([]);
    const badCursor = await call(t.app, 'GET', '/api/v1/media?cursor=bm9wZQ', { as: person });
    expect(badCursor.status).toBe(400);
  });

  it('when alt text is changed and the item deleted, then the change shows and the files are gone', async () => {
    const created = (await upload(t.app, owner, await pngImage(80, 80))).body;
    const patched = await call(t.app, 'PATCH', `/api/v1/media/${created.id}`, {
      as: owner,
      body: { altText: 'Kitchen with island' },
    });
    expect(patched.body.altText).toBe('Kitchen with island');
    expect((await call(t.app, 'GET', `/api/v1/media/${created.id}`, { as: owner })).body.altText).toBe(
      'Kitchen with island',
    );
    const deleted = await call(t.app, 'DELETE', `/api/v1/media/${created.id}`, { as: owner });
    expect(deleted.status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/media/${created.id}`, { as: owner })).status).toBe(404);
    expect((await fetchSigned(t.app, created.url)).statusCode).toBe(404);
  });

  it('when a viewer tries to write, then reading works and writing is forbidden', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const item = (await upload(t.app, owner, await pngImage(40, 40))).body;
    expect((await call(t.app, 'GET', `/api/v1/media/${item.id}`, { as: viewer })).status).toBe(200);
    expect((await upload(t.app, viewer, await pngImage(40, 40))).status).toBe(403);
    expect(
      (await call(t.app, 'PATCH', `/api/v1/media/${item.id}`, { as: viewer, body: { altText: 'x' } })).status,
    ).toBe(403);
    expect((await call(t.app, 'DELETE', `/api/v1/media/${item.id}`, { as: viewer })).status).toBe(403);
  });

  it("when another workspace names an item's id, then every media route answers 404", async () => {
    const item = (await upload(t.app, owner, await pngImage(30, 30))).body;
    const stranger = await registerUser(t.app, 'Stranger');
    expect((await call(t.app, 'GET', `/api/v1/media/${item.id}`, { as: stranger })).status).toBe(404);
    expect(
      (await call(t.app, 'PATCH', `/api/v1/media/${item.id}`, { as: stranger, body: { altText: 'x' } }))
        .status,
    ).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/media/${item.id}`, { as: stranger })).status).toBe(404);
    const listing = await call(t.app, 'POST', '/api/v1/listings', { as: owner, body: sampleListing() });
    const attach = await upload(t.app, stranger, await pngImage(30, 30), {
      fields: { listingId: listing.body.id },
    });
    expect(attach.status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/media/${item.id}`, { as: owner })).status).toBe(200);
  });
});

describe('brand kit logo', () => {
  it('when a logo is set, then the kit shows a signed logo URL; cleared or deleted, it is gone', async () => {
    const person = await registerUser(t.app, 'Logo Agent');
    const logo = (await upload(t.app, person, await pngImage(200, 100), { filename: 'logo.png' })).body;
    const set = await call(t.app, 'PATCH', '/api/v1/brand-kit', {
      as: person,
      body: { logoMediaId: logo.id },
    });
    expect(set.status).toBe(200);
    expect(set.body.logoMediaId).toBe(logo.id);
    expect(set.body.logoUrl.startsWith(`${PUBLIC_URL}/media/${logo.id}/original?`)).toBe(true);
    const read = await call(t.app, 'GET', '/api/v1/brand-kit', { as: person });
    expect((await fetchSigned(t.app, read.body.logoUrl)).statusCode).toBe(200);

    const cleared = await call(t.app, 'PATCH', '/api/v1/brand-kit', {
      as: person,
      body: { logoMediaId: null },
    });
    expect(cleared.body).toMatchObject({ logoMediaId: null, logoUrl: null });

    await call(t.app, 'PATCH', '/api/v1/brand-kit', { as: person, body: { logoMediaId: logo.id } });
    await call(t.app, 'DELETE', `/api/v1/media/${logo.id}`, { as: person });
    const afterDelete = await call(t.app, 'GET', '/api/v1/brand-kit', { as: person });
    expect(afterDelete.body).toMatchObject({ logoMediaId: null, logoUrl: null });
  });

  it("when the logo is another workspace's image or no image, then the kit answers 404 and is unchanged", async () => {
    const person = await registerUser(t.app, 'Careful Agent');
    const foreign = (await upload(t.app, owner, await pngImage(20, 20))).body;
    for (const logoMediaId of [foreign.id, '00000000-0000-4000-8000-000000000000']) {
      const response = await call(t.app, 'PATCH', '/api/v1/brand-kit', { as: person, body: { logoMediaId } });
      expect(response.status).toBe(404);
    }
    expect((await call(t.app, 'GET', '/api/v1/brand-kit', { as: person })).body.logoMediaId).toBeNull();
  });
});

describe('saveMedia and readMedia for other modules', () => {
  it('when the creative studio stores a generated PDF and reads a photo, then both round-trip', async () => {
    const storage = createLocalDiskStorage({ root: join(dataDir.dir, 'media') });
    const urls = createMediaUrls({
      key: deriveKey(TEST_SECRET, 'media-url'),
      publicUrl: PUBLIC_URL,
      ttlSeconds: 3600,
    });
    const pdf = Buffer.from('%PDF-1.7\n% flyer\n%%EOF\n');
    const saved = await saveMedia({
      db: t.database.db,
      storage,
      urls,
      workspaceId: owner.workspaceId,
      userId: owner.userId,
      data: pdf,
      kind: 'creative',
      label: { event: 'open_house', format: 'flyer' },
      trustedContentType: 'application/pdf',
    });
    expect(saved).toMatchObject({ contentType: 'application/pdf', variants: [], label: { format: 'flyer' } });
    const served = await fetchSigned(t.app, saved.url);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.rawPayload.equals(pdf)).toBe(true);

    const photo = (await upload(t.app, owner, await gpsJpeg(800, 600))).body;
    const thumb = await readMedia({
      db: t.database.db,
      storage,
      workspaceId: owner.workspaceId,
      id: photo.id,
      variant: 'thumb',
    });
    expect(thumb.contentType).toBe('image/jpeg');
    expect((await sharp(thumb.data).metadata()).width).toBe(320);
    await expect(
      readMedia({ db: t.database.db, storage, workspaceId: saved.id, id: photo.id }),
    ).rejects.toMatchObject({ code: 'not_found' });

    const listed = await call(t.app, 'GET', '/api/v1/media?kind=creative', { as: owner });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([saved.id]);
  });
});
