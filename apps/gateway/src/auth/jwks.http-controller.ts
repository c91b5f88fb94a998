import { Controller, Get, Inject, Res } from '@nestjs/common';
import { APP_CONFIG, AppError } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import type { GatewayConfig } from '../gateway.config';
import { Public } from './auth.decorators';
import { JwksCache } from './jwks-cache';

/**
 * The public keys that verify access tokens, for anyone who verifies them
 * (Istio's RequestAuthentication fetches this URL). Served from the gateway's
 * own cache: a burst of fetches never reaches the user service.
 */
@Public()
@Controller('.well-known')
export class JwksHttpController {
  constructor(
    private readonly keys: JwksCache,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('jwks.json')
  async jwks(@Res({ passthrough: true }) reply: FastifyReply) {
    const jwks = await this.keys.current().catch((error: unknown) => {
      throw AppError.unavailable(
        'AUTH.KEYS_UNAVAILABLE',
        'The signing keys are unavailable; retry later.',
        error,
      );
    });
    reply.header('cache-control', `public, max-age=${this.config.JWKS_CACHE_TTL_SECONDS}`);
    return jwks;
  }
}
