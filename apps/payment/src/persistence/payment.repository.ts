import { Injectable } from '@nestjs/common';
import { Payment, PaymentErrors, PaymentStatus, type PaymentFailureCode } from '@shop/payment-domain';
import { isUniqueViolation } from '@shop/platform';
import { Money } from '@shop/shared-kernel';
import { DataSource, EntityManager } from 'typeorm';
import { PaymentRecord } from './payment.record';

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
    const manager = options.tx ?? this.dataSource.manager;
    const record = await manager.getRepository(PaymentRecord).findOne({
      where: { orderId },
      ...(options.forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return record ? toDomain(record) : null;
  }

  /** Inserts in the caller's transaction; false when the order already has a payment. */
  async insert(tx: EntityManager, payment: Payment): Promise<boolean> {
    try {
      await tx.insert(PaymentRecord, toRecord(payment));
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async update(tx: EntityManager, payment: Payment): Promise<void> {
    const { id, ...changes } = toRecord(payment);
    await tx.update(PaymentRecord, { id }, changes);
  }
}

function toRecord(payment: Payment): PaymentRecord {
  const { amount, ...rest } = payment.snapshot;
  return { ...rest, amountMinor: amount.amountMinor, currency: amount.currency };
}

function toDomain(record: PaymentRecord): Payment {
  const amount = Money.of(record.amountMinor, record.currency, PaymentErrors.invalidAmount);
  if (!amount.ok) throw new Error(`payment ${record.id} has an invalid amount in the database`);
  return Payment.fromSnapshot({
    ...record,
    amount: amount.value,
    status: record.status as PaymentStatus,
    failureCode: record.failureCode as PaymentFailureCode | null,
  });
}
