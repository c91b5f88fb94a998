import { PaymentFailureCode } from '@shop/payment-domain';
import { CircuitBreaker, RetryBudget } from '@shop/platform';
import type { Logger } from 'pino';
import type {
  AuthorizeOutcome,
  AuthorizeRequest,
  PaymentGateway,
  SettleOutcome,
  SettleRequest,
} from './payment-gateway.port';
import { ProviderHttpClient, type ProviderRequest } from './provider-http-client';
import { ProviderMetrics } from './provider-metrics';
import {
  mapAuthorizeAttempt,
  mapCaptureAttempt,
  mapHoldLookup,
  mapRefundAttempt,
  mapVoidAttempt,
  type SettleAttempt,
} from './provider-response.mapper';
import type { WireChargeRequest } from './provider-wire';
import { ResilientCaller, type CallResult, type ResilienceSettings } from './resilient-caller';

export interface ProviderClientSettings {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retry: ResilienceSettings;
  readonly breakerFailureThreshold: number;
  readonly breakerOpenMs: number;
}

/**
 * Each provider call has its own deterministic idempotency key, derived from
 * the order: a redelivered command, a retried attempt or a re-run after a crash
 * sends the SAME key, so the provider executes it at most once.
 */
export const idempotencyKeys = {
  authorize: (orderId: string) => `${orderId}:authorize`,
  capture: (orderId: string) => `${orderId}:capture`,
  void: (orderId: string) => `${orderId}:void`,
  refund: (orderId: string) => `${orderId}:refund`,
};

/**
 * The anti-corruption layer's adapter: the PaymentGateway port over the
 * provider's HTTP API, with timeouts, retries and the circuit breaker.
 */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(private readonly caller: ResilientCaller) {}

  static create(settings: ProviderClientSettings, logger: Logger): HttpPaymentGateway {
    const log = logger.child({ component: 'payment-provider-client' });
    const metrics = new ProviderMetrics();
    const breaker = new CircuitBreaker({
      failureThreshold: settings.breakerFailureThreshold,
      openMs: settings.breakerOpenMs,
      onStateChange: (to) => {
        metrics.circuitChanged(to);
        log.warn({ circuit: to }, `payment provider circuit ${to.replace('_', '-')} (P06)`);
      },
    });
    const http = new ProviderHttpClient(settings.baseUrl, settings.timeoutMs);
    const caller = new ResilientCaller(settings.retry, {
      send: (request, attempt) => http.send(request, attempt),
      breaker,
      budget: new RetryBudget(),
      metrics,
      logger: log,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    return new HttpPaymentGateway(caller);
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome> {
    const result = await this.caller.call(chargeRequest(request), mapAuthorizeAttempt);
    if (result.kind === 'final') {
      return result.outcome.kind === 'authorized'
        ? result.outcome
        : { ...result.outcome, outcomeUnknown: false };
    }
    // The breaker's degraded outcome: fail fast, the saga compensates; a hold that may exist is released later.
    return {
      kind: 'failed',
      code: PaymentFailureCode.PROVIDER_UNAVAILABLE,
      reason: result.reason,
      outcomeUnknown: result.maybeProcessed,
    };
  }

  async capture(request: SettleRequest & { amount: { amountMinor: number } }): Promise<SettleOutcome> {
    const call: ProviderRequest = {
      operation: 'capture',
      method: 'POST',
      path: `/v1/charges/${encodeURIComponent(request.chargeId)}/capture`,
      route: '/v1/charges/{id}/capture',
      body: { amount: request.amount.amountMinor },
      idempotencyKey: idempotencyKeys.capture(request.orderId),
    };
    return settled(await this.caller.call(call, mapCaptureAttempt));
  }

  async void(request: SettleRequest): Promise<SettleOutcome> {
    const call: ProviderRequest = {
      operation: 'void',
      method: 'POST',
      path: `/v1/charges/${encodeURIComponent(request.chargeId)}/cancel`,
      route: '/v1/charges/{id}/cancel',
      body: {},
      idempotencyKey: idempotencyKeys.void(request.orderId),
    };
    return settled(await this.caller.call(call, mapVoidAttempt));
  }

  async refund(request: SettleRequest): Promise<SettleOutcome> {
    const call: ProviderRequest = {
      operation: 'refund',
      method: 'POST',
      path: '/v1/refunds',
      route: '/v1/refunds',
      body: { charge: request.chargeId },
      idempotencyKey: idempotencyKeys.refund(request.orderId),
    };
    return settled(await this.caller.call(call, mapRefundAttempt));
  }

  /**
   * Replays the authorization with the same key and body: the provider answers
   * with what it did then (a hold, a decline) or, if it never got it, does it
   * now - either way we learn the hold, and void it. A 409 (the original is
   * still running there) is retried, so a late original cannot slip past.
   */
  async releaseUnknownAuthorization(request: AuthorizeRequest): Promise<SettleOutcome> {
    const lookup = await this.caller.call(chargeRequest(request), mapHoldLookup);
    if (lookup.kind === 'unavailable') return settled(lookup);
    if (lookup.outcome.kind === 'none') return { kind: 'done' };
    return this.void({ orderId: request.orderId, chargeId: lookup.outcome.chargeId });
  }
}

function chargeRequest(request: AuthorizeRequest): ProviderRequest {
  // Identical on every attempt and replay: the provider compares it with the key's first request.
  const body: WireChargeRequest = {
    amount: request.amount.amountMinor,
    currency: request.amount.currency.toLowerCase(),
    payment_method: request.paymentMethodToken,
    capture: false,
    reference: request.orderId,
  };
  return {
    operation: 'authorize',
    method: 'POST',
    path: '/v1/charges',
    route: '/v1/charges',
    body,
    idempotencyKey: idempotencyKeys.authorize(request.orderId),
  };
}

function settled(
  result: CallResult<SettleAttempt> | Extract<CallResult<unknown>, { kind: 'unavailable' }>,
): SettleOutcome {
  if (result.kind === 'unavailable') {
    return { kind: 'unavailable', reason: result.reason, retryInMs: result.retryInMs };
  }
  return result.outcome as SettleAttempt;
}
