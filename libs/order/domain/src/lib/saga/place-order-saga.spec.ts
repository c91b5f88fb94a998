import { HAPPY_PATH_STEPS } from '@shop/testing/place-order-history';
import { placeOrderSaga } from './place-order-saga.definition';
import { handleSagaEvent, startSaga, STEP_TIMED_OUT } from './saga-engine';
import type { SagaReply } from './saga-messages';
import type { PlaceOrderSagaState } from './saga-state';
import type { SagaTransition } from './saga-transition';

const ORDER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CUSTOMER = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const P1 = '11111111-1111-4111-8111-111111111111';
const RES = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';
const PAY = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
const amount = { amountMinor: 2500, currency: 'EUR' };
// The orchestrator's re-send timeouts, as @shop/platform's backoff computes them (2^n steps, at most 16).
const saga = placeOrderSaga({
  stepTimeoutMs: 10_000,
  compensationResendTimeoutMs: (attempt) => 10_000 * Math.min(2 ** attempt, 16),
});
const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const replies = {
  reserved: { kind: 'StockReserved', reservationId: RES },
  outOfStock: {
    kind: 'StockReservationFailed',
    code: 'INVENTORY.OUT_OF_STOCK',
    reason: 'only 1 left of ' + P1,
  },
  authorized: { kind: 'PaymentAuthorized', paymentId: PAY, amount },
  declined: { kind: 'PaymentAuthorizationFailed', code: 'PAYMENT.DECLINED', reason: 'card declined' },
  providerDown: {
    kind: 'PaymentAuthorizationFailed',
    code: 'PAYMENT.PROVIDER_UNAVAILABLE',
    reason: 'circuit open',
  },
  committed: { kind: 'StockCommitted' },
  captured: { kind: 'PaymentCaptured', paymentId: PAY, amount },
  captureFailed: { kind: 'PaymentCaptureFailed', code: 'PAYMENT.CAPTURE_FAILED', reason: 'expired' },
  released: { kind: 'StockReleased' },
  voided: { kind: 'PaymentCancelled', outcome: 'VOIDED' },
} satisfies Record<string, SagaReply>;

const start = () =>
  startSaga(
    saga,
    {
      orderId: ORDER,
      customerId: CUSTOMER,
      amount,
      lines: [{ productId: P1, quantity: 2 }],
      paymentMethodToken: 'pm_tok',
      reservationId: null,
      paymentId: null,
    },
    t0,
  );
const onReply = (state: PlaceOrderSagaState, reply: SagaReply, now: Date) =>
  handleSagaEvent(saga, state, { type: 'reply', reply }, now);
const onTimeout = (state: PlaceOrderSagaState, now: Date) =>
  handleSagaEvent(saga, state, { type: 'timeout' }, now);

/** Feeds replies one after another, 1 s apart; returns every transition. */
function run(...inputs: SagaReply[]): SagaTransition[] {
  const transitions: SagaTransition[] = [start()];
  inputs.forEach((reply, index) => {
    const previous = transitions.at(-1)?.state as PlaceOrderSagaState;
    transitions.push(onReply(previous, reply, at((index + 1) * 1_000)));
  });
  return transitions;
}

const last = (transitions: SagaTransition[]) => transitions.at(-1) as SagaTransition;
const commandKinds = (transitions: SagaTransition[]) =>
  transitions.flatMap((t) => t.commands.map((c) => c.kind));
const historyOf = (transitions: SagaTransition[]) =>
  transitions.flatMap((t) => t.history.map((h) => `${h.step} ${h.event}${h.code ? ` ${h.code}` : ''}`));

