import type { MoneyValue } from '../order-events';
import type { RequestedLine } from '../order';
import {
  amountMismatch,
  compensate,
  compensated,
  compensationAfterTimeout,
  compensationCommands,
} from './saga-compensation';
import type { SagaCommand, SagaReply, SagaReplyKind } from './saga-messages';
import {
  type ForwardStep,
  type HistoryStep,
  isFinal,
  type PlaceOrderSagaState,
  type SagaFailure,
  type SagaHistoryEntry,
} from './saga-state';
import { deadline, entry, type SagaSettings, type SagaTransition, unchanged } from './saga-transition';

export { PAYMENT_AMOUNT_MISMATCH } from './saga-compensation';
export type { SagaOutcome, SagaSettings, SagaTransition } from './saga-transition';

export const STEP_TIMED_OUT = 'ORDER.STEP_TIMED_OUT';

/** Compensation re-sends back off up to 2^4 step timeouts apart. */
const MAX_RETRY_BACKOFF_EXPONENT = 4;

/** Authorization failures after which the provider surely holds no money; others may hide an authorization. */
const DEFINITIVE_AUTHORIZATION_FAILURES = new Set(['PAYMENT.DECLINED', 'PAYMENT.INVALID_PAYMENT_METHOD']);

/** The step each reply answers: a reply for any other step is late, duplicate or out of order. */
const REPLY_STEP: Readonly<Record<SagaReplyKind, HistoryStep>> = {
  StockReserved: 'RESERVE_STOCK',
  StockReservationFailed: 'RESERVE_STOCK',
  PaymentAuthorized: 'AUTHORIZE_PAYMENT',
  PaymentAuthorizationFailed: 'AUTHORIZE_PAYMENT',
  StockCommitted: 'COMMIT_STOCK',
  PaymentCaptured: 'CAPTURE_PAYMENT',
  PaymentCaptureFailed: 'CAPTURE_PAYMENT',
  StockReleased: 'RELEASE_STOCK',
  PaymentCancelled: 'CANCEL_PAYMENT',
};

/**
 * Starts the saga for a freshly placed order: RUNNING at RESERVE_STOCK, with the
 * ReserveStock command to send and the step's deadline.
 */
export function startPlaceOrderSaga(
  input: {
    orderId: string;
    customerId: string;
    amount: MoneyValue;
    lines: readonly RequestedLine[];
    paymentMethodToken: string;
    now: Date;
  },
  settings: SagaSettings,
): SagaTransition {
  const state: PlaceOrderSagaState = {
    orderId: input.orderId,
    customerId: input.customerId,
    amount: input.amount,
    lines: input.lines,
    paymentMethodToken: input.paymentMethodToken,
    status: 'RUNNING',
    step: 'RESERVE_STOCK',
    deadlineAt: deadline(input.now, settings.stepTimeoutMs),
    reservationId: null,
    paymentId: null,
    stockCompensation: 'NOT_NEEDED',
    paymentCompensation: 'NOT_NEEDED',
    compensationAttempts: 0,
    failure: null,
  };
  return {
    state,
    commands: [{ kind: 'ReserveStock', orderId: input.orderId, lines: input.lines }],
    history: [entry('RESERVE_STOCK', 'STARTED', input.now)],
    outcome: null,
    changed: true,
  };
}

/**
 * Applies one participant reply. A reply that does not answer what the saga is
 * waiting for right now (a duplicate, a reply that arrives after its step timed
 * out, one for a step not started) changes nothing but a REPLY_IGNORED history line.
 */
export function handleSagaReply(
  state: PlaceOrderSagaState,
  reply: SagaReply,
  now: Date,
  settings: SagaSettings,
): SagaTransition {
  if (state.status === 'RUNNING') {
    const next = advance(state, reply, now, settings);
    if (next) return next;
  } else if (state.status === 'COMPENSATING') {
    const next = compensated(state, reply, now);
    if (next) return next;
  }
  return ignored(state, reply, now);
}

/**
 * Called by the timeout job when `deadlineAt` passed. A forward step that timed
 * out is treated as failed with an unknown outcome, so everything it may have
 * done is compensated. Overdue compensations are re-sent (they must eventually
 * succeed; the participants treat them idempotently) with a growing deadline.
 */
export function handleSagaTimeout(
  state: PlaceOrderSagaState,
  now: Date,
  settings: SagaSettings,
): SagaTransition {
  if (isFinal(state) || state.deadlineAt === null || state.deadlineAt.getTime() > now.getTime()) {
    return unchanged(state);
  }
  if (state.status === 'RUNNING') {
    const failure: SagaFailure = {
      code: STEP_TIMED_OUT,
      reason: `${state.step} got no reply within ${settings.stepTimeoutMs} ms`,
      step: state.step,
    };
    // Unknown outcome: the step may still happen after we gave up, so undo it too.
    // The participants receive the compensation after the command on the same
    // partition (both keyed by orderId), so they always apply it second.
    const compensation = compensationAfterTimeout(state.step);
    return compensate(state, failure, compensation, now, settings, [
      entry(state.step, 'TIMED_OUT', now, STEP_TIMED_OUT, failure.reason),
    ]);
  }
  const attempts = state.compensationAttempts + 1;
  const next: PlaceOrderSagaState = {
    ...state,
    compensationAttempts: attempts,
    deadlineAt: deadline(now, settings.stepTimeoutMs * 2 ** Math.min(attempts, MAX_RETRY_BACKOFF_EXPONENT)),
  };
  const commands = compensationCommands(next);
  return {
    state: next,
    commands,
    history: commands.map((command) =>
      entry(
        command.kind === 'ReleaseStock' ? 'RELEASE_STOCK' : 'CANCEL_PAYMENT',
        'RETRIED',
        now,
        null,
        `no reply in time; re-sent (attempt ${attempts + 1})`,
      ),
    ),
    outcome: null,
    changed: true,
  };
}

