import { startListcast } from './runtime.js';

await startListcast({ api: false, workers: true });
