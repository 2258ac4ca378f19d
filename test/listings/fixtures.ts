import type { App } from '../../src/app.js';
import { memberships, type Role } from '../../src/db/schema.js';
import { registerUser, type Caller, type TestUser } from '../helpers/api.js';
import type { TestApp } from '../helpers/app.js';

/** A complete, valid listing body; override what a test is about. */
export const listingBody = (overrides: Record<string, unknown> = {}) => ({
  address: { street: '12 Oak Street', city: 'Springfield', state: 'IL', postalCode: '62701' },
  price: 450000,
  beds: 3,
  baths: 2.5,
  interiorSqft: 1850,
  lotSqft: 6000,
  yearBuilt: 1998,
  propertyType: 'single_family',
  features: ['Garage'],
  description: 'Bright family home near the park.',
  photos: ['https://photos.example.com/12-oak/front.jpg'],
  ...overrides,
});

/** A workspace owner plus a second user who joins that workspace with `role`. */
export async function teammate(t: TestApp, owner: TestUser, role: Role): Promise<Caller> {
  const user = await registerUser(t.app, `A ${role}`);
  await t.database.db
    .insert(memberships)
    .values({ workspaceId: owner.workspaceId, userId: user.userId, role });
  return { token: user.token, workspaceId: owner.workspaceId };
}

export const CSV_HEADER =
  'street,unit,city,state,postal_code,country,price,beds,baths,interior_sqft,lot_sqft,year_built,' +
  'property_type,features,description,photos,status,open_house_start,open_house_end';

/** One CSV line in CSV_HEADER's column order, for listing `n`; override cells by column name. */
export function csvLine(n: number, cells: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    street: `${n} Maple Avenue`,
    unit: '',
    city: 'Portland',
    state: 'OR',
    postal_code: '97201',
    country: 'US',
    price: String(300000 + n * 1000),
    beds: '3',
    baths: '2',
    interior_sqft: '1500',
    lot_sqft: '5000',
    year_built: '1990',
    property_type: 'single_family',
    features: 'Garage;Fireplace',
    description: `Listing ${n}`,
    photos: 'https://photos.example.com/a.jpg https://photos.example.com/b.jpg',
    status: 'active',
    open_house_start: '',
    open_house_end: '',
    ...cells,
  };
  return CSV_HEADER.split(',')
    .map((column) => values[column] ?? '')
    .join(',');
}

export const csvFile = (lines: string[]) => [CSV_HEADER, ...lines].join('\n') + '\n';

/** Uploads `content` as multipart/form-data, the way a browser form or `curl -F` would. */
export async function uploadCsv(
  app: App,
  as: Caller,
  content: string,
  options: { field?: string; filename?: string } = {},
) {
  const boundary = '----listcast-test-boundary-7MA4YWxkTrZu0gW';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\n` +
        `Content-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'listings.csv'}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers: Record<string, string> = {
    authorization: `Bearer ${as.token}`,
    'content-type': `multipart/form-data; boundary=${boundary}`,
  };
  if (as.workspaceId) headers['x-workspace-id'] = as.workspaceId;
  const response = await app.inject({ method: 'POST', url: '/api/v1/listings/import', headers, payload });
  return { status: response.statusCode, body: response.json() };
}