function advance(
  state: PlaceOrderSagaState,
  reply: SagaReply,
  now: Date,
  settings: SagaSettings,
): SagaTransition | undefined {
  switch (state.step) {
    case 'RESERVE_STOCK':
      if (reply.kind === 'StockReserved') {
        if (state.paymentMethodToken === null)
          throw new Error(`saga ${state.orderId} lost its payment token`);
        return forward(state, 'AUTHORIZE_PAYMENT', now, settings, { reservationId: reply.reservationId }, [
          entry('RESERVE_STOCK', 'SUCCEEDED', now, null, `reservation ${reply.reservationId}`),
          {
            kind: 'AuthorizePayment',
            orderId: state.orderId,
            customerId: state.customerId,
            amount: state.amount,
            paymentMethodToken: state.paymentMethodToken,
          },
        ]);
      }
      if (reply.kind === 'StockReservationFailed') {
        // All-or-nothing reservation (P11): nothing is held, nothing to undo.
        const failure = { code: reply.code, reason: reply.reason, step: state.step };
        return compensate(state, failure, { stock: 'NOT_NEEDED', payment: 'NOT_NEEDED' }, now, settings, [
          entry('RESERVE_STOCK', 'FAILED', now, reply.code, reply.reason),
        ]);
      }
      return undefined;
    case 'AUTHORIZE_PAYMENT':
      if (reply.kind === 'PaymentAuthorized') {
        if (!sameAmount(reply.amount, state.amount))
          return amountMismatch(state, reply.amount, now, settings);
        return forward(state, 'COMMIT_STOCK', now, settings, { paymentId: reply.paymentId }, [
          entry('AUTHORIZE_PAYMENT', 'SUCCEEDED', now, null, `payment ${reply.paymentId}`),
          { kind: 'CommitStock', orderId: state.orderId },
        ]);
      }
      if (reply.kind === 'PaymentAuthorizationFailed') {
        const failure = { code: reply.code, reason: reply.reason, step: state.step };
        // A decline leaves nothing at the provider; "provider unavailable" may hide an authorization.
        const payment = DEFINITIVE_AUTHORIZATION_FAILURES.has(reply.code) ? 'NOT_NEEDED' : 'PENDING';
        return compensate(state, failure, { stock: 'PENDING', payment }, now, settings, [
          entry('AUTHORIZE_PAYMENT', 'FAILED', now, reply.code, reply.reason),
        ]);
      }
      return undefined;
    case 'COMMIT_STOCK':
      if (reply.kind === 'StockCommitted') {
        return forward(state, 'CAPTURE_PAYMENT', now, settings, {}, [
          entry('COMMIT_STOCK', 'SUCCEEDED', now),
          { kind: 'CapturePayment', orderId: state.orderId },
        ]);
      }
      return undefined;
    case 'CAPTURE_PAYMENT':
      if (reply.kind === 'PaymentCaptured') {
        if (!sameAmount(reply.amount, state.amount))
          return amountMismatch(state, reply.amount, now, settings);
        const next: PlaceOrderSagaState = { ...state, status: 'CONFIRMED', deadlineAt: null };
        return {
          state: next,
          commands: [],
          history: [
            entry('CAPTURE_PAYMENT', 'SUCCEEDED', now, null, `payment ${reply.paymentId}`),
            entry('ORDER', 'CONFIRMED', now),
          ],
          outcome: { status: 'CONFIRMED' },
          changed: true,
        };
      }
      if (reply.kind === 'PaymentCaptureFailed') {
        // The stock is already committed and the authorization still holds: undo both.
        const failure = { code: reply.code, reason: reply.reason, step: state.step };
        return compensate(state, failure, { stock: 'PENDING', payment: 'PENDING' }, now, settings, [
          entry('CAPTURE_PAYMENT', 'FAILED', now, reply.code, reply.reason),
        ]);
      }
      return undefined;
  }
}

/** Moves to the next forward step: records the success, sends its command, starts its deadline. */
function forward(
  state: PlaceOrderSagaState,
  step: ForwardStep,
  now: Date,
  settings: SagaSettings,
  learned: Partial<Pick<PlaceOrderSagaState, 'reservationId' | 'paymentId'>>,
  [succeeded, command]: [SagaHistoryEntry, SagaCommand],
): SagaTransition {
  const next: PlaceOrderSagaState = {
    ...state,
    ...learned,
    step,
    deadlineAt: deadline(now, settings.stepTimeoutMs),
    // Once AuthorizePayment is recorded the token is never needed again: do not keep it (PCI scope).
    paymentMethodToken: command.kind === 'AuthorizePayment' ? null : state.paymentMethodToken,
  };
  return {
    state: next,
    commands: [command],
    history: [succeeded, entry(step, 'STARTED', now)],
    outcome: null,
    changed: true,
  };
}

function ignored(state: PlaceOrderSagaState, reply: SagaReply, now: Date): SagaTransition {
  const waitingFor =
    state.status === 'RUNNING'
      ? `step ${state.step}`
      : state.status === 'COMPENSATING'
        ? 'compensation'
        : `nothing (saga ${state.status})`;
  return {
    state,
    commands: [],
    history: [
      entry(
        REPLY_STEP[reply.kind],
        'REPLY_IGNORED',
        now,
        null,
        `${reply.kind} while waiting for ${waitingFor}`,
      ),
    ],
    outcome: null,
    changed: false,
  };
}

function sameAmount(a: MoneyValue, b: MoneyValue): boolean {
  return a.amountMinor === b.amountMinor && a.currency === b.currency;
}
