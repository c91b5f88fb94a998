import { Injectable } from '@nestjs/common';
import type {
  CompensationState,
  ForwardStep,
  PlaceOrderSagaState,
  RequestedLine,
  SagaHistoryEntry,
  SagaStatus,
} from '@shop/order-domain';
import type { TraceCarrier } from '@shop/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { rows, safeInteger, valuesPlaceholders } from '@shop/platform';

interface SagaRow {
  order_id: string;
  customer_id: string;
  status: SagaStatus;
  step: ForwardStep;
  deadline_at: Date | null;
  amount_minor: string;
  currency: string;
  lines: RequestedLine[];
  payment_method_token: string | null;
  reservation_id: string | null;
  payment_id: string | null;
  stock_compensation: CompensationState;
  payment_compensation: CompensationState;
  compensation_attempts: number;
  failure_code: string | null;
  failure_reason: string | null;
  failure_step: ForwardStep | null;
}

interface HistoryRow {
  step: SagaHistoryEntry['step'];
  event: SagaHistoryEntry['event'];
  at: Date;
  code: string | null;
  detail: string | null;
}

/** An overdue saga, with the trace context of the request that started it. */
export interface OverdueSaga {
  readonly state: PlaceOrderSagaState;
  readonly trace: TraceCarrier;
}

/** The message that caused history lines (a reply's envelope), recorded next to them. */
export interface HistoryCause {
  readonly messageId: string;
  readonly messageType: string;
}

// Written once, when the saga starts: its order, customer, amount and lines never change.
const FIXED_COLUMNS = 'order_id, customer_id, amount_minor, currency, lines';
// What a transition may change, in the order of progressValues().
const PROGRESS_COLUMNS = `status, step, deadline_at, payment_method_token, reservation_id, payment_id,
  stock_compensation, payment_compensation, compensation_attempts, failure_code, failure_reason, failure_step`.split(
  /,\s*/,
);
const SAGA_COLUMNS = `${FIXED_COLUMNS}, ${PROGRESS_COLUMNS.join(', ')}`;

/**
 * place_order_sagas + saga_step_history. Every read that leads to a write locks
 * the saga row (FOR UPDATE) inside the caller's transaction, so concurrent
 * inputs for one order (two replies, a reply and a timeout, two replicas) apply
 * one after the other, each seeing the other's result.
 */
@Injectable()
export class SagaRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `trace`: the starting request's trace context, for the work the saga does later on its own. */
  async insert(tx: EntityManager, state: PlaceOrderSagaState, now: Date, trace: TraceCarrier): Promise<void> {
    await tx.query(
      `INSERT INTO place_order_sagas (${SAGA_COLUMNS}, created_at, updated_at, trace)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19::jsonb)`,
      [
        state.orderId,
        state.customerId,
        state.amount.amountMinor,
        state.amount.currency,
        JSON.stringify(state.lines),
        ...progressValues(state),
        now,
        JSON.stringify(trace),
      ],
    );
  }

  /** Writes what a transition may change. */
  async update(tx: EntityManager, state: PlaceOrderSagaState, now: Date): Promise<void> {
    // $1 is the order id, then one parameter per progress column, then the time.
    const assignments = PROGRESS_COLUMNS.map((column, index) => `${column} = $${index + 2}`).join(', ');
    const nowParam = `$${PROGRESS_COLUMNS.length + 2}`;
    await tx.query(
      `UPDATE place_order_sagas SET ${assignments}, version = version + 1, updated_at = ${nowParam}
        WHERE order_id = $1`,
      [state.orderId, ...progressValues(state), now],
    );
  }

  /** Locks one order's saga until the transaction ends; waits for a concurrent holder. */
  async lock(tx: EntityManager, orderId: string): Promise<PlaceOrderSagaState | null> {
    const [row] = await rows<SagaRow>(
      tx,
      `SELECT ${SAGA_COLUMNS} FROM place_order_sagas WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    return row ? toState(row) : null;
  }

  /**
   * Locks up to `limit` waiting sagas whose deadline passed. SKIP LOCKED: rows
   * another replica's job (or a reply being handled) holds are skipped, not
   * waited for, so any number of replicas can run the job without double work.
   */
  async lockOverdue(tx: EntityManager, now: Date, limit: number): Promise<OverdueSaga[]> {
    const found = await rows<SagaRow & { trace: TraceCarrier }>(
      tx,
      `SELECT ${SAGA_COLUMNS}, trace FROM place_order_sagas
        WHERE status IN ('RUNNING', 'COMPENSATING') AND deadline_at <= $1
        ORDER BY deadline_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return found.map((row) => ({ state: toState(row), trace: row.trace }));
  }

  async appendHistory(
    tx: EntityManager,
    orderId: string,
    entries: readonly SagaHistoryEntry[],
    cause?: HistoryCause,
  ): Promise<void> {
    if (entries.length === 0) return;
    // One multi-row INSERT: a transition writes 1-3 lines, and every statement is a round trip.
    await tx.query(
      `INSERT INTO saga_step_history (order_id, step, event, at, code, detail, message_id, message_type)
       VALUES ${valuesPlaceholders(entries.length, 8)}`,
      entries.flatMap((entry) => [
        orderId,
        entry.step,
        entry.event,
        entry.at,
        entry.code,
        entry.detail,
        cause?.messageId ?? null,
        cause?.messageType ?? null,
      ]),
    );
  }

  /** The trace context the saga was started in (`{}` when none was recorded); null without a saga. */
  async startingTrace(orderId: string): Promise<TraceCarrier | null> {
    const [row] = await rows<{ trace: TraceCarrier }>(
      this.dataSource,
      'SELECT trace FROM place_order_sagas WHERE order_id = $1',
      [orderId],
    );
    return row?.trace ?? null;
  }

  async history(orderId: string): Promise<SagaHistoryEntry[]> {
    return rows<HistoryRow>(
      this.dataSource,
      'SELECT step, event, at, code, detail FROM saga_step_history WHERE order_id = $1 ORDER BY id',
      [orderId],
    );
  }
}

function progressValues(state: PlaceOrderSagaState): unknown[] {
  return [
    state.status,
    state.step,
    state.deadlineAt,
    state.paymentMethodToken,
    state.reservationId,
    state.paymentId,
    state.compensations.RELEASE_STOCK,
    state.compensations.CANCEL_PAYMENT,
    state.compensationAttempts,
    state.failure?.code ?? null,
    state.failure?.reason ?? null,
    state.failure?.step ?? null,
  ];
}

function toState(row: SagaRow): PlaceOrderSagaState {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    amount: { amountMinor: safeInteger(row.amount_minor), currency: row.currency },
    lines: row.lines,
    paymentMethodToken: row.payment_method_token,
    status: row.status,
    step: row.step,
    deadlineAt: row.deadline_at,
    reservationId: row.reservation_id,
    paymentId: row.payment_id,
    compensations: { RELEASE_STOCK: row.stock_compensation, CANCEL_PAYMENT: row.payment_compensation },
    compensationAttempts: row.compensation_attempts,
    failure:
      row.failure_code !== null && row.failure_step !== null
        ? { code: row.failure_code, reason: row.failure_reason ?? '', step: row.failure_step }
        : null,
  };
}
