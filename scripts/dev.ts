import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'vite';

/**
 * Development: the API (restarted when its code changes, `node --watch`) and Vite's dev server for the
 * dashboard (hot reload), which proxies API paths to it. Open the URL Vite prints.
 */
const root = join(import.meta.dirname, '..');
const api = spawn(process.execPath, ['--watch', '--import', 'tsx', 'src/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
const vite = await createServer({ configFile: join(root, 'web', 'vite.config.ts') });
await vite.listen();
vite.printUrls();

const stop = () => {
  api.kill('SIGTERM');
  void vite.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
api.once('exit', (code) => {
  if (code !== null && code !== 0) console.error(`the API exited with ${code}`);
});
