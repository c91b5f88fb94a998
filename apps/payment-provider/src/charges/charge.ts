/**
 * A charge in the provider's vocabulary (lower-case currency, unix-second
 * timestamps, `requires_capture`/`succeeded`/`canceled`/`failed`, a separate
 * `refunded` flag). The payment service never sees these words past its
 * anti-corruption layer.
 */
export type ChargeStatus = 'requires_capture' | 'succeeded' | 'canceled' | 'failed';

export interface Charge {
  readonly id: string;
  readonly object: 'charge';
  readonly amount: number;
  amount_captured: number;
  amount_refunded: number;
  readonly currency: string;
  readonly payment_method: string;
  /** The merchant's own reference (the shop sends its order id); searchable. */
  readonly reference: string | null;
  status: ChargeStatus;
  captured: boolean;
  refunded: boolean;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly created: number;
  readonly livemode: false;
}

export interface Refund {
  readonly id: string;
  readonly object: 'refund';
  readonly amount: number;
  readonly charge: string;
  readonly currency: string;
  readonly status: 'succeeded';
  readonly created: number;
}

/** A copy, so a stored idempotent response never changes when the charge does later. */
export const snapshotOf = (charge: Charge): Charge => ({ ...charge });
