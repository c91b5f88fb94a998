import type { MoneyValue } from '../order-events';
import type { SagaCommand, SagaReply } from './saga-messages';
import type {
  CompensationState,
  ForwardStep,
  PlaceOrderSagaState,
  SagaFailure,
  SagaHistoryEntry,
} from './saga-state';
import { deadline, entry, type SagaSettings, type SagaTransition } from './saga-transition';

// Compensation: undoing what the forward steps may have done, once a step failed or
// its outcome became unknown (timed out). Every undo is idempotent at the participant.

export const PAYMENT_AMOUNT_MISMATCH = 'ORDER.PAYMENT_AMOUNT_MISMATCH';

/** A compensation reply: marks its undo done; once every undo is in, the order is cancelled. */
export function compensated(
  state: PlaceOrderSagaState,
  reply: SagaReply,
  now: Date,
): SagaTransition | undefined {
  let next: PlaceOrderSagaState;
  let done: SagaHistoryEntry;
  if (reply.kind === 'StockReleased' && state.stockCompensation === 'PENDING') {
    next = { ...state, stockCompensation: 'DONE' };
    done = entry('RELEASE_STOCK', 'SUCCEEDED', now);
  } else if (reply.kind === 'PaymentCancelled' && state.paymentCompensation === 'PENDING') {
    next = { ...state, paymentCompensation: 'DONE' };
    done = entry('CANCEL_PAYMENT', 'SUCCEEDED', now, null, reply.outcome);
  } else {
    return undefined;
  }
  if (next.stockCompensation === 'PENDING' || next.paymentCompensation === 'PENDING') {
    return { state: next, commands: [], history: [done], outcome: null, changed: true };
  }
  return cancelled(next, now, [done]);
}

/**
 * Enters compensation for `failure`: sends the undo command of every participant
 * that may hold something, or cancels at once when nothing needs undoing.
 */
export function compensate(
  state: PlaceOrderSagaState,
  failure: SagaFailure,
  compensation: { stock: CompensationState; payment: CompensationState },
  now: Date,
  settings: SagaSettings,
  history: SagaHistoryEntry[],
): SagaTransition {
  const next: PlaceOrderSagaState = {
    ...state,
    status: 'COMPENSATING',
    failure,
    paymentMethodToken: null,
    stockCompensation: compensation.stock,
    paymentCompensation: compensation.payment,
    compensationAttempts: 0,
    deadlineAt: deadline(now, settings.stepTimeoutMs),
  };
  const commands = compensationCommands(next);
  if (commands.length === 0) return cancelled(next, now, history);
  const started = commands.map((command) =>
    entry(command.kind === 'ReleaseStock' ? 'RELEASE_STOCK' : 'CANCEL_PAYMENT', 'STARTED', now),
  );
  return { state: next, commands, history: [...history, ...started], outcome: null, changed: true };
}

export function cancelled(
  state: PlaceOrderSagaState,
  now: Date,
  history: SagaHistoryEntry[],
): SagaTransition {
  const failure = state.failure as SagaFailure;
  return {
    state: { ...state, status: 'CANCELLED', deadlineAt: null },
    commands: [],
    history: [...history, entry('ORDER', 'CANCELLED', now, failure.code, failure.reason)],
    outcome: { status: 'CANCELLED', code: failure.code, reason: failure.reason },
    changed: true,
  };
}

export function amountMismatch(
  state: PlaceOrderSagaState,
  amount: MoneyValue,
  now: Date,
  settings: SagaSettings,
): SagaTransition {
  const reason = `payment amount ${amount.amountMinor} ${amount.currency} differs from the order total ${state.amount.amountMinor} ${state.amount.currency}`;
  const failure = { code: PAYMENT_AMOUNT_MISMATCH, reason, step: state.step };
  return compensate(state, failure, { stock: 'PENDING', payment: 'PENDING' }, now, settings, [
    entry(state.step, 'FAILED', now, PAYMENT_AMOUNT_MISMATCH, reason),
  ]);
}

/** What a timed-out step may have done, and so must be undone. */
export function compensationAfterTimeout(step: ForwardStep): {
  stock: CompensationState;
  payment: CompensationState;
} {
  // RESERVE_STOCK: a reservation may exist, no payment was requested yet. Every later step
  // runs with stock reserved (or committed) and a payment authorized (or being authorized).
  return step === 'RESERVE_STOCK'
    ? { stock: 'PENDING', payment: 'NOT_NEEDED' }
    : { stock: 'PENDING', payment: 'PENDING' };
}

export function compensationCommands(state: PlaceOrderSagaState): SagaCommand[] {
  const reason = compensationReason(state.failure);
  const commands: SagaCommand[] = [];
  if (state.stockCompensation === 'PENDING')
    commands.push({ kind: 'ReleaseStock', orderId: state.orderId, reason });
  if (state.paymentCompensation === 'PENDING') {
    commands.push({ kind: 'CancelPayment', orderId: state.orderId, reason });
  }
  return commands;
}

/** The contracts bound a compensation reason to 1-500 characters. */
export function compensationReason(failure: SagaFailure | null): string {
  const text = failure ? `${failure.code}: ${failure.reason}` : 'order cancelled';
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
