import { Money, MoneyError } from './money';
import type { FieldError } from './result';

const eur = (minor: number) => Money.fromTrusted(minor, 'EUR');
/** The calling context's failure, here just the fields, to see what Money reports. */
const fieldsOf = (problems: readonly FieldError[]) => problems;

describe('Money (integer minor units, one ISO 4217 currency)', () => {
  it('accepts integer minor units and an upper-case currency', () => {
    const money = Money.of(1999, 'EUR', fieldsOf);
    expect(money.ok && money.value.toJSON()).toEqual({ amountMinor: 1999, currency: 'EUR' });
  });

  it('adds, subtracts and multiplies exactly, where floats would not', () => {
    // 0.10 + 0.20 in floats is 0.30000000000000004; in cents it is 30.
    expect(eur(10).add(eur(20)).amountMinor).toBe(30);
    expect(eur(10).add(eur(20)).toJSON()).toEqual({ amountMinor: 30, currency: 'EUR' });
    expect(eur(1999).multiply(3).toJSON()).toEqual({ amountMinor: 5997, currency: 'EUR' });
    expect(eur(1999).multiply(0).amountMinor).toBe(0);
    expect(eur(500).subtract(eur(125)).amountMinor).toBe(375);
  });

  it('sums a list, and an empty list is zero of the given currency', () => {
    expect(Money.sum([eur(1), eur(2), eur(3)], 'EUR').amountMinor).toBe(6);
    expect(Money.sum([], 'USD').equals(Money.zero('USD'))).toBe(true);
    expect(Money.sum([], 'USD').toJSON()).toEqual({ amountMinor: 0, currency: 'USD' });
  });

  it('is immutable', () => {
    const price = eur(100);
    price.add(eur(1));
    expect(price.amountMinor).toBe(100);
  });

  it.each([
    [-1, 'EUR', 'amountMinor'],
    [1.5, 'EUR', 'amountMinor'],
    [19.99, 'EUR', 'amountMinor'],
    [Number.NaN, 'EUR', 'amountMinor'],
    [2 ** 53, 'EUR', 'amountMinor'],
    [100, 'eur', 'currency'],
    [100, 'EURO', 'currency'],
  ])('Money.of(%p, %p) fails naming the field %s', (amount, currency, field) => {
    const result = Money.of(amount, currency, fieldsOf);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.map((f) => f.field)).toEqual([field]);
  });

  it('reports every bad field at once, through the caller’s own failure', () => {
    const result = Money.of(-1, 'eu', (problems) => ({ code: 'CTX.INVALID', problems }));
    expect(!result.ok && result.error.code).toBe('CTX.INVALID');
    expect(!result.ok && result.error.problems.map((p) => p.field)).toEqual(['amountMinor', 'currency']);
  });

  it('refuses to trust a value that is not money', () => {
    expect(() => Money.fromTrusted(-1, 'EUR')).toThrow(expect.objectContaining({ code: 'MONEY.INVALID' }));
    expect(() => Money.zero('eur')).toThrow(MoneyError);
  });

  it('refuses to mix currencies', () => {
    const usd = Money.fromTrusted(100, 'USD');
    expect(() => eur(100).add(usd)).toThrow(MoneyError);
    expect(() => eur(100).compare(usd)).toThrow(/cannot combine EUR with USD/);
    expect(() => Money.sum([eur(1)], 'USD')).toThrow('cannot combine USD with EUR');
    expect(() => eur(100).add(usd)).toThrow(expect.objectContaining({ code: 'MONEY.CURRENCY_MISMATCH' }));
  });

  it('never goes negative', () => {
    expect(() => eur(1).subtract(eur(2))).toThrow(expect.objectContaining({ code: 'MONEY.NEGATIVE' }));
  });

  it('fails instead of rounding when a result leaves the safe-integer range', () => {
    const big = eur(Number.MAX_SAFE_INTEGER - 1);
    expect(big.add(eur(1)).amountMinor).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => big.add(eur(2))).toThrow(expect.objectContaining({ code: 'MONEY.OVERFLOW' }));
    expect(() => big.add(eur(2))).toThrow(MoneyError);
    expect(() => eur(2 ** 30).multiply(2 ** 30)).toThrow(expect.objectContaining({ code: 'MONEY.OVERFLOW' }));
    expect(() => eur(2 ** 40).multiply(2 ** 20)).toThrow(MoneyError);
  });

  it('multiplies only by non-negative integers', () => {
    expect(eur(10).multiply(0).isZero()).toBe(true);
    expect(() => eur(10).multiply(1.5)).toThrow(expect.objectContaining({ code: 'MONEY.INVALID_FACTOR' }));
    expect(() => eur(10).multiply(-1)).toThrow(expect.objectContaining({ code: 'MONEY.INVALID_FACTOR' }));
  });

  it('compares by amount and currency', () => {
    expect(eur(5).equals(eur(5))).toBe(true);
    expect(eur(5).equals(eur(6))).toBe(false);
    expect(eur(100).equals(Money.fromTrusted(100, 'USD'))).toBe(false);
    expect(Money.zero('EUR').equals(Money.zero('USD'))).toBe(false);
    expect(Money.zero('EUR').isZero()).toBe(true);
  });

  it('orders within a currency', () => {
    expect(Math.sign(eur(1).compare(eur(2)))).toBe(-1);
    expect(eur(2).compare(eur(2))).toBe(0);
  });
});