describe('place-order saga: forward path', () => {
  it('starts RUNNING at RESERVE_STOCK with ReserveStock and a deadline', () => {
    const started = start();
    expect(started.state).toMatchObject({
      status: 'RUNNING',
      step: 'RESERVE_STOCK',
      deadlineAt: at(10_000),
      paymentMethodToken: 'pm_tok',
    });
    expect(started.commands).toEqual([
      { kind: 'ReserveStock', orderId: ORDER, lines: [{ productId: P1, quantity: 2 }] },
    ]);
    expect(historyOf([started])).toEqual(['RESERVE_STOCK STARTED']);
  });

  it('reserve -> authorize -> commit -> capture -> CONFIRMED, one command per step', () => {
    const transitions = run(replies.reserved, replies.authorized, replies.committed, replies.captured);
    expect(commandKinds(transitions)).toEqual([
      'ReserveStock',
      'AuthorizePayment',
      'CommitStock',
      'CapturePayment',
    ]);
    expect(last(transitions).outcome).toEqual({ status: 'CONFIRMED' });
    expect(last(transitions).state).toMatchObject({
      status: 'CONFIRMED',
      deadlineAt: null,
      reservationId: RES,
      paymentId: PAY,
    });
    expect(historyOf(transitions)).toEqual(HAPPY_PATH_STEPS);
  });

  it('sends AuthorizePayment with the total and the token, then forgets the token', () => {
    const [, reserved] = run(replies.reserved);
    expect(reserved?.commands).toEqual([
      {
        kind: 'AuthorizePayment',
        orderId: ORDER,
        customerId: CUSTOMER,
        amount,
        paymentMethodToken: 'pm_tok',
      },
    ]);
    expect(reserved?.state.paymentMethodToken).toBeNull();
  });

  it('gives every step its own deadline, counted from when it started', () => {
    const transitions = run(replies.reserved, replies.authorized);
    expect(transitions.map((t) => t.state.deadlineAt)).toEqual([at(10_000), at(11_000), at(12_000)]);
  });
});

