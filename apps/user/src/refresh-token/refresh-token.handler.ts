import { Inject, Injectable } from '@nestjs/common';
import type { Counter } from '@opentelemetry/api';
import { getMeter, LOGGER } from '@shop/platform';
import { err, ok, Result } from '@shop/shared-kernel';
import { assessRefresh, UserErrors, UserSnapshot } from '@shop/user-domain';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshTokenRepository } from '../persistence/refresh-token.repository';
import { UserRepository } from '../persistence/user.repository';
import { hashRefreshToken, isRefreshTokenShaped } from '../tokens/refresh-token-secret';
import { IssuedRefreshToken, SessionTokens, TokenPair } from '../tokens/session-tokens';

type Outcome =
  | { kind: 'rotated'; user: UserSnapshot; refresh: IssuedRefreshToken }
  | { kind: 'reuse_detected'; userId: string; familyId: string }
  | { kind: 'revoked' | 'expired' | 'unknown' };

/**
 * Refresh-token rotation with reuse detection (the decision is
 * `assessRefresh` in the domain). The family row is locked for the whole
 * transaction, so concurrent refreshes with one token cannot both succeed.
 * The user is re-read on every rotation: a role change reaches the next
 * access token without a new login.
 */
@Injectable()
export class RefreshTokenHandler {
  private readonly refreshes: Counter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly users: UserRepository,
    private readonly sessions: SessionTokens,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.refreshes = getMeter().createCounter('user_token_refreshes_total', {
      description: 'Refresh attempts by outcome (rotated, reuse_detected, revoked, expired, unknown)',
    });
  }

  async execute(refreshToken: string): Promise<Result<TokenPair>> {
    const now = new Date();
    const outcome: Outcome = isRefreshTokenShaped(refreshToken)
      ? await this.dataSource.transaction((tx) => this.decide(tx, hashRefreshToken(refreshToken), now))
      : { kind: 'unknown' };
    this.refreshes.add(1, { outcome: outcome.kind });

    if (outcome.kind === 'reuse_detected') {
      // Ids only. Worth an alert: someone replayed a spent token.
      this.logger.warn(
        { user_id: outcome.userId, family_id: outcome.familyId },
        'refresh token reuse detected: the whole family is revoked',
      );
    }
    if (outcome.kind !== 'rotated') return err(UserErrors.invalidRefreshToken());
    return ok(await this.sessions.pair(outcome.user, outcome.refresh, now));
  }

  private async decide(tx: EntityManager, tokenHash: Buffer, now: Date): Promise<Outcome> {
    const state = await this.refreshTokens.findForUpdate(tx, tokenHash);
    if (!state) return { kind: 'unknown' };
    const verdict = assessRefresh(state, now);
    switch (verdict.kind) {
      case 'reject':
        return { kind: verdict.reason };
      case 'reuse_detected':
        // Committed although the caller gets an error: the revocation must stick.
        await this.refreshTokens.revokeFamily(tx, state.familyId, 'reuse_detected', now);
        return { kind: 'reuse_detected', userId: state.userId, familyId: state.familyId };
      case 'rotate': {
        const user = await this.users.findById(state.userId, tx);
        if (!user) return { kind: 'unknown' }; // deleted meanwhile (cascade): nothing to renew
        return { kind: 'rotated', user, refresh: await this.sessions.rotate(tx, state, now) };
      }
    }
  }
}
