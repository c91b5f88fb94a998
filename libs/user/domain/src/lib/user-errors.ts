import { DomainError } from '@shop/shared-kernel';

export const UserErrors = {
  emailTaken: () => new DomainError('USER.EMAIL_TAKEN', 'conflict', 'a user with this email already exists'),
  notFound: (id: string) => new DomainError('USER.NOT_FOUND', 'not_found', `user ${id} does not exist`),
  /**
   * One error for "no such email" and "wrong password": telling them apart would
   * let anyone enumerate registered emails. The kernel has no "unauthenticated"
   * kind, so the gRPC edge maps these codes to UNAUTHENTICATED itself
   * (UNAUTHENTICATED_CODES).
   */
  invalidCredentials: () =>
    new DomainError('USER.INVALID_CREDENTIALS', 'invalid', 'the email or password is wrong'),
  /** Unknown, spent, revoked or expired: the caller learns nothing about which. */
  invalidRefreshToken: () =>
    new DomainError(
      'USER.INVALID_REFRESH_TOKEN',
      'invalid',
      'the refresh token is invalid or expired; log in again',
    ),
  addressLimitReached: (limit: number) =>
    new DomainError(
      'USER.ADDRESS_LIMIT_REACHED',
      'precondition',
      `a user can keep at most ${limit} addresses`,
    ),
};

/** Codes that mean "prove who you are again" (gRPC UNAUTHENTICATED, HTTP 401). */
export const UNAUTHENTICATED_CODES: ReadonlySet<string> = new Set([
  'USER.INVALID_CREDENTIALS',
  'USER.INVALID_REFRESH_TOKEN',
]);
