import { and, count, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { listingImports, listings, type RowError } from '../../db/schema.js';
import { parseListingCsv } from './csv.js';
import { insertListings } from './repository.js';
import { validateRows } from './validate-rows.js';

const isFinished = (status: string) => status === 'completed' || status === 'failed';

/**
 * Runs a queued import: validating (progress saved every `progressEvery` rows) → importing → completed,
 * or failed with row errors. Safe to run again after a crash or a duplicate delivery: a finished import
 * is left alone, and the insert and the `completed` mark commit together under a row lock, after
 * checking that no listing already carries this import's id.
 */
export async function runImport(options: { db: Db; importId: string; progressEvery?: number }) {
  const { db, importId } = options;
  const [stored] = await db
    .select({
      workspaceId: listingImports.workspaceId,
      status: listingImports.status,
      csv: listingImports.csv,
      createdBy: listingImports.createdBy,
    })
    .from(listingImports)
    .where(eq(listingImports.id, importId))
    .limit(1);
  if (!stored || isFinished(stored.status)) return;

  // Never touches a finished import: a stale duplicate run cannot reopen it.
  const update = async (values: Partial<typeof listingImports.$inferInsert>) => {
    await db
      .update(listingImports)
      .set(values)
      .where(
        and(eq(listingImports.id, importId), notInArray(listingImports.status, ['completed', 'failed'])),
      );
  };
  const fail = (errors: RowError[]) =>
    update({ status: 'failed', errors, csv: null, finishedAt: new Date() });

  if (stored.csv === null) return fail([{ line: 1, column: '', message: 'The uploaded file was lost' }]);
  await update({ status: 'validating', processedRows: 0 });
  const parsed = parseListingCsv(stored.csv);
  if (parsed.errors.length > 0) return fail(parsed.errors);
  const { inputs, errors, errorCount } = await validateRows(parsed.rows, {
    progressEvery: options.progressEvery ?? 200,
    onProgress: (processedRows) => update({ processedRows }),
  });
  const totalRows = parsed.rows.length;
  if (errorCount > 0) {
    await update({ processedRows: totalRows });
    return fail(errors);
  }
  await update({ status: 'importing', processedRows: totalRows });

  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: listingImports.status })
      .from(listingImports)
      .where(eq(listingImports.id, importId))
      .for('update');
    if (!current || isFinished(current.status)) return;
    const scope = and(eq(listings.workspaceId, stored.workspaceId), eq(listings.importId, importId));
    const [already] = await tx.select({ n: count() }).from(listings).where(scope);
    const importedRows = already?.n
      ? already.n
      : (
          await insertListings({
            tx,
            workspaceId: stored.workspaceId,
            userId: stored.createdBy,
            importId,
            inputs,
          })
        ).length;
    await tx
      .update(listingImports)
      .set({ status: 'completed', importedRows, csv: null, finishedAt: new Date() })
      .where(eq(listingImports.id, importId));
  });
}
