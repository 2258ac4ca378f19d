import { startListcast } from './runtime.js';

await startListcast({ api: true, workers: true });
