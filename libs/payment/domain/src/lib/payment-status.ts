/**
 * The life of a payment, in this domain's words (never the provider's).
 *
 *   AUTHORIZING --> AUTHORIZED --> CAPTURED --> REFUNDED
 *        |              |  \
 *        v              v   `--> FAILED (capture rejected)
 *      FAILED         VOIDED
 *
 * VOIDED, REFUNDED and FAILED are final.
 */
export const PaymentStatus = {
  AUTHORIZING: 'AUTHORIZING',
  AUTHORIZED: 'AUTHORIZED',
  CAPTURED: 'CAPTURED',
  VOIDED: 'VOIDED',
  REFUNDED: 'REFUNDED',
  FAILED: 'FAILED',
} as const;

export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];

export const PAYMENT_STATUSES: readonly PaymentStatus[] = Object.values(PaymentStatus);

/** The only legal moves. Anything else is a bug or a stale/out-of-order message. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  AUTHORIZING: ['AUTHORIZED', 'FAILED'],
  AUTHORIZED: ['CAPTURED', 'VOIDED', 'FAILED'],
  CAPTURED: ['REFUNDED'],
  VOIDED: [],
  REFUNDED: [],
  FAILED: [],
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function isFinal(status: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[status].length === 0;
}
