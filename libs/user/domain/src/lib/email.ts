import { DomainError, err, FieldError, ok, Result } from '@shop/shared-kernel';

/** An email address, normalised to lower case so uniqueness is case-insensitive. */
export class Email {
  private constructor(readonly value: string) {}

  // Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is
  // proven by the welcome email, not by a regex.
  private static readonly shape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

  static parse(raw: string): Result<Email> {
    const value = raw.trim().toLowerCase();
    if (value.length > 254 || !Email.shape.test(value)) {
      return err(invalidInput([{ field: 'email', message: 'must be a valid email address' }]));
    }
    return ok(new Email(value));
  }
}

export const invalidInput = (fields: readonly FieldError[]): DomainError =>
  DomainError.invalid('USER.INVALID_INPUT', fields);
