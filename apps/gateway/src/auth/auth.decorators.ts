import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { authenticatedUserOf, type AuthenticatedUser, type Role } from './authenticated-user';

export const IS_PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/**
 * Opts a route (or a whole controller) out of authentication. Everything else
 * requires a valid access token: secure by default, so a new route someone
 * forgets to annotate is closed, not open.
 */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** The caller needs at least one of these roles, else 403 AUTH.FORBIDDEN. Implies authentication. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The authenticated caller: `me(@CurrentUser() user: AuthenticatedUser)`.
 * On a @Public() route there is none: using it there is a programming error.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = authenticatedUserOf(context.switchToHttp().getRequest());
    if (!user) throw new Error('@CurrentUser() used on a route without authentication (a @Public() route?)');
    return user;
  },
);
