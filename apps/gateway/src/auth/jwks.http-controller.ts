import { Controller, Get, Inject, Res } from '@nestjs/common';
import { APP_CONFIG, AppError } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import type { GatewayConfig } from '../gateway.config';
import { Public } from './auth.decorators';
import { JwksCache } from './jwks-cache';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { jwksJson } from '../openapi/response.schemas';

/**
 * The public keys that verify access tokens, for anyone who verifies them
 * (Istio's RequestAuthentication fetches this URL). Served from the gateway's
 * own cache: a burst of fetches never reaches the user service.
 */
@Public()
@ApiTag('Auth')
@Controller('.well-known')
export class JwksHttpController {
  constructor(
    private readonly keys: JwksCache,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @ApiOperation({
    operationId: 'getJwks',
    summary: 'The public keys that verify access tokens (JWKS)',
    response: {
      schema: jwksJson,
      description: 'The current keys, served from the gateway cache.',
      headers: {
        'Cache-Control': {
          description: '`public, max-age=<JWKS_CACHE_TTL_SECONDS>`.',
          schema: { type: 'string' },
        },
      },
    },
    errors: { 503: 'The keys could not be loaded from the user service (`AUTH.KEYS_UNAVAILABLE`).' },
  })
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
