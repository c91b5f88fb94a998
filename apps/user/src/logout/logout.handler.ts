import { Injectable } from '@nestjs/common';
import { ok, Result } from '@shop/shared-kernel';
import { DataSource } from 'typeorm';
import { RefreshTokenRepository } from '../persistence/refresh-token.repository';
import { hashRefreshToken, isRefreshTokenShaped } from '../tokens/refresh-token-secret';

/**
 * Ends a session: revokes the family of the presented refresh token, so neither
 * it nor any successor renews again. Idempotent and silent: an unknown or
 * already revoked token is not an error (nothing to learn from probing). The
 * access token in hand stays valid until it expires (ACCESS_TOKEN_TTL_SECONDS).
 */
@Injectable()
export class LogoutHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  async execute(refreshToken: string): Promise<Result<void>> {
    if (!isRefreshTokenShaped(refreshToken)) return ok(undefined);
    const now = new Date();
    await this.dataSource.transaction(async (tx) => {
      const state = await this.refreshTokens.findForUpdate(tx, hashRefreshToken(refreshToken));
      if (state && state.familyRevokedAt === null) {
        await this.refreshTokens.revokeFamily(tx, state.familyId, 'logout', now);
      }
    });
    return ok(undefined);
  }
}
