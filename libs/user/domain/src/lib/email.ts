import { DomainError, err, FieldError, ok, Result } from '@shop/shared-kernel';
import { regexes } from 'zod';

/** An email address, normalised to lower case so uniqueness is case-insensitive. */
export class Email {
  private constructor(readonly value: string) {}

  // The shape the published user.registered.v1 event promises its consumers (z.email()
  // in libs/contracts): the same pattern, so every address accepted here can be published.
  // It was looser (one @, no spaces, a dot in the domain): `tc{!nt'!@de.4mygyr8a.com` passed
  // here, then failed the event's schema inside the registration transaction, a 500 (found
  // by Schemathesis). Now it is a 400 naming the field. Deliverability is proven by the
  // welcome email, not by a regex.
  private static readonly shape = regexes.email;

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
