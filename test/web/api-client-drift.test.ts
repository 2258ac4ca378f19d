import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiTypesPath, generateApiTypes } from '../../scripts/openapi-spec.js';

describe("the dashboard's typed API client", () => {
  it('when the API types are generated from the routes, then they equal the committed web/src/api/schema.d.ts (run `npm run gen:api` after changing a route)', async () => {
    const committed = await readFile(apiTypesPath, 'utf8');
    expect(await generateApiTypes()).toBe(committed);
  });

  it('when schemas are named for the OpenAPI document, then no two share a name (the second would silently replace the first)', async () => {
    const ids = new Map<string, string[]>();
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.ts')) {
          for (const found of (await readFile(path, 'utf8')).matchAll(/\.meta\(\{\s*id:\s*'([^']+)'/g)) {
            ids.set(found[1]!, [...(ids.get(found[1]!) ?? []), path]);
          }
        }
      }
    };
    await walk(join(import.meta.dirname, '..', '..', 'src'));
    const duplicates = [...ids].filter(([, files]) => files.length > 1);
    expect(duplicates).toEqual([]);
  });
});
