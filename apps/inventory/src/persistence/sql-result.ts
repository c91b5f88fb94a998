/**
 * Rows of a raw query. TypeORM's `query()` returns the rows for SELECT/INSERT
 * but `[rows, rowCount]` for UPDATE/DELETE; this accepts both.
 */
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

/** bigint columns arrive as strings; refuse anything that is not a safe integer. */
export function safeInteger(value: string | number): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`database value ${value} is not a safe integer`);
  return number;
}
