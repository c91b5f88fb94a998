import { sqlMigration } from '@shop/platform';

/**
 * payments: one row per order, amounts in integer minor units (never floats).
 * payment_actions: the provider calls still to make, so that no database
 * transaction is held open across a slow provider call and none is lost on a
 * crash (docs/payment.md). At most one action of a kind per order.
 */
export const CreatePayments1764300000000 = sqlMigration('CreatePayments1764300000000', {
  up: [
    `CREATE TABLE payments (
      id                   uuid PRIMARY KEY,
      order_id             uuid NOT NULL,
      customer_id          uuid NOT NULL,
      amount_minor         bigint NOT NULL CHECK (amount_minor >= 0),
      currency             char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      payment_method_token text NOT NULL,
      status               text NOT NULL
        CHECK (status IN ('AUTHORIZING', 'AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED', 'FAILED')),
      provider_charge_id   text,
      failure_code         text,
      failure_reason       text,
      created_at           timestamptz NOT NULL,
      updated_at           timestamptz NOT NULL,
      authorized_at        timestamptz,
      captured_at          timestamptz,
      voided_at            timestamptz,
      refunded_at          timestamptz,
      failed_at            timestamptz,
      CONSTRAINT payments_order_id_key UNIQUE (order_id),
      CONSTRAINT payments_failed_has_code CHECK (status <> 'FAILED' OR failure_code IS NOT NULL)
    )`,
    `CREATE TABLE payment_actions (
      id              bigserial PRIMARY KEY,
      payment_id      uuid NOT NULL REFERENCES payments (id),
      order_id        uuid NOT NULL,
      kind            text NOT NULL CHECK (kind IN ('AUTHORIZE', 'CAPTURE', 'CANCEL', 'RELEASE')),
      attempts        integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lease_token     uuid,
      lease_until     timestamptz,
      last_error      text,
      outcome         text,
      note            text,
      traceparent     text,
      tracestate      text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      completed_at    timestamptz,
      CONSTRAINT payment_actions_order_kind_key UNIQUE (order_id, kind)
    )`,
    // The worker's two questions: what is due, and is an earlier action of this order still open?
    'CREATE INDEX payment_actions_due ON payment_actions (next_attempt_at) WHERE completed_at IS NULL',
    'CREATE INDEX payment_actions_open_by_order ON payment_actions (order_id, id) WHERE completed_at IS NULL',
  ],
  down: ['DROP TABLE payment_actions', 'DROP TABLE payments'],
});
