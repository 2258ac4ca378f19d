import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listingImports } from '../../src/db/schema.js';
import { runImport } from '../../src/modules/listings/run-import.js';
import { call, registerUser, type Caller } from '../helpers/api.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CSV_HEADER, csvFile, csvLine, teammate, uploadCsv } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  // Files over five rows go to the background job; uploads over 8 KiB are refused.
  t = await createTestApp({ IMPORT_SYNC_MAX_ROWS: '5', UPLOAD_LIMIT_BYTES: '8192' });
});
afterAll(() => t.close());

const countListings = async (as: Caller) =>
  (await call(t.app, 'GET', '/api/v1/listings?limit=100', { as })).body.items.length as number;

/** Waits for the job queued for an import (never sleeps), then returns the import as a client polls it. */
async function settledImport(as: Caller, importId: string) {
  const { rows } = await t.database.executeSql(
    `select id from pgboss.job where name = 'listings.import' and data->>'importId' = $1`,
    [importId],
  );
  expect(rows).toHaveLength(1);
  await t.jobs.settled(String(rows[0]!.id));
  const polled = await call(t.app, 'GET', `/api/v1/listings/imports/${importId}`, { as });
  expect(polled.status).toBe(200);
  return polled.body.import;
}

describe('importing a small CSV file', () => {
  it('when every row is valid, then all rows are imported at once with their fields parsed', async () => {
    const agent = await registerUser(t.app);
    const csv = csvFile([
      csvLine(1, {
        unit: '4B',
        price: '"$450,000"',
        baths: '2.5',
        features: 'Pool; Garage ;pool',
        photos:
          'https://photos.example.com/1.jpg;https://photos.example.com/2.jpg https://photos.example.com/3.jpg',
        open_house_start: '2030-05-04T13:00:00-07:00',
        open_house_end: '2030-05-04T16:00:00-07:00',
        description: '"Sunny, quiet ""corner"" lot\nwith a view"',
      }),
      csvLine(2, { status: '', country: '', beds: '', year_built: '' }),
      csvLine(3, { property_type: 'condo', status: 'coming_soon' }),
    ]);
    const response = await uploadCsv(t.app, agent, csv, { filename: 'spring.csv' });
    expect(response.status).toBe(201);
    expect(response.body.import).toMatchObject({
      status: 'completed',
      filename: 'spring.csv',
      totalRows: 3,
      processedRows: 3,
      importedRows: 3,
      errors: [],
      finishedAt: expect.any(String),
    });

    const list = await call(t.app, 'GET', '/api/v1/listings?sort=price', { as: agent });
    expect(list.body.items).toHaveLength(3);
    const [second, third, first] = list.body.items;
    expect(first).toMatchObject({
      address: { street: '1 Maple Avenue', unit: '4B', postalCode: '97201', country: 'US' },
      price: 450000,
      baths: 2.5,
      features: ['Pool', 'Garage'],
      photos: [
        'https://photos.example.com/1.jpg',
        'https://photos.example.com/2.jpg',
        'https://photos.example.com/3.jpg',
      ],
      openHouses: [{ start: '2030-05-04T13:00:00-07:00', end: '2030-05-04T16:00:00-07:00' }],
      description: 'Sunny, quiet "corner" lot\nwith a view',
    });
    expect(second).toMatchObject({
      status: 'active',
      beds: null,
      yearBuilt: null,
      address: { country: 'US' },
    });
    expect(third).toMatchObject({ propertyType: 'condo', status: 'coming_soon' });

    const detail = await call(t.app, 'GET', `/api/v1/listings/${first.id}`, { as: agent });
    expect(detail.body.statusHistory).toEqual([expect.objectContaining({ from: null, to: 'active' })]);
    expect(detail.body.priceHistory).toEqual([expect.objectContaining({ oldPrice: null, newPrice: 450000 })]);
  });

  it('when some rows are invalid, then the answer is 422 with line and column of each problem, and nothing is imported', async () => {
    const agent = await registerUser(t.app);
    await uploadCsv(t.app, agent, csvFile([csvLine(1)]));
    const before = await countListings(agent);
    const csv = csvFile([
      csvLine(2, { description: '"two\nlines"' }), // lines 2-3
      csvLine(3, { price: 'a lot' }), // line 4
      csvLine(4), // line 5
      csvLine(5, { street: '', baths: '2.25', photos: 'ftp://photos.example.com/x.jpg' }), // line 6
      csvLine(6, { open_house_start: '2030-05-04T13:00:00Z' }), // line 7
    ]);
    const response = await uploadCsv(t.app, agent, csv);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('import_invalid');
    expect(response.body.message).toContain('nothing was imported');
    const problems = response.body.details.errors.map((e: { line: number; column: string }) => [
      e.line,
      e.column,
    ]);
    expect(problems).toEqual([
      [4, 'price'],
      [6, 'street'],
      [6, 'baths'],
      [6, 'photos'],
      [7, 'open_house_end'],
    ]);
    for (const error of response.body.details.errors) expect(error.message).toEqual(expect.any(String));
    expect(await countListings(agent)).toBe(before);
  });

  it('when the header is wrong or there are no data rows, then the answer is 422 pointing at it', async () => {
    const agent = await registerUser(t.app);
    const unknown = await uploadCsv(t.app, agent, `${CSV_HEADER},colour\n${csvLine(1)},red\n`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.details.errors).toEqual([{ line: 1, column: 'colour', message: 'unknown column' }]);

    const missing = await uploadCsv(t.app, agent, 'street,city,state,postal_code\n1 Elm St,Bend,OR,97701\n');
    expect(missing.status).toBe(422);
    expect(missing.body.details.errors.map((e: { column: string }) => e.column)).toEqual([
      'price',
      'property_type',
    ]);

    for (const content of ['', `${CSV_HEADER}\n`, `${CSV_HEADER}\n,,,,,,,,,,,,,,,,,,\n\n`]) {
      const empty = await uploadCsv(t.app, agent, content);
      expect(empty.status).toBe(422);
      expect(empty.body.code).toBe('import_invalid');
    }

    const ragged = await uploadCsv(t.app, agent, csvFile([csvLine(1), '2 Elm St,Bend']));
    expect(ragged.status).toBe(422);
    expect(ragged.body.details.errors).toEqual([expect.objectContaining({ line: 3, column: '' })]);
    expect(await countListings(agent)).toBe(0);
  });

  it('when the request is not a multipart upload of `file`, or too large, then it is refused with a code', async () => {
    const agent = await registerUser(t.app);
    const json = await call(t.app, 'POST', '/api/v1/listings/import', { as: agent, body: { csv: 'x' } });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('unsupported_media_type');

    const wrongField = await uploadCsv(t.app, agent, csvFile([csvLine(1)]), { field: 'upload' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.code).toBe('bad_request');

    const lines = Array.from({ length: 80 }, (_, n) => csvLine(n));
    const tooLarge = await uploadCsv(t.app, agent, csvFile(lines));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('payload_too_large');
    expect(await countListings(agent)).toBe(0);
  });

  it('when a viewer uploads, then 403; another workspace cannot read the import', async () => {
    const owner = await registerUser(t.app);
    const viewer = await teammate(t, owner, 'viewer');
    expect((await uploadCsv(t.app, viewer, csvFile([csvLine(1)]))).status).toBe(403);

    const imported = await uploadCsv(t.app, owner, csvFile([csvLine(1)]));
    const url = `/api/v1/listings/imports/${imported.body.import.id}`;
    expect((await call(t.app, 'GET', url, { as: viewer })).status).toBe(200);
    const stranger = await registerUser(t.app);
    const foreign = await call(t.app, 'GET', url, { as: stranger });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');
  });
});

describe('importing a large CSV file in the background', () => {
  it('when the file has more rows than the synchronous limit, then it is queued and later completes with every row', async () => {
    const agent = await registerUser(t.app);
    const lines = Array.from({ length: 12 }, (_, n) => csvLine(n + 1));
    const response = await uploadCsv(t.app, agent, csvFile(lines), { filename: 'big.csv' });
    expect(response.status).toBe(202);
    expect(response.body.import).toMatchObject({ status: 'queued', totalRows: 12, importedRows: 0 });

    const done = await settledImport(agent, response.body.import.id);
    expect(done).toMatchObject({
      status: 'completed',
      filename: 'big.csv',
      totalRows: 12,
      processedRows: 12,
      importedRows: 12,
      errors: [],
    });
    expect(await countListings(agent)).toBe(12);
    // The stored file is dropped once the import is finished.
    const [stored] = await t.database.db
      .select({ csv: listingImports.csv })
      .from(listingImports)
      .where(eq(listingImports.id, done.id));
    expect(stored?.csv).toBeNull();
  });

  it('when a large file has bad rows, then the import fails with their errors and nothing is imported', async () => {
    const agent = await registerUser(t.app);
    const lines = Array.from({ length: 10 }, (_, n) =>
      csvLine(n + 1, n === 3 ? { beds: 'three' } : n === 8 ? { property_type: 'castle' } : {}),
    );
    const response = await uploadCsv(t.app, agent, csvFile(lines));
    expect(response.status).toBe(202);

    const failed = await settledImport(agent, response.body.import.id);
    expect(failed.status).toBe('failed');
    expect(failed.importedRows).toBe(0);
    expect(failed.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [5, 'beds'],
      [10, 'property_type'],
    ]);
    expect(await countListings(agent)).toBe(0);
  });

  it('when the job runs again after completing, or after a crash before marking it, then no listing is duplicated', async () => {
    const agent = await registerUser(t.app);
    const lines = Array.from({ length: 7 }, (_, n) => csvLine(n + 1));
    const response = await uploadCsv(t.app, agent, csvFile(lines));
    const importId = response.body.import.id as string;
    await settledImport(agent, importId);

    await runImport({ db: t.database.db, importId });
    expect(await countListings(agent)).toBe(7);

    // Pretend the worker died after the insert but before the import was marked done.
    await t.database.db
      .update(listingImports)
      .set({ status: 'importing', csv: csvFile(lines) })
      .where(eq(listingImports.id, importId));
    await runImport({ db: t.database.db, importId });
    expect(await countListings(agent)).toBe(7);
    const polled = await call(t.app, 'GET', `/api/v1/listings/imports/${importId}`, { as: agent });
    expect(polled.body.import).toMatchObject({ status: 'completed', importedRows: 7 });
  });
});
