import type { Db } from '../../db/client.js';
import { listingImports, type RowError } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { parseListingCsv } from './csv.js';
import { importColumns, insertListings } from './repository.js';
import type { Import } from './schemas.js';
import { validateRows } from './validate-rows.js';

export const importInvalid = (errors: RowError[], errorCount: number) =>
  new AppError(
    'import_invalid',
    `The file has ${errorCount} problem${errorCount === 1 ? '' : 's'}` +
      (errorCount > errors.length ? ` (the first ${errors.length} are listed)` : '') +
      '; nothing was imported',
    { errors },
  );

/**
 * Imports a CSV of listings, all rows or none. A small file is validated and inserted now (201); a
 * larger one is stored and handed to the `listings.import` job in the same transaction (202), so an
 * accepted import is never lost and never queued twice. Structural problems (header, quoting) are
 * reported at once either way.
 */
export async function importListings(options: {
  db: Db;
  jobs: JobQueue;
  syncMaxRows: number;
  workspaceId: string;
  userId: string | null;
  filename: string | null;
  csv: string;
}): Promise<{ queued: boolean; import: Import }> {
  const { db, jobs, workspaceId, userId, filename, csv } = options;
  const parsed = parseListingCsv(csv);
  if (parsed.errors.length > 0) throw importInvalid(parsed.errors, parsed.errors.length);
  const totalRows = parsed.rows.length;

  if (totalRows > options.syncMaxRows) {
    return db.transaction(async (tx) => {
      const [queued] = await tx
        .insert(listingImports)
        .values({ workspaceId, status: 'queued', filename, csv, totalRows, createdBy: userId })
        .returning(importColumns);
      if (!queued) throw new Error('import not inserted');
      await jobs.enqueue('listings.import', { importId: queued.id }, { tx });
      return { queued: true, import: queued };
    });
  }

  const { inputs, errors, errorCount } = await validateRows(parsed.rows);
  if (errorCount > 0) throw importInvalid(errors, errorCount);
  return db.transaction(async (tx) => {
    const [completed] = await tx
      .insert(listingImports)
      .values({
        workspaceId,
        status: 'completed',
        filename,
        totalRows,
        processedRows: totalRows,
        importedRows: inputs.length,
        createdBy: userId,
        finishedAt: new Date(),
      })
      .returning(importColumns);
    if (!completed) throw new Error('import not inserted');
    await insertListings({ tx, workspaceId, userId, importId: completed.id, inputs });
    return { queued: false, import: completed };
  });
}
