import type { ProviderHttpResult } from './provider-http-client';
import {
  mapAuthorizeAttempt,
  mapCaptureAttempt,
  mapHoldLookup,
  mapRefundAttempt,
  mapVoidAttempt,
} from './provider-response.mapper';

const response = (status: number, body: unknown): ProviderHttpResult => ({ kind: 'response', status, body });
const charge = (overrides: Record<string, unknown> = {}) => ({
  id: 'ch_1',
  object: 'charge',
  amount: 2599,
  currency: 'eur',
  status: 'requires_capture',
  captured: false,
  refunded: false,
  failure_code: null,
  ...overrides,
});
const error = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  response(status, { error: { type: 'card_error', code, message: 'provider words', ...extra } });

describe('anti-corruption layer: provider answers -> payment outcomes (P16)', () => {
  describe('authorize', () => {
    it('requires_capture is an authorization, keeping the charge id as an opaque reference', () => {
      expect(mapAuthorizeAttempt(response(200, charge()))).toMatchObject({
        kind: 'final',
        outcome: { kind: 'authorized', chargeId: 'ch_1' },
        breaker: 'success',
        result: 'success',
      });
    });

    it.each([
      ['card_declined', 'PAYMENT.DECLINED', 'the card was declined'],
      ['insufficient_funds', 'PAYMENT.DECLINED', 'the card has insufficient funds'],
      ['processing_error', 'PAYMENT.PROVIDER_UNAVAILABLE', 'the card processor could not process the card'],
      ['expired_card', 'PAYMENT.INVALID_PAYMENT_METHOD', 'the card has expired'],
      ['something_new', 'PAYMENT.DECLINED', 'the card was declined'],
    ])('402 %s -> %s, in our words, never retried', (code, domainCode, reason) => {
      const verdict = mapAuthorizeAttempt(error(402, code, { charge: 'ch_9' }));
      expect(verdict).toMatchObject({
        kind: 'final',
        outcome: { kind: 'failed', code: domainCode, reason },
        breaker: 'success', // a decline is a healthy provider saying no
        result: 'declined',
      });
      expect(JSON.stringify(verdict.kind === 'final' && verdict.outcome)).not.toContain('provider words');
    });

    it('a failed charge in a 200 maps by its failure_code too', () => {
      const verdict = mapAuthorizeAttempt(
        response(200, charge({ status: 'failed', failure_code: 'insufficient_funds' })),
      );
      expect(verdict).toMatchObject({ kind: 'final', outcome: { kind: 'failed', code: 'PAYMENT.DECLINED' } });
    });

    it('an unknown payment method is INVALID_PAYMENT_METHOD', () => {
      const verdict = mapAuthorizeAttempt(
        response(400, {
          error: { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method' },
        }),
      );
      expect(verdict).toMatchObject({ kind: 'final', outcome: { code: 'PAYMENT.INVALID_PAYMENT_METHOD' } });
    });

    it('other 4xx (a request the provider refuses, e.g. idempotency key reuse) fail for good, not retried', () => {
      const verdict = mapAuthorizeAttempt(
        response(422, { error: { type: 'idempotency_error', code: 'idempotency_key_reuse' } }),
      );
      expect(verdict).toMatchObject({
        kind: 'final',
        outcome: { kind: 'failed', code: 'PAYMENT.PROVIDER_UNAVAILABLE' },
        result: 'rejected',
        diagnostic: '422 idempotency_key_reuse',
      });
    });

    it.each<[string, ProviderHttpResult, boolean, string, string]>([
      ['timeout', { kind: 'timeout' }, true, 'failure', 'timeout'],
      [
        'connection refused',
        { kind: 'network', message: 'ECONNREFUSED', reachedServer: false },
        false,
        'failure',
        'network_error',
      ],
      [
        'connection reset',
        { kind: 'network', message: 'ECONNRESET', reachedServer: true },
        true,
        'failure',
        'network_error',
      ],
      [
        '500',
        response(500, { error: { type: 'api_error', code: 'internal_error' } }),
        true,
        'failure',
        'server_error',
      ],
      ['503 html', response(503, '<html>bad gateway</html>'), true, 'failure', 'server_error'],
      [
        '409 same key in flight',
        response(409, { error: { code: 'idempotency_key_in_use' } }),
        true,
        'ignore',
        'conflict',
      ],
      ['429', response(429, {}), false, 'ignore', 'conflict'],
      ['200 garbage', response(200, { hello: 'world' }), true, 'failure', 'invalid_response'],
    ])('%s is transient (retry with the same key)', (_name, result, maybeProcessed, breaker, label) => {
      expect(mapAuthorizeAttempt(result)).toMatchObject({
        kind: 'transient',
        maybeProcessed,
        breaker,
        result: label,
      });
    });
  });

  describe('capture, void, refund', () => {
    it('success answers are done', () => {
      expect(mapCaptureAttempt(response(200, charge({ status: 'succeeded', captured: true })))).toMatchObject(
        {
          kind: 'final',
          outcome: { kind: 'done' },
        },
      );
      expect(mapVoidAttempt(response(200, charge({ status: 'canceled' })))).toMatchObject({
        outcome: { kind: 'done' },
      });
      expect(
        mapRefundAttempt(
          response(200, { id: 're_1', object: 'refund', status: 'succeeded', charge: 'ch_1' }),
        ),
      ).toMatchObject({ outcome: { kind: 'done' } });
    });

    it('"already done" errors mean an earlier attempt did it: converged, done', () => {
      expect(mapCaptureAttempt(error(400, 'charge_already_captured'))).toMatchObject({
        outcome: { kind: 'done' },
      });
      expect(mapVoidAttempt(error(400, 'charge_already_canceled'))).toMatchObject({
        outcome: { kind: 'done' },
      });
      expect(mapRefundAttempt(error(400, 'charge_already_refunded'))).toMatchObject({
        outcome: { kind: 'done' },
      });
    });

    it('state mismatches are rejected for good, in our words', () => {
      expect(mapCaptureAttempt(error(400, 'charge_not_capturable'))).toMatchObject({
        kind: 'final',
        outcome: { kind: 'rejected', reason: 'the authorization can no longer be captured at the provider' },
        diagnostic: '400 charge_not_capturable',
      });
      expect(mapVoidAttempt(error(400, 'charge_already_captured'))).toMatchObject({
        outcome: { kind: 'rejected' },
      });
      expect(mapRefundAttempt(error(404, 'resource_missing'))).toMatchObject({
        outcome: { kind: 'rejected' },
      });
    });

    it('a 200 that does not say what we asked for is not taken as success', () => {
      expect(mapCaptureAttempt(response(200, charge()))).toMatchObject({
        kind: 'transient',
        result: 'invalid_response',
      });
    });

    it('transport failures are transient for settlements too', () => {
      expect(mapRefundAttempt({ kind: 'timeout' })).toMatchObject({ kind: 'transient' });
      expect(mapVoidAttempt(response(502, ''))).toMatchObject({ kind: 'transient' });
    });
  });

  describe('hold lookup (replaying an authorization of unknown outcome)', () => {
    it('a charge requiring capture is a hold to release', () => {
      expect(mapHoldLookup(response(200, charge()))).toMatchObject({
        outcome: { kind: 'held', chargeId: 'ch_1' },
      });
    });

    it('a decline or refusal means no hold', () => {
      expect(mapHoldLookup(error(402, 'card_declined'))).toMatchObject({ outcome: { kind: 'none' } });
      expect(mapHoldLookup(response(200, charge({ status: 'canceled' })))).toMatchObject({
        outcome: { kind: 'none' },
      });
    });

    it('409: the original is still running there, ask again', () => {
      expect(mapHoldLookup(response(409, {}))).toMatchObject({ kind: 'transient' });
    });
  });
});
