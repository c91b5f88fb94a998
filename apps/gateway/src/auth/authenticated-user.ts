import type { AccessTokenRole } from '@shop/contracts';

export type Role = AccessTokenRole;

/** The caller of a request, from a verified access token. */
export interface AuthenticatedUser {
  userId: string;
  email: string;
  /** Cumulative: an admin also has `customer`. */
  roles: Role[];
}

/** Where the guard puts the caller on the (Fastify) request, as Passport does. */
export interface RequestWithUser {
  user?: AuthenticatedUser;
}

/** The authenticated caller of a request, for code that has the raw request (interceptors, hooks after the guard). */
export const authenticatedUserOf = (request: unknown): AuthenticatedUser | undefined =>
  (request as RequestWithUser).user;
