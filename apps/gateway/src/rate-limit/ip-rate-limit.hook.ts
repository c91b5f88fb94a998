import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { currentTraceId, PROBLEM_CONTENT_TYPE, requestPath, toProblemDetails } from '@shop/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientIpResolver, ipSubject } from './client-ip';
import { addRateLimitHeaders, rateLimitedError } from './rate-limit-response';
import { RATE_LIMIT_POLICIES, type RateLimitPolicies } from './rate-limit-policies';
import { RateLimiter } from './rate-limiter';

/**
 * The per-IP limit, as a Fastify `onRequest` hook: it runs for every request,
 * unknown routes included, before the body is read and before the token is
 * verified, so a flood is turned away at the cheapest point. (A Nest guard or
 * interceptor would only see requests that matched a route, after parsing.)
 * Its 429 is the platform's problem+json, sent from here directly.
 */
@Injectable()
export class IpRateLimitHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly limiter: RateLimiter,
    private readonly clientIps: ClientIpResolver,
    @Inject(RATE_LIMIT_POLICIES) private readonly policies: RateLimitPolicies,
  ) {}

  // Routes are registered before onModuleInit, but Fastify binds hooks to them
  // only when it gets ready (at listen), so this hook covers them all.
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onRequest', (request, reply) => this.limit(request, reply));
  }

  private async limit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const policy = this.policies.ip;
    const decision = await this.limiter.take(policy, ipSubject(this.clientIps.ofRequest(request)));
    if (!decision) return; // failed open
    addRateLimitHeaders(reply, policy, decision);
    if (decision.allowed) return;
    const traceId = currentTraceId() ?? randomBytes(16).toString('hex');
    await reply
      .status(429)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(toProblemDetails(rateLimitedError(decision), requestPath(request.url), traceId));
  }
}
