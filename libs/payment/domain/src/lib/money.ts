import { DomainError, err, ok, Result } from '@shop/shared-kernel';

const CURRENCY = /^[A-Z]{3}$/;

/**
 * An amount of money in integer minor units (cents) of an ISO 4217 currency.
 * Never a float: 0.1 + 0.2 is not 0.3, and a payment off by a cent is a bug
 * report. Amounts stay within Number.MAX_SAFE_INTEGER so they survive JSON.
 */
export class Money {
  private constructor(
    readonly amountMinor: number,
    readonly currency: string,
  ) {}

  static of(amountMinor: number, currency: string): Result<Money> {
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
      return err(invalidMoney('amountMinor', 'must be a non-negative integer number of minor units'));
    }
    if (!CURRENCY.test(currency)) {
      return err(invalidMoney('currency', 'must be an ISO 4217 code in upper case, e.g. EUR'));
    }
    return ok(new Money(amountMinor, currency));
  }

  get isZero(): boolean {
    return this.amountMinor === 0;
  }

  equals(other: Money): boolean {
    return this.amountMinor === other.amountMinor && this.currency === other.currency;
  }

  toJSON(): { amountMinor: number; currency: string } {
    return { amountMinor: this.amountMinor, currency: this.currency };
  }

  toString(): string {
    return `${this.amountMinor} ${this.currency} (minor units)`;
  }
}

const invalidMoney = (field: string, message: string): DomainError =>
  new DomainError('PAYMENT.INVALID_AMOUNT', 'invalid', `${field} ${message}`, [{ field, message }]);
