import { randomUUID } from 'node:crypto';
import request from 'supertest';

// The payment-provider simulator of the running system (make up): what a client
// (browser, curl) talks to directly to tokenise a card, before placing an order
// with the token. The order saga's payment steps are covered by the order e2e tests;
// payment's saga participation by apps/payment/src/payment-saga-participant.int-spec.ts.
const providerUrl = process.env['PAYMENT_PROVIDER_URL'] ?? 'http://127.0.0.1:8090';
const provider = () => request(providerUrl);
const nextYear = new Date().getUTCFullYear() + 1;

describe('payment-provider (simulated card processor) in the running system', () => {
  it('tokenises a documented test card; the token, never the number, is what the shop gets', async () => {
    const res = await provider()
      .post('/v1/payment-methods')
      .send({ number: '4242 4242 4242 4242', exp_month: 12, exp_year: nextYear, cvc: '123' })
      .expect(200);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^pm_[0-9a-f]{24}$/),
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: nextYear },
    });
    expect(JSON.stringify(res.body)).not.toContain('4242424242424242');
  });

  it('refuses a card number that fails the Luhn check, in its own error vocabulary', async () => {
    const res = await provider()
      .post('/v1/payment-methods')
      .send({ number: '4242424242424241', exp_month: 12, exp_year: nextYear, cvc: '123' })
      .expect(402);
    expect(res.body).toEqual({
      error: { type: 'card_error', code: 'invalid_number', message: expect.any(String), param: 'number' },
    });
  });

  it('the decline test card is declined, and an idempotent replay answers the same without a second charge', async () => {
    const reference = randomUUID();
    const key = `e2e-${reference}`;
    const body = {
      amount: 1299,
      currency: 'eur',
      payment_method: 'pm_card_chargeDeclined',
      capture: false,
      reference,
    };
    const first = await provider().post('/v1/charges').set('idempotency-key', key).send(body).expect(402);
    expect(first.body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    const replay = await provider().post('/v1/charges').set('idempotency-key', key).send(body).expect(402);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const charges = await provider().get('/v1/charges').query({ reference }).expect(200);
    expect(charges.body.data).toHaveLength(1);
  });

  it('the test-only knobs endpoint is reachable (read, and an empty update that changes nothing)', async () => {
    const knobs = await provider().get('/v1/_simulator/knobs').expect(200);
    expect(knobs.body).toMatchObject({
      latencyMs: expect.any(Number),
      failureRate: expect.any(Number),
      declineRate: expect.any(Number),
      timeoutRate: expect.any(Number),
    });
    // Never change the knobs here: other e2e tests run against the same provider.
    const unchanged = await provider().put('/v1/_simulator/knobs').send({}).expect(200);
    expect(unchanged.body).toEqual(knobs.body);
    const invalid = await provider().put('/v1/_simulator/knobs').send({ failureRate: 2 }).expect(400);
    expect(invalid.body.error).toMatchObject({ type: 'invalid_request_error', param: 'failureRate' });
  });

  it('its platform edge: unknown routes are problem+json with a trace id', async () => {
    const res = await provider().get('/v1/no-such-route').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
