import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@shop/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenVerifier, InvalidAccessTokenError } from './access-token.verifier';
import { IS_PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { AuthenticatedUser, RequestWithUser, Role } from './authenticated-user';
import { bearerChallenge } from './bearer-challenge';
import { KeysUnavailableError } from './jwks-cache';

/**
 * The one global guard (APP_GUARD): every route needs a valid access token
 * unless it is @Public(); @Roles(...) then needs one of the roles.
 * 401 AUTH.UNAUTHENTICATED + `WWW-Authenticate: Bearer` (RFC 6750) for a
 * missing, malformed, tampered or expired token; 403 AUTH.FORBIDDEN for a
 * valid token without the role; 503 AUTH.KEYS_UNAVAILABLE when no key was
 * ever loaded (the token may well be valid: a 401 would log users out).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & RequestWithUser>();
    const user = await this.authenticate(request, http.getResponse<FastifyReply>());
    request.user = user;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (required.length > 0 && !required.some((role) => user.roles.includes(role))) {
      throw AppError.permissionDenied(
        'AUTH.FORBIDDEN',
        `This operation requires one of the roles: ${required.join(', ')}.`,
      );
    }
    return true;
  }

  private async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<AuthenticatedUser> {
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      reply.header('www-authenticate', bearerChallenge());
      throw unauthenticated('An access token is required: send Authorization: Bearer <token>.');
    }
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof KeysUnavailableError) {
        throw AppError.unavailable(
          'AUTH.KEYS_UNAVAILABLE',
          'Tokens cannot be verified right now; retry later.',
          error,
        );
      }
      const reason = error instanceof InvalidAccessTokenError ? error.reason : 'invalid';
      reply.header('www-authenticate', bearerChallenge('invalid_token', `the access token is ${reason}`));
      throw unauthenticated(
        reason === 'expired'
          ? 'The access token has expired: refresh it (POST /v1/auth/refresh).'
          : 'The access token is invalid.',
      );
    }
  }
}

const unauthenticated = (message: string) => AppError.unauthenticated('AUTH.UNAUTHENTICATED', message);

/** `Authorization: Bearer <token>` (scheme case-insensitive, RFC 9110 section 11.1). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header ?? '');
  return match?.[1];
}
