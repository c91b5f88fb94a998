import { CircuitBreaker, RetryBudget } from '@shop/platform';
import { Money } from '@shop/shared-kernel';
import pino from 'pino';
import { HttpPaymentGateway } from './http-payment-gateway';
import type { ProviderHttpResult, ProviderRequest } from './provider-http-client';
import type { ProviderMetrics } from './provider-metrics';
import { ResilientCaller } from './resilient-caller';

const orderId = '0b9e7f62-5a3c-4a8e-9c39-2f0f1d1e7a10';
const amount = Money.fromTrusted(2599, 'EUR');

const charge = (status: string) => ({
  kind: 'response' as const,
  status: 200,
  body: {
    id: 'ch_1',
    object: 'charge',
    amount: 2599,
    currency: 'eur',
    status,
    captured: status === 'succeeded',
    refunded: false,
    failure_code: null,
  },
});

function gateway(results: ProviderHttpResult[]) {
  const sent: ProviderRequest[] = [];
  const caller = new ResilientCaller(
    { maxAttempts: 3, backoff: { baseMs: 1, maxMs: 1, jitter: 'full' } },
    {
      send: async (request) => {
        sent.push(request);
        const next = results.shift();
        if (!next) throw new Error('no more scripted results');
        return next;
      },
      breaker: new CircuitBreaker({ failureThreshold: 10, openMs: 1_000 }),
      budget: new RetryBudget(),
      metrics: {
        attempted: () => undefined,
        retried: () => undefined,
        shortCircuited: () => undefined,
      } as unknown as ProviderMetrics,
      logger: pino({ level: 'silent' }),
      sleep: async () => undefined,
    },
  );
  return { gateway: new HttpPaymentGateway(caller), sent };
}

describe('HttpPaymentGateway: what goes over the wire', () => {
  it('authorize: one deterministic key per order and an identical body on every attempt', async () => {
    const { gateway: g, sent } = gateway([{ kind: 'timeout' }, charge('requires_capture')]);
    await expect(g.authorize({ orderId, amount, paymentMethodToken: 'pm_card_visa' })).resolves.toEqual({
      kind: 'authorized',
      chargeId: 'ch_1',
    });
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request).toMatchObject({
        method: 'POST',
        path: '/v1/charges',
        idempotencyKey: `${orderId}:authorize`,
        // The provider's vocabulary: lower-case currency, capture: false, our order id as reference.
        body: {
          amount: 2599,
          currency: 'eur',
          payment_method: 'pm_card_visa',
          capture: false,
          reference: orderId,
        },
      });
    }
  });

  it('authorize: exhausted retries become PROVIDER_UNAVAILABLE, flagged unknown when an attempt may have landed', async () => {
    const { gateway: g } = gateway([{ kind: 'timeout' }, { kind: 'timeout' }, { kind: 'timeout' }]);
    await expect(g.authorize({ orderId, amount, paymentMethodToken: 'pm' })).resolves.toMatchObject({
      kind: 'failed',
      code: 'PAYMENT.PROVIDER_UNAVAILABLE',
      outcomeUnknown: true,
    });
  });

  it('capture, void and refund each have their own key', async () => {
    const { gateway: g, sent } = gateway([
      charge('succeeded'),
      charge('canceled'),
      {
        kind: 'response',
        status: 200,
        body: { id: 're_1', object: 'refund', status: 'succeeded', charge: 'ch_1' },
      },
    ]);
    await g.capture({ orderId, chargeId: 'ch_1', amount });
    await g.void({ orderId, chargeId: 'ch_1' });
    await g.refund({ orderId, chargeId: 'ch_1' });
    expect(sent.map((r) => [r.path, r.idempotencyKey, r.body])).toEqual([
      ['/v1/charges/ch_1/capture', `${orderId}:capture`, { amount: 2599 }],
      ['/v1/charges/ch_1/cancel', `${orderId}:void`, {}],
      ['/v1/refunds', `${orderId}:refund`, { charge: 'ch_1' }],
    ]);
  });

  it('capture while the provider is down is "unavailable", to be retried later', async () => {
    const { gateway: g } = gateway([{ kind: 'timeout' }, { kind: 'timeout' }, { kind: 'timeout' }]);
    await expect(g.capture({ orderId, chargeId: 'ch_1', amount })).resolves.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('releasing an unknown authorization replays the authorize key, then voids the hold it finds', async () => {
    const { gateway: g, sent } = gateway([charge('requires_capture'), charge('canceled')]);
    await expect(
      g.releaseUnknownAuthorization({ orderId, amount, paymentMethodToken: 'pm' }),
    ).resolves.toEqual({
      kind: 'done',
    });
    expect(sent.map((r) => r.idempotencyKey)).toEqual([`${orderId}:authorize`, `${orderId}:void`]);
  });

  it('releasing when there was no hold (declined, or never processed and declined now) calls nothing else', async () => {
    const declined: ProviderHttpResult = {
      kind: 'response',
      status: 402,
      body: { error: { type: 'card_error', code: 'card_declined' } },
    };
    const { gateway: g, sent } = gateway([declined]);
    await expect(
      g.releaseUnknownAuthorization({ orderId, amount, paymentMethodToken: 'pm' }),
    ).resolves.toEqual({
      kind: 'done',
    });
    expect(sent).toHaveLength(1);
  });
});
