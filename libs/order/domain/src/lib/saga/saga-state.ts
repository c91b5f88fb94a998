import type { MoneyValue } from '../order-events';
import type { RequestedLine } from '../order';

/** The forward steps, in order: reserve stock -> authorize payment -> commit stock -> capture payment. */
export const FORWARD_STEPS = [
  'RESERVE_STOCK',
  'AUTHORIZE_PAYMENT',
  'COMMIT_STOCK',
  'CAPTURE_PAYMENT',
] as const;
export type ForwardStep = (typeof FORWARD_STEPS)[number];

/** Compensations: undo what a forward step may have done. Both are idempotent at the participant. */
export type CompensationStep = 'RELEASE_STOCK' | 'CANCEL_PAYMENT';

/** RUNNING and COMPENSATING wait for a reply (with a deadline); CONFIRMED and CANCELLED are final. */
export type SagaStatus = 'RUNNING' | 'COMPENSATING' | 'CONFIRMED' | 'CANCELLED';

/** Per participant during compensation: nothing to undo, undo sent and awaited, or undone. */
export type CompensationState = 'NOT_NEEDED' | 'PENDING' | 'DONE';

export interface SagaFailure {
  /** Stable code that ends up on the cancelled order, e.g. PAYMENT.DECLINED, ORDER.STEP_TIMED_OUT. */
  readonly code: string;
  readonly reason: string;
  readonly step: ForwardStep;
}

/** What the order handed the saga, and what the participants answered that later steps need. */
export interface PlaceOrderSagaData {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: MoneyValue;
  readonly lines: readonly RequestedLine[];
  /** Needed only for AuthorizePayment; forgotten as soon as that command is recorded. */
  readonly paymentMethodToken: string | null;
  readonly reservationId: string | null;
  readonly paymentId: string | null;
}

/** Everything the orchestrator knows about one order's saga; persisted in order_db, one row per order. */
export interface PlaceOrderSagaState extends PlaceOrderSagaData {
  readonly status: SagaStatus;
  /** The forward step running now (RUNNING), or the last one reached. */
  readonly step: ForwardStep;
  /** When the awaited reply is overdue (RUNNING, COMPENSATING); null once final. */
  readonly deadlineAt: Date | null;
  readonly compensations: Readonly<Record<CompensationStep, CompensationState>>;
  /** How many times the pending compensations were re-sent after their deadline passed. */
  readonly compensationAttempts: number;
  readonly failure: SagaFailure | null;
}

export type HistoryStep = ForwardStep | CompensationStep | 'ORDER';

export type HistoryEvent =
  'STARTED' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'RETRIED' | 'REPLY_IGNORED' | 'CONFIRMED' | 'CANCELLED';

/** One line of the step history GET /v1/orders/{id} shows, with its time and failure reason. */
export interface SagaHistoryEntry {
  readonly step: HistoryStep;
  readonly event: HistoryEvent;
  readonly at: Date;
  readonly code: string | null;
  readonly detail: string | null;
}

export const isFinal = (state: PlaceOrderSagaState): boolean =>
  state.status === 'CONFIRMED' || state.status === 'CANCELLED';
