import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { listingImports } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { importColumns } from './repository.js';
import type { Import } from './schemas.js';

export async function getImport(options: { db: Db; workspaceId: string; id: string }): Promise<Import> {
  const { db, workspaceId, id } = options;
  const [row] = await db
    .select(importColumns)
    .from(listingImports)
    .where(and(eq(listingImports.workspaceId, workspaceId), eq(listingImports.id, id)))
    .limit(1);
  if (!row) throw notFound('Import');
  return row;
}
