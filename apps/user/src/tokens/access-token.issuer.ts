import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AccessTokenV1, type AccessTokenRole } from '@shop/contracts';
import { APP_CONFIG } from '@shop/platform';
import type { Role } from '@shop/user-domain';
import type { UserConfig } from '../user.config';
import { SigningKeys } from './signing-keys';

export interface AccessTokenSubject {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresIn: number;
}

/** Roles are cumulative: an admin can do everything a customer can. */
export const rolesOf = (role: Role): AccessTokenRole[] =>
  role === 'admin' ? ['customer', 'admin'] : ['customer'];

/**
 * Signs short-lived access tokens (AccessTokenV1). Stateless for verifiers, so
 * they cannot be revoked: the short TTL is the revocation (a logout revokes the
 * refresh family; the access token dies within ACCESS_TOKEN_TTL_SECONDS).
 */
@Injectable()
export class AccessTokenIssuer {
  private readonly ttlSeconds: number;

  constructor(
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) config: Pick<UserConfig, 'ACCESS_TOKEN_TTL_SECONDS'>,
  ) {
    this.ttlSeconds = config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(subject: AccessTokenSubject, now: Date = new Date()): Promise<IssuedAccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1_000);
    // WebCrypto signing is asynchronous: no blocking of the event loop.
    const token = await new SignJWT({ email: subject.email, roles: rolesOf(subject.role) })
      .setProtectedHeader({ alg: AccessTokenV1.algorithm, kid: this.keys.kid, typ: AccessTokenV1.type })
      .setIssuer(AccessTokenV1.issuer)
      .setAudience(AccessTokenV1.audience)
      .setSubject(subject.id)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.keys.privateKey);
    return { token, expiresIn: this.ttlSeconds };
  }
}
