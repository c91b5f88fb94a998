import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { AppError } from '@shop/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { authenticatedUserOf } from '../auth';
import { ClientIpResolver } from './client-ip';
import { addRateLimitHeaders, rateLimitedError } from './rate-limit-response';
import {
  RATE_LIMIT_POLICIES,
  routeLimitsOf,
  type RateLimitPolicies,
  type RateLimitPolicy,
} from './rate-limit-policies';
import { RateLimiter } from './rate-limiter';

interface Check {
  policy: RateLimitPolicy;
  subject: string;
  failuresOnly: boolean;
}

/**
 * The limits that need to know more than the IP, as a global interceptor:
 * interceptors run after the guards, so the caller is authenticated by then.
 * - per user (the token's subject) on every authenticated request, whatever
 *   IP it comes from;
 * - the strict limits of single routes (ROUTE_LIMITS in rate-limit-policies.ts), which may read the
 *   parsed body (the login email).
 * Buckets are taken one after the other and the first empty one answers 429
 * (problem+json by the platform filter, with the headers set here).
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly clientIps: ClientIpResolver,
    @Inject(RATE_LIMIT_POLICIES) private readonly policies: RateLimitPolicies,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    const toGiveBack: Check[] = [];
    for (const check of this.checksFor(request)) {
      const decision = await this.limiter.take(check.policy, check.subject);
      if (!decision) continue; // failed open
      addRateLimitHeaders(reply, check.policy, decision);
      if (!decision.allowed) throw rateLimitedError(decision);
      if (check.failuresOnly) toGiveBack.push(check);
    }
    if (toGiveBack.length === 0) return next.handle();

    const giveBack = () => {
      for (const check of toGiveBack) void this.limiter.giveBack(check.policy, check.subject);
    };
    return next.handle().pipe(
      tap({
        next: giveBack,
        // A wrong password keeps its token; any other outcome (400, 5xx) was no guess.
        error: (error: unknown) => {
          if (!isFailedAttempt(error)) giveBack();
        },
      }),
    );
  }

  private checksFor(request: FastifyRequest): Check[] {
    const checks: Check[] = [];
    const user = authenticatedUserOf(request);
    if (user) checks.push({ policy: this.policies.user, subject: user.userId, failuresOnly: false });
    const routeLimits = routeLimitsOf(request.method, request.routeOptions?.url);
    if (routeLimits.length === 0) return checks;
    const input = { ip: this.clientIps.ofRequest(request), body: request.body };
    for (const limit of routeLimits) {
      const subject = limit.subject(input);
      if (subject !== undefined) {
        checks.push({ policy: this.policies[limit.policy], subject, failuresOnly: !!limit.failuresOnly });
      }
    }
    return checks;
  }
}

/** A wrong password (or unknown email): 401 from the user service. */
const isFailedAttempt = (error: unknown): boolean => error instanceof AppError && error.httpStatus === 401;
