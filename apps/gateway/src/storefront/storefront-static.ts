import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, requestPath } from '@shop/platform';
import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../gateway.config';
import { isStorefrontPage, STOREFRONT_CONTENT_SECURITY_POLICY } from './storefront-routes';

/**
 * Serves the storefront's build (apps/storefront, `vite build`) at `/` from
 * STOREFRONT_DIR: same origin as /v1, so the browser needs no CORS. Empty
 * STOREFRONT_DIR: no storefront, the gateway is an API only.
 */
@Injectable()
export class StorefrontStatic implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: Pick<GatewayConfig, 'STOREFRONT_DIR'>,
  ) {}

  onModuleInit(): void {
    if (this.config.STOREFRONT_DIR === '') return;
    const root = resolve(this.config.STOREFRONT_DIR);
    if (!existsSync(resolve(root, 'index.html'))) {
      throw new Error(
        `STOREFRONT_DIR=${this.config.STOREFRONT_DIR} has no index.html: build the storefront ` +
          '(node tools/build/build.mjs, or npx nx run storefront:build), or set STOREFRONT_DIR= to serve none',
      );
    }
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      // One route per file of the build, read at start: no catch-all route that could answer
      // for an unknown /v1 path or make every unknown path "405 Method Not Allowed".
      wildcard: false,
      index: 'index.html',
      setHeaders: (reply, path) => {
        reply.header('content-security-policy', STOREFRONT_CONTENT_SECURITY_POLICY);
        // Vite names assets by content hash: cached for good. index.html names the current ones: always revalidated.
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // Hooks bind to routes when Fastify gets ready (at listen), so this one covers them all.
    fastify.addHook('onRequest', async (request, reply) => {
      if (
        !request.is404 ||
        !isStorefrontPage(request.method, requestPath(request.url), request.headers.accept)
      )
        return;
      return reply.sendFile('index.html');
    });
  }
}
