import Fastify from 'fastify';

// The ceiling: a bare Fastify route answering a listings-sized JSON page, no auth, no database.
const page = {
  items: Array.from({ length: 20 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    address: {
      street: `${i} Harbor Lane`,
      unit: null,
      city: 'Portland',
      state: 'ME',
      postalCode: '04101',
      country: 'US',
    },
    price: 500_000 + i,
    beds: 3,
    baths: 2.5,
    propertyType: 'single_family',
    features: ['deck', 'garage'],
    status: 'active',
  })),
  nextCursor: 'abc',
};
const app = Fastify({ logger: { level: 'info' } });
app.get('/api/v1/listings', async () => page);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening at ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
