import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureDashboardBuilt } from '../scripts/ensure-web-build.js';

/**
 * The dashboard's initial JavaScript: what index.html loads eagerly (the entry script and the chunks it
 * modulepreloads), gzipped at level 9 as a server would send it. Screens are lazy chunks, not counted.
 * Budget (issue 8): ≤ 250 KB gzipped.
 */
const BUDGET_KB = 250;
const dist = join(import.meta.dirname, '..', 'web', 'dist');
await ensureDashboardBuilt({ quiet: true });
const html = await readFile(join(dist, 'index.html'), 'utf8');
const eager = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((m) => m[1]!);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g)].map((m) => m[1]!);

const size = async (path: string) => {
  const data = await readFile(join(dist, path));
  return { path, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
};
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const js = await Promise.all([...new Set(eager)].map(size));
const styles = await Promise.all(css.map(size));
for (const file of [...js, ...styles])
  console.log(`${file.path}\t${kb(file.raw)} KB\t${kb(file.gzip)} KB gzip`);
const total = js.reduce((sum, f) => sum + f.gzip, 0);
console.log(`initial JS: ${kb(total)} KB gzipped (${js.length} files; budget ${BUDGET_KB} KB)`);
console.log(`initial CSS: ${kb(styles.reduce((sum, f) => sum + f.gzip, 0))} KB gzipped`);
if (total > BUDGET_KB * 1024) process.exitCode = 1;
