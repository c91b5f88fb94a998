// Public API of the gateway's authentication: every route requires a valid
// access token unless @Public(); @Roles('admin') restricts it further;
// @CurrentUser() injects the caller.
export { JwtAuthGuard } from './jwt-auth.guard';
export { Public, Roles, CurrentUser, IS_PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
export { authenticatedUserOf, type AuthenticatedUser, type Role } from './authenticated-user';
export { AuthModule } from './auth.module';
