import { describeFields, err, FieldError, ok, Result } from './result';

/** ISO 4217 alphabetic code: three upper-case letters (EUR, USD, JPY). */
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Thrown by arithmetic that would break an invariant: mixing currencies, leaving
 * the safe-integer range, going below zero, or trusting a value that is not
 * money. These are programming errors (the caller should have checked), so they
 * throw; untrusted input is validated with `Money.of`, which returns a Result.
 */
export class MoneyError extends Error {
  constructor(
    readonly code:
      | 'MONEY.CURRENCY_MISMATCH'
      | 'MONEY.OVERFLOW'
      | 'MONEY.NEGATIVE'
      | 'MONEY.INVALID_FACTOR'
      | 'MONEY.INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

/**
 * An amount of money as integer minor units (cents) and an ISO 4217 currency,
 * shared by every context that handles prices, totals or charges.
 *
 * Never a float: 0.1 + 0.2 !== 0.3, and prices must add up exactly. Every
 * result is checked to stay a safe integer (< 2^53, so it also survives JSON),
 * so an overflow is an error instead of a silently rounded total. Amounts are
 * never negative: prices, totals and charges are all >= 0 (a refund is its own
 * operation). What a context adds on top (a price ceiling, "a payment is at
 * least 1 minor unit", its error codes) stays in that context's domain.
 */
export class Money {
  private constructor(
    readonly amountMinor: number,
    readonly currency: string,
  ) {}

  /**
   * Validates untrusted input (a request, another service's reply, a stored
   * row). Every bad field is reported at once; `invalid` turns them into the
   * calling context's own failure (its error code: contexts own their codes).
   */
  static of<E>(
    amountMinor: number,
    currency: string,
    invalid: (problems: readonly FieldError[]) => E,
  ): Result<Money, E> {
    const problems = Money.problems(amountMinor, currency);
    return problems.length > 0 ? err(invalid(problems)) : ok(new Money(amountMinor, currency));
  }

  /** For values already validated (database rows, aggregate snapshots): throws instead of returning a Result. */
  static fromTrusted(amountMinor: number, currency: string): Money {
    const problems = Money.problems(amountMinor, currency);
    if (problems.length > 0) {
      throw new MoneyError(
        'MONEY.INVALID',
        `invalid money ${amountMinor} ${currency}: ${describeFields(problems)}`,
      );
    }
    return new Money(amountMinor, currency);
  }

  static zero(currency: string): Money {
    return Money.fromTrusted(0, currency);
  }

  /** Sum of amounts in one currency; an empty list is zero of that currency. */
  static sum(amounts: readonly Money[], currency: string): Money {
    return amounts.reduce((total, amount) => total.add(amount), Money.zero(currency));
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.checked(this.amountMinor + other.amountMinor, this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    const result = this.amountMinor - other.amountMinor;
    if (result < 0) {
      throw new MoneyError('MONEY.NEGATIVE', `${this} - ${other} would be negative`);
    }
    return new Money(result, this.currency);
  }

  /** Price x quantity. The factor is a non-negative integer: there is no fractional cent. */
  multiply(factor: number): Money {
    if (!Number.isSafeInteger(factor) || factor < 0) {
      throw new MoneyError('MONEY.INVALID_FACTOR', `cannot multiply money by ${factor}`);
    }
    return Money.checked(this.amountMinor * factor, this.currency);
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amountMinor === other.amountMinor;
  }

  /** Negative, zero or positive like a sort comparator; only within one currency. */
  compare(other: Money): number {
    this.assertSameCurrency(other);
    return this.amountMinor - other.amountMinor;
  }

  isZero(): boolean {
    return this.amountMinor === 0;
  }

  toJSON(): { amountMinor: number; currency: string } {
    return { amountMinor: this.amountMinor, currency: this.currency };
  }

  toString(): string {
    return `${this.amountMinor} ${this.currency} (minor units)`;
  }

  private static problems(amountMinor: number, currency: string): FieldError[] {
    const problems: FieldError[] = [];
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
      problems.push({
        field: 'amountMinor',
        message: 'must be a non-negative integer number of minor units',
      });
    }
    if (!CURRENCY.test(currency)) {
      problems.push({ field: 'currency', message: 'must be an ISO 4217 code of three upper-case letters' });
    }
    return problems;
  }

  private static checked(amountMinor: number, currency: string): Money {
    // The operands were safe integers; the exact result may not be (2^53 + 1 rounds).
    if (!Number.isSafeInteger(amountMinor)) {
      throw new MoneyError(
        'MONEY.OVERFLOW',
        `amount ${amountMinor} ${currency} leaves the safe-integer range`,
      );
    }
    return new Money(amountMinor, currency);
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new MoneyError(
        'MONEY.CURRENCY_MISMATCH',
        `cannot combine ${this.currency} with ${other.currency}; convert explicitly first`,
      );
    }
  }
}
