import type { SagaCommand } from './saga-messages';
import type { HistoryStep, PlaceOrderSagaState, SagaHistoryEntry } from './saga-state';

export interface SagaSettings {
  /** How long a step waits for its reply before the saga compensates (ORDER_SAGA_STEP_TIMEOUT_MS). */
  readonly stepTimeoutMs: number;
  /**
   * How long to wait for the answer to re-send number `attempt` of an unanswered
   * compensation (compensations must eventually succeed, so they are re-sent for
   * ever). The app computes it with the one backoff of @shop/platform.
   */
  readonly compensationResendTimeoutMs: (attempt: number) => number;
}

export type SagaOutcome =
  | { readonly status: 'CONFIRMED' }
  | { readonly status: 'CANCELLED'; readonly code: string; readonly reason: string };

/**
 * The result of feeding the saga one input (start, a reply, a timeout): the next
 * state, the commands to send (through the outbox, in the same transaction as the
 * state), the history lines to record, and, when the saga just finished, the
 * outcome to apply to the order. `changed` is false when the input was ignored.
 */
export interface SagaTransition {
  readonly state: PlaceOrderSagaState;
  readonly commands: readonly SagaCommand[];
  readonly history: readonly SagaHistoryEntry[];
  readonly outcome: SagaOutcome | null;
  readonly changed: boolean;
}

/** Nothing happened (a timeout before the deadline, or of a finished saga). */
export function unchanged(state: PlaceOrderSagaState): SagaTransition {
  return { state, commands: [], history: [], outcome: null, changed: false };
}

export function deadline(now: Date, timeoutMs: number): Date {
  return new Date(now.getTime() + timeoutMs);
}

/** One history line. */
export function entry(
  step: HistoryStep,
  event: SagaHistoryEntry['event'],
  at: Date,
  code: string | null = null,
  detail: string | null = null,
): SagaHistoryEntry {
  return { step, event, at, code, detail };
}
