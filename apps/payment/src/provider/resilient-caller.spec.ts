import { CircuitBreaker, RetryBudget } from '@shop/platform';
import pino from 'pino';
import type { ProviderHttpResult, ProviderRequest } from './provider-http-client';
import type { ProviderMetrics } from './provider-metrics';
import { mapAuthorizeAttempt } from './provider-response.mapper';
import { ResilientCaller } from './resilient-caller';

const approved: ProviderHttpResult = {
  kind: 'response',
  status: 200,
  body: {
    id: 'ch_1',
    object: 'charge',
    amount: 1,
    currency: 'eur',
    status: 'requires_capture',
    captured: false,
    refunded: false,
    failure_code: null,
  },
};
const declined: ProviderHttpResult = {
  kind: 'response',
  status: 402,
  body: { error: { type: 'card_error', code: 'card_declined' } },
};
const failed: ProviderHttpResult = { kind: 'response', status: 500, body: {} };
const timeout: ProviderHttpResult = { kind: 'timeout' };
const refused: ProviderHttpResult = { kind: 'network', message: 'ECONNREFUSED', reachedServer: false };

const request: ProviderRequest = {
  operation: 'authorize',
  method: 'POST',
  path: '/v1/charges',
  route: '/v1/charges',
  body: {},
  idempotencyKey: 'order-1:authorize',
};

function setup(results: ProviderHttpResult[], options: { threshold?: number; budgetTokens?: number } = {}) {
  const clock = { now: 0 };
  const sent: { attempt: number; key: string | undefined }[] = [];
  const sleeps: number[] = [];
  const shortCircuits: string[] = [];
  const metrics = {
    attempted: jest.fn(),
    retried: jest.fn(),
    shortCircuited: (_op: string, reason: string) => shortCircuits.push(reason),
    circuitChanged: jest.fn(),
  } as unknown as ProviderMetrics;
  const breaker = new CircuitBreaker({
    failureThreshold: options.threshold ?? 5,
    openMs: 10_000,
    now: () => clock.now,
  });
  const budget = new RetryBudget({
    ratio: 0.2,
    minPerSecond: 0,
    maxTokens: options.budgetTokens ?? 10,
    now: () => clock.now,
  });
  const caller = new ResilientCaller(
    { maxAttempts: 3, backoff: { baseMs: 100, maxMs: 1_000, jitter: 'full' } },
    {
      send: async (req, attempt) => {
        sent.push({ attempt, key: req.idempotencyKey });
        const next = results.shift();
        if (!next) throw new Error('no more scripted results');
        return next;
      },
      breaker,
      budget,
      metrics,
      logger: pino({ level: 'silent' }),
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    },
  );
  return { caller, sent, sleeps, breaker, clock, shortCircuits };
}

describe('ResilientCaller: which calls are retried, and when they stop (P05, P06)', () => {
  it('transient failures are retried with the SAME idempotency key, then the success is final', async () => {
    const { caller, sent, sleeps } = setup([failed, timeout, approved]);
    const result = await caller.call(request, mapAuthorizeAttempt);
    expect(result).toEqual({ kind: 'final', outcome: { kind: 'authorized', chargeId: 'ch_1' } });
    expect(sent).toEqual([
      { attempt: 1, key: 'order-1:authorize' },
      { attempt: 2, key: 'order-1:authorize' },
      { attempt: 3, key: 'order-1:authorize' },
    ]);
    expect(sleeps).toEqual([50, 100]); // full jitter, random 0.5 of 100 then 200
  });

  it('a decline (4xx) is never retried', async () => {
    const { caller, sent } = setup([declined]);
    const result = await caller.call(request, mapAuthorizeAttempt);
    expect(result).toMatchObject({ kind: 'final', outcome: { kind: 'failed', code: 'PAYMENT.DECLINED' } });
    expect(sent).toHaveLength(1);
  });

  it('a request without an idempotency key is never retried', async () => {
    const { caller, sent } = setup([failed, approved]);
    const { idempotencyKey: _none, ...unkeyed } = request;
    const result = await caller.call(unkeyed, mapAuthorizeAttempt);
    expect(result).toMatchObject({ kind: 'unavailable', maybeProcessed: true });
    expect(sent).toHaveLength(1);
  });

  it('gives up after maxAttempts and says whether the provider may have processed it', async () => {
    const timedOut = setup([timeout, timeout, timeout]);
    expect(await timedOut.caller.call(request, mapAuthorizeAttempt)).toMatchObject({
      kind: 'unavailable',
      maybeProcessed: true,
    });
    const neverReached = setup([refused, refused, refused]);
    expect(await neverReached.caller.call(request, mapAuthorizeAttempt)).toMatchObject({
      kind: 'unavailable',
      maybeProcessed: false,
    });
    expect(neverReached.sent).toHaveLength(3);
  });

  it('an empty retry budget stops retries (no retry storm)', async () => {
    const { caller, sent, shortCircuits } = setup([failed, failed, failed], { budgetTokens: 1 });
    const result = await caller.call(request, mapAuthorizeAttempt);
    expect(result).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('retry budget') });
    expect(sent).toHaveLength(2); // the first attempt and the one retry the budget allowed
    expect(shortCircuits).toEqual(['retry_budget']);
  });

  it('the breaker opens after N failures; then calls fail fast without a network call', async () => {
    const { caller, sent, breaker, shortCircuits } = setup([timeout, timeout, timeout], { threshold: 3 });
    await caller.call(request, mapAuthorizeAttempt);
    expect(breaker.state).toBe('open');
    const result = await caller.call(request, mapAuthorizeAttempt);
    expect(result).toEqual({
      kind: 'unavailable',
      reason: 'the payment provider is unavailable (circuit open)',
      maybeProcessed: false,
      retryInMs: 10_000,
    });
    expect(sent).toHaveLength(3);
    expect(shortCircuits).toEqual(['circuit_open']);
  });

  it('after the open period one probe goes out and its success closes the circuit', async () => {
    const { caller, breaker, clock } = setup([timeout, approved], { threshold: 1 });
    await caller.call(request, mapAuthorizeAttempt);
    expect(breaker.state).toBe('open');
    clock.now = 10_000;
    expect(await caller.call(request, mapAuthorizeAttempt)).toMatchObject({ kind: 'final' });
    expect(breaker.state).toBe('closed');
  });

  it('declines keep the breaker closed: a healthy provider saying no is not an outage', async () => {
    const { caller, breaker } = setup([declined, declined, declined], { threshold: 2 });
    for (let i = 0; i < 3; i += 1) await caller.call(request, mapAuthorizeAttempt);
    expect(breaker.state).toBe('closed');
  });
});
