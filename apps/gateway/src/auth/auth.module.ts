import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { userV1 } from '@shop/contracts';
import { APP_CONFIG, LOGGER, type GrpcClient } from '@shop/platform';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../gateway.config';
import { GatewayGrpcClients, USER_CLIENT } from '../grpc-clients';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthHttpController } from './auth.http-controller';
import { JwksCache } from './jwks-cache';
import { JwksHttpController } from './jwks.http-controller';
import { JwksWarmUp } from './jwks-warm-up';
import { JwtAuthGuard } from './jwt-auth.guard';

/**
 * Authentication at the edge: the global guard, the verification keys fetched
 * from the user service (GetJwks over gRPC, with a deadline like every call),
 * and the login/refresh/logout/JWKS routes.
 */
@Module({
  imports: [GatewayGrpcClients],
  controllers: [AuthHttpController, JwksHttpController],
  providers: [
    {
      provide: JwksCache,
      inject: [USER_CLIENT, APP_CONFIG, LOGGER],
      useFactory: (users: GrpcClient<userV1.UserServiceClient>, config: GatewayConfig, logger: Logger) =>
        new JwksCache({
          fetchJwks: async () => (await users.getJwks({})).jwksJson,
          ttlMs: config.JWKS_CACHE_TTL_SECONDS * 1_000,
          minRefreshIntervalMs: config.JWKS_MIN_REFRESH_INTERVAL_SECONDS * 1_000,
          logger: logger.child({ component: 'jwks' }),
        }),
    },
    {
      provide: AccessTokenVerifier,
      inject: [JwksCache],
      useFactory: (keys: JwksCache) => new AccessTokenVerifier(keys),
    },
    JwksWarmUp,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [JwksCache, AccessTokenVerifier],
})
export class AuthModule {}
