import { QueryFailedError, type DataSource } from 'typeorm';
import { isUniqueViolation, rows, rowsOf, safeInteger, valuesPlaceholders } from './sql';

describe('sql helpers', () => {
  describe('valuesPlaceholders: the VALUES list of a multi-row INSERT', () => {
    it('numbers the parameters row after row', () => {
      expect(valuesPlaceholders(1, 3)).toBe('($1, $2, $3)');
      expect(valuesPlaceholders(3, 2)).toBe('($1, $2), ($3, $4), ($5, $6)');
    });

    it('refuses an empty list, which would be a syntax error', () => {
      expect(() => valuesPlaceholders(0, 2)).toThrow('at least one row');
      expect(() => valuesPlaceholders(2, 0)).toThrow('at least one row');
    });
  });

  describe('rowsOf / rows: one shape for both of TypeORM query() results', () => {
    it('passes SELECT/INSERT rows through', () => {
      expect(rowsOf([{ id: 1 }, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
      expect(rowsOf([])).toEqual([]);
    });

    it('unwraps the [rows, rowCount] of UPDATE/DELETE', () => {
      expect(rowsOf([[{ id: 'a' }], 1])).toEqual([{ id: 'a' }]);
      expect(rowsOf([[], 0])).toEqual([]);
    });

    it('keeps a two-row SELECT whose second row is not a count', () => {
      expect(rowsOf([[1], [2]])).toEqual([[1], [2]]);
    });

    it('runs the SQL with its parameters', async () => {
      const query = jest.fn().mockResolvedValue([[{ id: 'x' }], 1]);
      const db = { query } as unknown as DataSource;
      await expect(rows(db, 'UPDATE t SET a = $1 RETURNING id', [1])).resolves.toEqual([{ id: 'x' }]);
      await rows(db, 'SELECT 1');
      expect(query.mock.calls).toEqual([
        ['UPDATE t SET a = $1 RETURNING id', [1]],
        ['SELECT 1', []],
      ]);
    });
  });

  describe('safeInteger (bigint columns arrive as strings)', () => {
    it('accepts safe integers as numbers or strings', () => {
      expect(safeInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
      expect(safeInteger(42)).toBe(42);
    });

    it.each(['9007199254740992', '1.5', 'abc', Number.NaN])('refuses %p', (value) => {
      expect(() => safeInteger(value)).toThrow(/not a safe integer/);
    });
  });

  describe('isUniqueViolation', () => {
    const failure = (code: string) =>
      new QueryFailedError('INSERT ...', [], Object.assign(new Error('driver'), { code }));

    it('recognises SQLSTATE 23505 only', () => {
      expect(isUniqueViolation(failure('23505'))).toBe(true);
      expect(isUniqueViolation(failure('23503'))).toBe(false);
      expect(isUniqueViolation(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
      expect(isUniqueViolation(undefined)).toBe(false);
    });
  });
});