describe('place-order saga: failures and compensation', () => {
  it('out of stock -> CANCELLED at once: nothing reserved, no payment command', () => {
    const transitions = run(replies.outOfStock);
    expect(commandKinds(transitions)).toEqual(['ReserveStock']);
    expect(last(transitions).outcome).toEqual({
      status: 'CANCELLED',
      code: 'INVENTORY.OUT_OF_STOCK',
      reason: replies.outOfStock.reason,
    });
    expect(last(transitions).state).toMatchObject({ status: 'CANCELLED', deadlineAt: null });
    expect(historyOf(transitions)).toEqual([
      'RESERVE_STOCK STARTED',
      'RESERVE_STOCK FAILED INVENTORY.OUT_OF_STOCK',
      'ORDER CANCELLED INVENTORY.OUT_OF_STOCK',
    ]);
  });

  it('declined -> release the stock (no payment to cancel) -> CANCELLED PAYMENT.DECLINED', () => {
    const transitions = run(replies.reserved, replies.declined);
    const compensating = last(transitions);
    expect(compensating.state).toMatchObject({
      status: 'COMPENSATING',
      compensations: { RELEASE_STOCK: 'PENDING', CANCEL_PAYMENT: 'NOT_NEEDED' },
      deadlineAt: at(12_000),
    });
    expect(compensating.commands).toEqual([
      { kind: 'ReleaseStock', orderId: ORDER, reason: 'PAYMENT.DECLINED: card declined' },
    ]);
    expect(compensating.outcome).toBeNull();

    const done = onReply(compensating.state, replies.released, at(3_000));
    expect(done.outcome).toEqual({ status: 'CANCELLED', code: 'PAYMENT.DECLINED', reason: 'card declined' });
    expect(historyOf([...transitions, done]).slice(-4)).toEqual([
      'AUTHORIZE_PAYMENT FAILED PAYMENT.DECLINED',
      'RELEASE_STOCK STARTED',
      'RELEASE_STOCK SUCCEEDED',
      'ORDER CANCELLED PAYMENT.DECLINED',
    ]);
  });

  it('provider unavailable -> release the stock AND cancel the payment (its outcome is unknown)', () => {
    const compensating = last(run(replies.reserved, replies.providerDown));
    expect(compensating.commands.map((c) => c.kind)).toEqual(['ReleaseStock', 'CancelPayment']);
  });

  it('capture failed -> release the committed stock and void the authorization, in any reply order', () => {
    const compensating = last(
      run(replies.reserved, replies.authorized, replies.committed, replies.captureFailed),
    );
    expect(compensating.commands.map((c) => c.kind)).toEqual(['ReleaseStock', 'CancelPayment']);

    const voidedFirst = onReply(compensating.state, replies.voided, at(5_000));
    expect(voidedFirst.outcome).toBeNull();
    expect(voidedFirst.state.compensations.CANCEL_PAYMENT).toBe('DONE');
    const done = onReply(voidedFirst.state, replies.released, at(6_000));
    expect(done.outcome).toMatchObject({ status: 'CANCELLED', code: 'PAYMENT.CAPTURE_FAILED' });

    const releasedFirst = onReply(compensating.state, replies.released, at(5_000));
    expect(releasedFirst.outcome).toBeNull();
    const doneToo = onReply(releasedFirst.state, replies.voided, at(6_000));
    expect(doneToo.outcome).toMatchObject({ status: 'CANCELLED', code: 'PAYMENT.CAPTURE_FAILED' });
  });

  it.each([
    ['authorized', 'AUTHORIZE_PAYMENT', [replies.reserved]],
    ['captured', 'CAPTURE_PAYMENT', [replies.reserved, replies.authorized, replies.committed]],
  ] as const)('a %s amount that differs from the total compensates everything', (_, step, before) => {
    const wrong: SagaReply =
      step === 'AUTHORIZE_PAYMENT'
        ? { kind: 'PaymentAuthorized', paymentId: PAY, amount: { amountMinor: 1, currency: 'EUR' } }
        : { kind: 'PaymentCaptured', paymentId: PAY, amount: { amountMinor: 2500, currency: 'USD' } };
    const transitions = run(...before, wrong);
    expect(last(transitions).state).toMatchObject({
      status: 'COMPENSATING',
      failure: { code: 'ORDER.PAYMENT_AMOUNT_MISMATCH', step },
    });
    expect(last(transitions).commands.map((c) => c.kind)).toEqual(['ReleaseStock', 'CancelPayment']);
  });
});

