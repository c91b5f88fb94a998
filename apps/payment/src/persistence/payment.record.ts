import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** Postgres bigint arrives as a string; amounts stay within Number.MAX_SAFE_INTEGER (Money checks). */
const bigintAsNumber: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** Row shape of `payments` in payment_db. Only this service's role can read it (P12). */
@Entity({ name: 'payments' })
export class PaymentRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'order_id' })
  orderId!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('bigint', { name: 'amount_minor', transformer: bigintAsNumber })
  amountMinor!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text', { name: 'payment_method_token' })
  paymentMethodToken!: string;

  @Column('text')
  status!: string;

  @Column('text', { name: 'provider_charge_id', nullable: true })
  providerChargeId!: string | null;

  @Column('text', { name: 'failure_code', nullable: true })
  failureCode!: string | null;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'authorized_at', nullable: true })
  authorizedAt!: Date | null;

  @Column('timestamptz', { name: 'captured_at', nullable: true })
  capturedAt!: Date | null;

  @Column('timestamptz', { name: 'voided_at', nullable: true })
  voidedAt!: Date | null;

  @Column('timestamptz', { name: 'refunded_at', nullable: true })
  refundedAt!: Date | null;

  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt!: Date | null;
}
