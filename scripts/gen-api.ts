import { writeFile } from 'node:fs/promises';
import { apiTypesPath, generateApiTypes } from './openapi-spec.js';

/** Writes the dashboard's typed API from the app's routes (no running server needed). */
await writeFile(apiTypesPath, await generateApiTypes());
console.log(`wrote ${apiTypesPath}`);
