import { characterCount, err, FieldError, ISO_3166_ALPHA2, ok, Result } from '@shop/shared-kernel';
import { invalidInput } from './email';
import { UserErrors } from './user-errors';

/** A user keeps a bounded number of addresses: every list the API returns stays small. */
export const MAX_ADDRESSES_PER_USER = 10;
export const ADDRESS_LINE_MAX_LENGTH = 100;
export const CITY_MAX_LENGTH = 100;
export const POSTAL_CODE_MAX_LENGTH = 16;

export interface AddressInput {
  readonly line1: string;
  readonly line2: string;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface AddressSnapshot extends AddressInput {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
}

const POSTAL_CODE_SHAPE = /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/;

/** A postal address of a user. Validation reports every invalid field at once. */
export const Address = {
  validate(input: AddressInput): Result<AddressInput> {
    const value: AddressInput = {
      line1: input.line1.trim(),
      line2: input.line2.trim(),
      city: input.city.trim(),
      postalCode: input.postalCode.trim(),
      country: input.country.trim().toUpperCase(),
    };
    const problems: FieldError[] = [];
    const length = (field: string, text: string, min: number, max: number) => {
      if (characterCount(text) < min || characterCount(text) > max) {
        problems.push({
          field,
          message: min > 0 ? `must be 1-${max} characters` : `must be at most ${max} characters`,
        });
      }
    };
    length('line1', value.line1, 1, ADDRESS_LINE_MAX_LENGTH);
    length('line2', value.line2, 0, ADDRESS_LINE_MAX_LENGTH);
    length('city', value.city, 1, CITY_MAX_LENGTH);
    if (
      characterCount(value.postalCode) > POSTAL_CODE_MAX_LENGTH ||
      !POSTAL_CODE_SHAPE.test(value.postalCode)
    ) {
      problems.push({
        field: 'postalCode',
        message: `must be 1-${POSTAL_CODE_MAX_LENGTH} letters, digits, spaces or hyphens`,
      });
    }
    if (!ISO_3166_ALPHA2.has(value.country)) {
      problems.push({ field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code, e.g. DE' });
    }
    return problems.length > 0 ? err(invalidInput(problems)) : ok(value);
  },

  /** The bound is checked against a count read under the user's row lock (no race). */
  checkLimit(existing: number): Result<void> {
    return existing >= MAX_ADDRESSES_PER_USER
      ? err(UserErrors.addressLimitReached(MAX_ADDRESSES_PER_USER))
      : ok(undefined);
  },
};
