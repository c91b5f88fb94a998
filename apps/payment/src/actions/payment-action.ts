import type { Job } from '@shop/platform';

/**
 * A provider call the service still owes, recorded in the same transaction as
 * the decision that needs it (a command's inbox transaction, or an outcome):
 * - AUTHORIZE: place the hold for a new payment;
 * - CAPTURE:   take the money of an authorized payment;
 * - CANCEL:    the saga's compensation: void an authorization or refund a capture;
 * - RELEASE:   void a hold that may exist after an authorization of unknown outcome.
 * CAPTURE, CANCEL and RELEASE must eventually happen: they are retried until done.
 */
export type PaymentActionKind = 'AUTHORIZE' | 'CAPTURE' | 'CANCEL' | 'RELEASE';

export interface PaymentAction extends Job {
  readonly id: string;
  readonly paymentId: string;
  readonly orderId: string;
  readonly kind: PaymentActionKind;
  /** Fencing token of this execution's lease: only its holder may complete it. */
  readonly leaseToken: string;
  readonly note: string | null;
}

/** Postgres channel the worker LISTENs on; NOTIFY is sent in the enqueuing transaction. */
export const PAYMENT_ACTIONS_CHANNEL = 'payment_actions';
