import Fastify from 'fastify';

// The ceiling: a bare Fastify route answering the same JSON page as the listings API (same fields and
// size), with request logging on, but no auth, no database and no validation.
const page = {
  items: Array.from({ length: 20 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    price: 400_000 + i * 1000,
    beds: 3,
    baths: 2.5,
    interiorSqft: 1850,
    lotSqft: null,
    yearBuilt: null,
    propertyType: 'single_family',
    features: ['deck', 'two-car garage', 'renovated kitchen'],
    description: 'Bright colonial near the harbor with a renovated kitchen and a deep back yard.',
    photos: ['https://example.com/photo-1.jpg'],
    status: 'active',
    openHouses: [],
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    address: {
      street: `${i} Harbor Lane`,
      unit: null,
      city: 'Portland',
      state: 'ME',
      postalCode: '04101',
      country: 'US',
    },
  })),
  nextCursor:
    'eyJzIjoiLWNyZWF0ZWRBdCIsInYiOiIyMDI2LTExLTIyVDIxOjIxOjIxLjM1MFoiLCJpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwIn0',
};
const app = Fastify({ logger: { level: 'info' } });
app.get('/api/v1/listings', async () => page);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening at ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