describe('place-order saga: step deadlines', () => {
  it('does nothing before the deadline', () => {
    const started = start();
    const early = onTimeout(started.state, at(9_999));
    expect(early.changed).toBe(false);
    expect(early.commands).toEqual([]);
    expect(early.history).toEqual([]);
  });

  it('RESERVE_STOCK timed out -> release (a reservation may exist), no payment command', () => {
    const timedOut = onTimeout(start().state, at(10_000));
    expect(timedOut.state).toMatchObject({
      status: 'COMPENSATING',
      failure: { code: STEP_TIMED_OUT, step: 'RESERVE_STOCK' },
      compensations: { RELEASE_STOCK: 'PENDING', CANCEL_PAYMENT: 'NOT_NEEDED' },
      paymentMethodToken: null,
    });
    expect(timedOut.commands.map((c) => c.kind)).toEqual(['ReleaseStock']);
    expect(historyOf([timedOut])).toEqual([
      'RESERVE_STOCK TIMED_OUT ORDER.STEP_TIMED_OUT',
      'RELEASE_STOCK STARTED',
    ]);
    const done = onReply(timedOut.state, replies.released, at(11_000));
    expect(done.outcome).toEqual({
      status: 'CANCELLED',
      code: 'ORDER.STEP_TIMED_OUT',
      reason: 'RESERVE_STOCK got no reply within 10000 ms',
    });
  });

  it.each([
    ['AUTHORIZE_PAYMENT', [replies.reserved]],
    ['COMMIT_STOCK', [replies.reserved, replies.authorized]],
    ['CAPTURE_PAYMENT', [replies.reserved, replies.authorized, replies.committed]],
  ] as const)('%s timed out -> release the stock and cancel the payment', (step, before) => {
    const running = last(run(...before));
    expect(running.state.step).toBe(step);
    const timedOut = onTimeout(running.state, running.state.deadlineAt as Date);
    expect(timedOut.commands.map((c) => c.kind)).toEqual(['ReleaseStock', 'CancelPayment']);
    expect(timedOut.state.failure).toMatchObject({ code: STEP_TIMED_OUT, step });
  });

  it('re-sends overdue compensations with a growing, capped deadline until they are answered', () => {
    let transition = onTimeout(last(run(replies.reserved)).state, at(11_000));
    const deadlines: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const now = transition.state.deadlineAt as Date;
      transition = onTimeout(transition.state, now);
      expect(transition.commands.map((c) => c.kind)).toEqual(['ReleaseStock', 'CancelPayment']);
      deadlines.push(((transition.state.deadlineAt as Date).getTime() - now.getTime()) / 1_000);
    }
    expect(deadlines).toEqual([20, 40, 80, 160, 160, 160]);
    expect(transition.state.compensationAttempts).toBe(6);
    expect(historyOf([transition])).toEqual(['RELEASE_STOCK RETRIED', 'CANCEL_PAYMENT RETRIED']);
  });

  it('re-sends only the compensation still pending', () => {
    const compensating = onTimeout(last(run(replies.reserved)).state, at(11_000));
    const halfDone = onReply(compensating.state, replies.voided, at(12_000));
    const retried = onTimeout(halfDone.state, halfDone.state.deadlineAt as Date);
    expect(retried.commands.map((c) => c.kind)).toEqual(['ReleaseStock']);
  });

  it('ignores timeouts of a finished saga', () => {
    const confirmed = last(run(replies.reserved, replies.authorized, replies.committed, replies.captured));
    expect(onTimeout(confirmed.state, at(999_999)).changed).toBe(false);
  });
});

describe('place-order saga: duplicate, late and out-of-order replies', () => {
  it('ignores a duplicate reply after its step advanced, and records it', () => {
    const transitions = run(replies.reserved, replies.reserved);
    const duplicate = last(transitions);
    expect(duplicate.changed).toBe(false);
    expect(duplicate.commands).toEqual([]);
    expect(duplicate.state).toBe(transitions[1]?.state);
    expect(duplicate.history).toEqual([
      {
        step: 'RESERVE_STOCK',
        event: 'REPLY_IGNORED',
        at: at(2_000),
        code: null,
        detail: 'StockReserved while waiting for step AUTHORIZE_PAYMENT',
      },
    ]);
  });

  it('ignores a reply for a step that has not started (out of order)', () => {
    const transitions = run(replies.committed, replies.captured, replies.authorized);
    expect(transitions.slice(1).every((t) => !t.changed && t.commands.length === 0)).toBe(true);
    expect(last(transitions).state.step).toBe('RESERVE_STOCK');
    expect(historyOf(transitions).slice(1)).toEqual([
      'COMMIT_STOCK REPLY_IGNORED',
      'CAPTURE_PAYMENT REPLY_IGNORED',
      'AUTHORIZE_PAYMENT REPLY_IGNORED',
    ]);
  });

  it('ignores a success that arrives after its step timed out: the compensation already undoes it', () => {
    const timedOut = onTimeout(start().state, at(10_000));
    const late = onReply(timedOut.state, replies.reserved, at(10_500));
    expect(late.changed).toBe(false);
    expect(late.state.status).toBe('COMPENSATING');
    expect(late.history[0]?.detail).toBe('StockReserved while waiting for compensation');
  });

  it('ignores compensation replies nobody asked for, and duplicates of answered ones', () => {
    const running = last(run(replies.reserved));
    expect(onReply(running.state, replies.released, at(3_000)).changed).toBe(false);
    const compensating = last(run(replies.reserved, replies.providerDown));
    const voided = onReply(compensating.state, replies.voided, at(4_000));
    const again = onReply(voided.state, replies.voided, at(5_000));
    expect(again.changed).toBe(false);
    expect(again.state.compensations.CANCEL_PAYMENT).toBe('DONE');
  });

  it('ignores everything once final', () => {
    const cancelled = last(run(replies.outOfStock));
    for (const reply of Object.values(replies)) {
      const next = onReply(cancelled.state, reply, at(9_000));
      expect(next.changed).toBe(false);
      expect(next.outcome).toBeNull();
      expect(next.history[0]?.detail).toMatch(/while waiting for nothing \(saga CANCELLED\)$/);
    }
  });
});

