import { Injectable } from '@nestjs/common';
import { Payment, PaymentErrors, type PaymentFailureCode, type PaymentStatus } from '@shop/payment-domain';
import { isUniqueViolation, rows, safeInteger } from '@shop/platform';
import { Money } from '@shop/shared-kernel';
import { DataSource, EntityManager } from 'typeorm';

/** A row of `payments` in payment_db. Only this service's role can read it. */
interface PaymentRow {
  id: string;
  order_id: string;
  customer_id: string;
  amount_minor: string;
  currency: string;
  payment_method_token: string;
  status: PaymentStatus;
  provider_charge_id: string | null;
  failure_code: PaymentFailureCode | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
  authorized_at: Date | null;
  captured_at: Date | null;
  voided_at: Date | null;
  refunded_at: Date | null;
  failed_at: Date | null;
}

/** What creation writes first, then what a transition changes (transitionValues). */
const PAYMENT_COLUMNS = `id, order_id, customer_id, amount_minor, currency, payment_method_token, created_at,
  status, provider_charge_id, failure_code, failure_reason, updated_at,
  authorized_at, captured_at, voided_at, refunded_at, failed_at`;

/** payments in payment_db: one row per order (UNIQUE order_id). Writes take the caller's transaction. */
@Injectable()
export class PaymentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The order's payment. With `forUpdate` (inside a transaction) the row is
   * locked until COMMIT, so a command handler and the action worker never
   * apply two transitions to the same payment at once.
   */
  async findByOrderId(
    orderId: string,
    options: { tx?: EntityManager; forUpdate?: boolean } = {},
  ): Promise<Payment | null> {
    const [row] = await rows<PaymentRow>(
      options.tx ?? this.dataSource,
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [orderId],
    );
    return row ? toDomain(row) : null;
  }

  /** Inserts in the caller's transaction; false when the order already has a payment. */
  async insert(tx: EntityManager, payment: Payment): Promise<boolean> {
    const { id, orderId, customerId, amount, paymentMethodToken, createdAt } = payment.snapshot;
    try {
      await tx.query(
        `INSERT INTO payments (${PAYMENT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          id,
          orderId,
          customerId,
          amount.amountMinor,
          amount.currency,
          paymentMethodToken,
          createdAt,
          ...transitionValues(payment),
        ],
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Writes a status transition: amount, method and owner never change after creation. */
  async update(tx: EntityManager, payment: Payment): Promise<void> {
    await tx.query(
      `UPDATE payments SET status = $2, provider_charge_id = $3, failure_code = $4, failure_reason = $5,
         updated_at = $6, authorized_at = $7, captured_at = $8, voided_at = $9, refunded_at = $10, failed_at = $11
       WHERE id = $1`,
      [payment.snapshot.id, ...transitionValues(payment)],
    );
  }
}

/** What a status transition changes, in PAYMENT_COLUMNS order. */
function transitionValues(payment: Payment): unknown[] {
  const p = payment.snapshot;
  return [
    p.status,
    p.providerChargeId,
    p.failureCode,
    p.failureReason,
    p.updatedAt,
    p.authorizedAt,
    p.capturedAt,
    p.voidedAt,
    p.refundedAt,
    p.failedAt,
  ];
}

function toDomain(row: PaymentRow): Payment {
  const amount = Money.of(safeInteger(row.amount_minor), row.currency, PaymentErrors.invalidAmount);
  if (!amount.ok) throw new Error(`payment ${row.id} has an invalid amount in the database`);
  return Payment.fromSnapshot({
    id: row.id,
    orderId: row.order_id,
    customerId: row.customer_id,
    amount: amount.value,
    paymentMethodToken: row.payment_method_token,
    status: row.status,
    providerChargeId: row.provider_charge_id,
    failureCode: row.failure_code,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    authorizedAt: row.authorized_at,
    capturedAt: row.captured_at,
    voidedAt: row.voided_at,
    refundedAt: row.refunded_at,
    failedAt: row.failed_at,
  });
}
