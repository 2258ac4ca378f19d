import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

/**
 * Inserts many rows as one JSON parameter that PostgreSQL reads with `jsonb_to_recordset`. Drizzle's
 * own multi-row insert renders every value as a parameter — thousands for a batch of a hundred rows —
 * and building that costs the process more than the insert costs the database. Columns are the keys
 * the rows give (a column no row gives keeps its default; a key a row leaves out is null there), typed
 * from the table's definition. `suffix` is SQL after the select (`on conflict …`, `returning …`); the
 * rows returned are the database's, with its column names.
 */
export async function insertJsonRows<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: Partial<T['$inferInsert']>[],
  suffix: SQL = sql``,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((row) => (row as Record<string, unknown>)[key] !== undefined),
  );
  const names = columns.map(([, column]) => `"${column.name}"`).join(', ');
  const types = columns.map(([, column]) => `"${column.name}" ${column.getSQLType()}`).join(', ');
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(
        columns.map(([key, column]) => [column.name, (row as Record<string, unknown>)[key] ?? null]),
      ),
    ),
  );
  const result = await tx.execute(sql`
    insert into ${sql.identifier(getTableName(table))} (${sql.raw(names)})
    select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as v(${sql.raw(types)})
    ${suffix}`);
  // node-postgres and PGlite both answer with `{ rows }`.
  return (result as { rows: Record<string, unknown>[] }).rows;
}