describe('place-order saga: what the table adds to the old cases', () => {
  it('an invalid payment method is as definite as a decline: release only', () => {
    const invalid: SagaReply = {
      kind: 'PaymentAuthorizationFailed',
      code: 'PAYMENT.INVALID_PAYMENT_METHOD',
      reason: 'expired card',
    };
    const compensating = last(run(replies.reserved, invalid));
    expect(compensating.commands.map((c) => c.kind)).toEqual(['ReleaseStock']);
    expect(compensating.state.compensations).toEqual({
      RELEASE_STOCK: 'PENDING',
      CANCEL_PAYMENT: 'NOT_NEEDED',
    });
  });

  it('records each compensation start, and what the payment compensation did', () => {
    const compensating = last(run(replies.reserved, replies.providerDown));
    const voided = onReply(compensating.state, replies.voided, at(3_000));
    expect(historyOf([compensating])).toEqual([
      'AUTHORIZE_PAYMENT FAILED PAYMENT.PROVIDER_UNAVAILABLE',
      'RELEASE_STOCK STARTED',
      'CANCEL_PAYMENT STARTED',
    ]);
    expect(voided.history).toEqual([
      { step: 'CANCEL_PAYMENT', event: 'SUCCEEDED', at: at(3_000), code: null, detail: 'VOIDED' },
    ]);
  });

  it('records a wrong payment amount as the failure of its step', () => {
    const wrong: SagaReply = {
      kind: 'PaymentAuthorized',
      paymentId: PAY,
      amount: { ...amount, amountMinor: 1 },
    };
    expect(historyOf(run(replies.reserved, wrong)).slice(-3)).toEqual([
      'AUTHORIZE_PAYMENT FAILED ORDER.PAYMENT_AMOUNT_MISMATCH',
      'RELEASE_STOCK STARTED',
      'CANCEL_PAYMENT STARTED',
    ]);
  });

  it('bounds the compensation reason to the 500 characters the contracts allow', () => {
    const verbose: SagaReply = { ...replies.declined, reason: 'x'.repeat(600) };
    const [release] = last(run(replies.reserved, verbose)).commands;
    expect(release).toMatchObject({ kind: 'ReleaseStock' });
    expect((release as { reason: string }).reason).toHaveLength(500);
    expect((release as { reason: string }).reason.endsWith('...')).toBe(true);
  });

  it('ignores a failure reply for another step while running', () => {
    const next = onReply(start().state, replies.captureFailed, at(1_000));
    expect(next.changed).toBe(false);
    expect(historyOf([next])).toEqual(['CAPTURE_PAYMENT REPLY_IGNORED']);
  });

  it('does nothing to a compensating saga before its deadline', () => {
    const compensating = last(run(replies.reserved, replies.providerDown));
    const early = onTimeout(compensating.state, at(11_999));
    expect(early.changed).toBe(false);
    expect(early.commands).toEqual([]);
  });

  it('refuses to send AuthorizePayment without the card token: a bug, not something to retry', () => {
    const tokenLost = { ...start().state, paymentMethodToken: null };
    expect(() => onReply(tokenLost, replies.reserved, at(1_000))).toThrow(/lost its payment token/);
  });
});
