import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

/**
 * Builds the dashboard into web/dist when it is missing or older than its sources, so `npm install` (and
 * `npm ci`), `npm start` and the browser tests always serve the current dashboard without a manual step.
 */
const web = join(import.meta.dirname, '..', 'web');
const built = join(web, 'dist', 'index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function dashboardIsStale(): boolean {
  if (!existsSync(built)) return true;
  const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts')];
  return Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
}

export async function ensureDashboardBuilt(options: { quiet?: boolean } = {}) {
  if (!dashboardIsStale()) return;
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
}

if (process.argv[1] === import.meta.filename) await ensureDashboardBuilt();
