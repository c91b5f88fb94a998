import { errors, jwtVerify } from 'jose';
import { AccessTokenV1 } from '@shop/contracts';
import type { AuthenticatedUser } from './authenticated-user';
import { JwksCache, KeysUnavailableError } from './jwks-cache';

/** Why a token was refused; `expired` tells a client to refresh rather than log in. */
export class InvalidAccessTokenError extends Error {
  constructor(
    readonly reason: 'expired' | 'invalid',
    cause?: unknown,
  ) {
    super(reason === 'expired' ? 'the access token has expired' : 'the access token is invalid', { cause });
    this.name = 'InvalidAccessTokenError';
  }
}

/** Longer tokens are refused before any parsing (bounded work per request). */
export const MAX_TOKEN_LENGTH = 4_096;
/** Tolerated clock skew between the issuer and this verifier. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** No access token lives longer than the issuer's maximum TTL, whatever its `exp` says. */
const MAX_TOKEN_AGE_SECONDS = 3_600;

/**
 * Verifies an access token against the issuer's public keys. Everything is
 * pinned by the verifier, nothing taken from the token: algorithm (no `none`,
 * no HS256-with-a-public-key), issuer, audience, type, and the claims' shape.
 */
export class AccessTokenVerifier {
  constructor(private readonly keys: JwksCache) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidAccessTokenError('invalid');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys.getKey, {
        algorithms: [AccessTokenV1.algorithm],
        issuer: AccessTokenV1.issuer,
        audience: AccessTokenV1.audience,
        typ: AccessTokenV1.type,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof KeysUnavailableError) throw error;
      throw new InvalidAccessTokenError(error instanceof errors.JWTExpired ? 'expired' : 'invalid', error);
    }
    const claims = AccessTokenV1.claims.safeParse(payload);
    if (!claims.success) throw new InvalidAccessTokenError('invalid', claims.error);
    return { userId: claims.data.sub, email: claims.data.email, roles: [...new Set(claims.data.roles)] };
  }
}
