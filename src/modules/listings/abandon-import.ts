import { and, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { listingImports } from '../../db/schema.js';

/**
 * Marks an import failed after its job gave up (every retry failed, e.g. the database kept refusing).
 * Nothing of it was imported: listings and the `completed` mark commit together. A finished import is
 * left as it is.
 */
export async function abandonImport(options: { db: Db; importId: string }) {
  await options.db
    .update(listingImports)
    .set({
      status: 'failed',
      csv: null,
      finishedAt: new Date(),
      errors: [
        {
          line: 0,
          column: '',
          message:
            'The import could not be completed after several attempts; nothing was imported. Upload the file again.',
        },
      ],
    })
    .where(
      and(
        eq(listingImports.id, options.importId),
        notInArray(listingImports.status, ['completed', 'failed']),
      ),
    );
}
