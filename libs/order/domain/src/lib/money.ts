import { DomainError, err, ok, Result } from '@shop/shared-kernel';

const CURRENCY = /^[A-Z]{3}$/;

/** Thrown on arithmetic that would mix currencies or leave the safe-integer range: a bug, not a user error. */
export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

/**
 * An amount in integer minor units (cents) of one ISO 4217 currency. Never a
 * float: 0.1 + 0.2 !== 0.3, and rounding errors in totals are real money.
 * Amounts are JavaScript safe integers (< 2^53), far beyond any order total, and
 * every operation checks it stays there instead of silently losing precision.
 */
export class Money {
  private constructor(
    readonly amountMinor: number,
    readonly currency: string,
  ) {}

  /** Validates untrusted input (a price from another service, a stored row). */
  static of(amountMinor: number, currency: string): Result<Money> {
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
      return err(invalidMoney(`amount must be a non-negative integer of minor units, got ${amountMinor}`));
    }
    if (!CURRENCY.test(currency)) {
      return err(invalidMoney(`currency must be an ISO 4217 code like EUR, got "${currency}"`));
    }
    return ok(new Money(amountMinor, currency));
  }

  static zero(currency: string): Money {
    const money = Money.of(0, currency);
    if (!money.ok) throw new MoneyError(money.error.message);
    return money.value;
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return this.checked(this.amountMinor + other.amountMinor);
  }

  /** Unit price x quantity. */
  times(quantity: number): Money {
    if (!Number.isSafeInteger(quantity) || quantity < 0) {
      throw new MoneyError(`quantity must be a non-negative integer, got ${quantity}`);
    }
    return this.checked(this.amountMinor * quantity);
  }

  /** Sum of amounts that must all share `currency` (the currency of an empty sum). */
  static sum(amounts: readonly Money[], currency: string): Money {
    return amounts.reduce((total, amount) => total.add(amount), Money.zero(currency));
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amountMinor === other.amountMinor;
  }

  toJSON(): { amountMinor: number; currency: string } {
    return { amountMinor: this.amountMinor, currency: this.currency };
  }

  toString(): string {
    return `${this.amountMinor} ${this.currency} (minor units)`;
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new MoneyError(`cannot combine ${this.currency} with ${other.currency}`);
    }
  }

  private checked(amountMinor: number): Money {
    if (!Number.isSafeInteger(amountMinor)) {
      throw new MoneyError(`amount ${amountMinor} ${this.currency} exceeds the safe integer range`);
    }
    return new Money(amountMinor, this.currency);
  }
}

const invalidMoney = (message: string) => new DomainError('ORDER.INVALID_MONEY', 'invalid', message);
