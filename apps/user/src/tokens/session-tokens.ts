import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import { refreshTokenExpiry, type RefreshTokenState } from '@shop/user-domain';
import type { EntityManager } from 'typeorm';
import { RefreshTokenRepository } from '../persistence/refresh-token.repository';
import type { UserConfig } from '../user.config';
import { AccessTokenIssuer, type AccessTokenSubject } from './access-token.issuer';
import { hashRefreshToken, newRefreshToken } from './refresh-token-secret';

/** What a client receives: the wire shape of `TokenPair`. */
export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface IssuedRefreshToken {
  readonly token: string;
  readonly expiresIn: number;
}

/**
 * Writes refresh tokens (inside the caller's transaction) and pairs them with
 * an access token (signed after the commit, so a rolled-back session never got one).
 */
@Injectable()
export class SessionTokens {
  private readonly refreshTtlSeconds: number;

  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokenRepository,
    @Inject(APP_CONFIG) config: Pick<UserConfig, 'REFRESH_TOKEN_TTL_SECONDS'>,
  ) {
    this.refreshTtlSeconds = config.REFRESH_TOKEN_TTL_SECONDS;
  }

  /** A login: a new family with its first token. */
  async startFamily(tx: EntityManager, userId: string, now: Date): Promise<IssuedRefreshToken> {
    const familyId = randomUUID();
    await this.refreshTokens.createFamily(tx, { id: familyId, userId, now });
    return this.addToken(tx, familyId, now);
  }

  /** A refresh: spend the presented token, issue its successor in the same family. */
  async rotate(tx: EntityManager, spent: RefreshTokenState, now: Date): Promise<IssuedRefreshToken> {
    await this.refreshTokens.markUsed(tx, spent.tokenId, now);
    return this.addToken(tx, spent.familyId, now);
  }

  async pair(subject: AccessTokenSubject, refresh: IssuedRefreshToken, now: Date): Promise<TokenPair> {
    const access = await this.accessTokens.issue(subject, now);
    return {
      accessToken: access.token,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      refreshToken: refresh.token,
      refreshExpiresIn: refresh.expiresIn,
    };
  }

  private async addToken(tx: EntityManager, familyId: string, now: Date): Promise<IssuedRefreshToken> {
    const token = newRefreshToken();
    await this.refreshTokens.insertToken(tx, {
      id: randomUUID(),
      familyId,
      tokenHash: hashRefreshToken(token),
      createdAt: now,
      expiresAt: refreshTokenExpiry(now, this.refreshTtlSeconds),
    });
    return { token, expiresIn: this.refreshTtlSeconds };
  }
}
