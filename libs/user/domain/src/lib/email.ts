import { DomainError, err, FieldError, ok, Result } from '@shop/shared-kernel';

/**
 * The shape the published user.registered.v1 event promises its consumers: the pattern of
 * z.email() in libs/contracts, copied because a domain depends on nothing but the shared kernel
 * (tools/architecture); append-user-registered.spec.ts fails if the two ever differ. It was
 * looser (one @, no spaces, a dot in the domain): `tc{!nt'!@de.4mygyr8a.com` passed here, then
 * failed the event's schema inside the registration transaction, a 500 (found by
 * Schemathesis). Now it is a 400 naming the field.
 */
/* eslint-disable no-useless-escape -- zod's source character for character (the spec compares them) */
export const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
/* eslint-enable no-useless-escape */

/** An email address, normalised to lower case so uniqueness is case-insensitive. */
export class Email {
  private constructor(readonly value: string) {}

  // Deliverability is proven by the welcome email, not by a regex.
  private static readonly shape = EMAIL_PATTERN;

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
