// Ad-hoc CPU profile of one route under load: `DBURL=... P=/api/v1/listings?limit=20 tsx bench/profile.ts`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { load, post } from './lib.js';

const url = 'http://127.0.0.1:3999';
const child = spawn(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--import', 'tsx', 'src/main.ts'],
  {
    env: {
      PATH: process.env.PATH,
      PORT: '3999',
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      DATA_DIR: '/tmp/profdata',
      DATABASE_URL: process.env.DBURL ?? '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
while ((await fetch(`${url}/ready`).catch(() => null))?.status !== 200) await delay(50);
const session = await post(`${url}/api/v1/auth/register`, {
  email: `p${Date.now()}@ex.com`,
  password: 'benchmark password',
  name: 'P',
});
const token = String(session.accessToken);
for (let i = 0; i < 40; i++) {
  await post(
    `${url}/api/v1/listings`,
    {
      address: { street: `${i} Harbor`, city: 'P', state: 'ME', postalCode: '04101' },
      price: 1000 + i,
      propertyType: 'condo',
      features: ['deck', 'garage'],
      description: 'Bright colonial near the harbor.',
    },
    token,
  );
}
console.log(
  await load(`${url}${process.env.P ?? '/api/v1/listings?limit=20'}`, { authorization: `Bearer ${token}` }),
);
child.kill('SIGINT');
await once(child, 'close');
