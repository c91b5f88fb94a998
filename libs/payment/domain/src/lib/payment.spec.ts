import { Money } from '@shop/shared-kernel';
import { Payment } from './payment';
import { PaymentErrors, PaymentFailureCode } from './payment-errors';

const t0 = new Date('2026-01-02T03:04:05.000Z');
const t1 = new Date('2026-01-02T03:04:06.000Z');

function money(amountMinor = 2599, currency = 'EUR'): Money {
  const result = Money.of(amountMinor, currency, PaymentErrors.invalidAmount);
  if (!result.ok) throw new Error('fixture');
  return result.value;
}

function started(): Payment {
  const result = Payment.start({
    id: 'p-1',
    orderId: 'o-1',
    customerId: 'c-1',
    amount: money(),
    paymentMethodToken: 'pm_123',
    now: t0,
  });
  if (!result.ok) throw new Error('fixture');
  return result.value;
}

function authorized(): Payment {
  const payment = started();
  payment.markAuthorized('ch_1', t1);
  payment.pullEvents();
  return payment;
}

describe('Payment aggregate', () => {
  it('starts AUTHORIZING with the amount in minor units and no events', () => {
    const payment = started();
    expect(payment.status).toBe('AUTHORIZING');
    expect(payment.snapshot.amount.toJSON()).toEqual({ amountMinor: 2599, currency: 'EUR' });
    expect(payment.pullEvents()).toEqual([]);
    expect(payment.authorizationOutcome()).toEqual({ kind: 'pending' });
  });

  it('refuses a zero amount', () => {
    const result = Payment.start({
      id: 'p',
      orderId: 'o',
      customerId: 'c',
      amount: money(0),
      paymentMethodToken: 'pm',
      now: t0,
    });
    expect(!result.ok && result.error.code).toBe('PAYMENT.INVALID_AMOUNT');
  });

  it('authorizes once, recording the provider reference and one event', () => {
    const payment = started();
    expect(payment.markAuthorized('ch_1', t1).ok).toBe(true);
    expect(payment.snapshot).toMatchObject({
      status: 'AUTHORIZED',
      providerChargeId: 'ch_1',
      authorizedAt: t1,
    });
    expect(payment.pullEvents()).toEqual([{ type: 'PaymentAuthorized', at: t1 }]);
    const again = payment.markAuthorized('ch_2', t1);
    expect(!again.ok && again.error.code).toBe('PAYMENT.ILLEGAL_TRANSITION');
    expect(payment.snapshot.providerChargeId).toBe('ch_1');
    expect(payment.pullEvents()).toEqual([]);
  });

  it('a failed authorization is final and remembers why', () => {
    const payment = started();
    payment.markAuthorizationFailed(PaymentFailureCode.DECLINED, 'card declined', t1);
    expect(payment.snapshot).toMatchObject({
      status: 'FAILED',
      failureCode: 'PAYMENT.DECLINED',
      failureReason: 'card declined',
      failedAt: t1,
    });
    expect(payment.pullEvents()).toEqual([
      { type: 'PaymentFailed', at: t1, code: 'PAYMENT.DECLINED', reason: 'card declined' },
    ]);
    expect(payment.authorizationOutcome()).toEqual({
      kind: 'failed',
      code: 'PAYMENT.DECLINED',
      reason: 'card declined',
    });
    expect(payment.markAuthorized('ch_1', t1).ok).toBe(false);
    expect(payment.cancelDecision()).toBe('NOTHING_TO_CANCEL');
    expect(payment.captureDecision()).toBe('NOT_CAPTURABLE');
  });

  it('authorized -> captured -> refunded, each with its event', () => {
    const payment = authorized();
    expect(payment.captureDecision()).toBe('CAPTURE');
    expect(payment.markCaptured(t1).ok).toBe(true);
    expect(payment.captureDecision()).toBe('ALREADY_CAPTURED');
    expect(payment.cancelDecision()).toBe('REFUND');
    expect(payment.markRefunded(t1).ok).toBe(true);
    expect(payment.pullEvents().map((e) => e.type)).toEqual(['PaymentCaptured', 'PaymentRefunded']);
    expect(payment.cancelDecision()).toBe('ALREADY_REFUNDED');
    expect(payment.authorizationOutcome()).toEqual({ kind: 'authorized' });
  });

  it('authorized -> voided; a voided payment can be neither captured nor refunded', () => {
    const payment = authorized();
    expect(payment.cancelDecision()).toBe('VOID');
    expect(payment.markVoided(t1).ok).toBe(true);
    expect(payment.cancelDecision()).toBe('ALREADY_VOIDED');
    expect(payment.captureDecision()).toBe('NOT_CAPTURABLE');
    expect(payment.markCaptured(t1).ok).toBe(false);
    expect(payment.markRefunded(t1).ok).toBe(false);
  });

  it('a rejected capture fails the payment but the authorization outcome stays "authorized"', () => {
    const payment = authorized();
    expect(payment.markCaptureRejected('charge was cancelled at the provider', t1).ok).toBe(true);
    expect(payment.snapshot).toMatchObject({ status: 'FAILED', failureCode: 'PAYMENT.CAPTURE_REJECTED' });
    expect(payment.authorizationOutcome()).toEqual({ kind: 'authorized' });
  });

  it('only an AUTHORIZING payment can fail authorization; only an AUTHORIZED one can reject a capture', () => {
    const payment = authorized();
    expect(payment.markAuthorizationFailed(PaymentFailureCode.DECLINED, 'x', t1).ok).toBe(false);
    expect(started().markCaptureRejected('x', t1).ok).toBe(false);
  });

  it('while authorizing, capture and cancel must wait for the outcome', () => {
    const payment = started();
    expect(payment.captureDecision()).toBe('WAIT_FOR_AUTHORIZATION');
    expect(payment.cancelDecision()).toBe('WAIT_FOR_AUTHORIZATION');
  });
});

describe('Money in the payment context (arithmetic: @shop/shared-kernel money.spec.ts)', () => {
  it.each([
    [19.99, 'EUR', 'amountMinor'],
    [-1, 'EUR', 'amountMinor'],
    [Number.MAX_SAFE_INTEGER + 1, 'EUR', 'amountMinor'],
    [Number.NaN, 'EUR', 'amountMinor'],
    [100, 'eur', 'currency'],
    [100, 'EURO', 'currency'],
  ])('rejects %p %p as PAYMENT.INVALID_AMOUNT naming %s', (amount, currency, field) => {
    const result = Money.of(amount, currency, PaymentErrors.invalidAmount);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('PAYMENT.INVALID_AMOUNT');
      expect(result.error.fields.map((f) => f.field)).toEqual([field]);
    }
  });
});
