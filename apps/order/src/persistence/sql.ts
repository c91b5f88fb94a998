import type { DataSource, EntityManager } from 'typeorm';

export type Queryable = DataSource | EntityManager;

/**
 * Runs raw SQL and returns its rows. TypeORM's `query()` returns the rows for
 * SELECT/INSERT but `[rows, rowCount]` for UPDATE/DELETE; this hides the difference.
 * Raw SQL on purpose where the semantics are the lesson: `ON CONFLICT`, `FOR UPDATE`,
 * `SKIP LOCKED` read better as SQL than through a query builder.
 */
export async function rows<Row>(db: Queryable, text: string, params: unknown[] = []): Promise<Row[]> {
  const result: unknown = await db.query(text, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as Row[];
  }
  return result as Row[];
}

/** bigint columns arrive as strings; refuse anything that is not a safe integer. */
export function safeInteger(value: string | number): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`database value ${value} is not a safe integer`);
  return number;
}

export const UNIQUE_VIOLATION = '23505';
