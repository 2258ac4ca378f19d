import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where the API listens in development (`npm run dev` starts both). */
const api = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
const serverPaths = [
  '/api',
  '/l/',
  '/sandbox/',
  '/media/',
  '/webhooks/',
  '/unsubscribe/',
  '/docs',
  '/openapi.json',
];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(serverPaths.map((path) => [path, { target: api, changeOrigin: false }])),
  },
});
