import type { MoneyValue } from '../order-events';
import type { StepResult } from './saga-engine';
import type { SagaCommand } from './saga-messages';
import type { PlaceOrderSagaData, PlaceOrderSagaState } from './saga-state';

// The checks the place-order table's rows call (place-order-saga.definition.ts).

export const PAYMENT_AMOUNT_MISMATCH = 'ORDER.PAYMENT_AMOUNT_MISMATCH';

/** The only command that needs the card token; a saga without it here is a bug, not something to retry. */
export function authorizePayment(saga: PlaceOrderSagaState): SagaCommand {
  const { orderId, customerId, amount, paymentMethodToken } = saga;
  if (paymentMethodToken === null) throw new Error(`saga ${orderId} lost its payment token`);
  return { kind: 'AuthorizePayment', orderId, customerId, amount, paymentMethodToken };
}

/**
 * A payment reply must carry the order's total, currency included: any other amount
 * fails the step, and since money may be held, everything is undone.
 */
export function samePaymentAmount(
  saga: PlaceOrderSagaState,
  reply: { readonly paymentId: string; readonly amount: MoneyValue },
  learned: Partial<PlaceOrderSagaData>,
): StepResult {
  const { amount } = reply;
  if (amount.amountMinor === saga.amount.amountMinor && amount.currency === saga.amount.currency) {
    return { learned, detail: `payment ${reply.paymentId}` };
  }
  const reason = `payment amount ${amount.amountMinor} ${amount.currency} differs from the order total ${saga.amount.amountMinor} ${saga.amount.currency}`;
  return { failure: { code: PAYMENT_AMOUNT_MISMATCH, reason } };
}
