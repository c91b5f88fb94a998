import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/** Where raw SQL runs: the pool, or the caller's transaction. */
export type Queryable = DataSource | EntityManager;

/**
 * Runs raw SQL and returns its rows. TypeORM's `query()` returns the rows for
 * SELECT/INSERT but `[rows, rowCount]` for UPDATE/DELETE; this hides the difference.
 * Raw SQL on purpose where the semantics are the lesson: `ON CONFLICT`, `FOR UPDATE`,
 * `SKIP LOCKED` read better as SQL than through a query builder.
 */
export async function rows<Row>(db: Queryable, text: string, params: unknown[] = []): Promise<Row[]> {
  return rowsOf<Row>(await db.query(text, params));
}

/** The rows of a `query()` result, whichever of its two shapes it has. */
export function rowsOf<Row>(result: unknown): Row[] {
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

/**
 * `($1, $2), ($3, $4)`: the VALUES list of a multi-row INSERT of `rowCount` rows
 * of `columnCount` parameters each, for parameters passed row after row. One
 * statement instead of one per row: each statement is a round trip.
 */
export function valuesPlaceholders(rowCount: number, columnCount: number): string {
  if (rowCount < 1 || columnCount < 1) throw new Error('a VALUES list needs at least one row and one column');
  return Array.from({ length: rowCount }, (_, row) => {
    const params = Array.from({ length: columnCount }, (__, column) => `$${row * columnCount + column + 1}`);
    return `(${params.join(', ')})`;
  }).join(', ');
}

/** bigint columns arrive as strings; refuse anything that is not a safe integer. */
export function safeInteger(value: string | number): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`database value ${value} is not a safe integer`);
  return number;
}

/** SQLSTATE of a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

/**
 * True when a query failed on a unique constraint: an INSERT that lost a race
 * (or repeated one) is an expected outcome to map, not a crash.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION
  );
}
