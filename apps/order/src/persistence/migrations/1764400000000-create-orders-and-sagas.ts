import { sqlMigration } from '@shop/platform';

/**
 * order_db: orders with their lines, the place-order saga (state + step history)
 * and the Idempotency-Key store. Only order_svc can read them.
 */
export const CreateOrdersAndSagas1764400000000 = sqlMigration('CreateOrdersAndSagas1764400000000', {
  up: [
    `CREATE TABLE orders (
      id            uuid        PRIMARY KEY,
      customer_id   uuid        NOT NULL,
      status        text        NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
      currency      char(3)     NOT NULL,
      -- Integer minor units, never floats; bigint holds any safe JS integer.
      total_minor   bigint      NOT NULL CHECK (total_minor >= 0),
      cancel_code   text        NULL,
      cancel_reason text        NULL,
      created_at    timestamptz NOT NULL,
      updated_at    timestamptz NOT NULL,
      confirmed_at  timestamptz NULL,
      cancelled_at  timestamptz NULL,
      CHECK ((status = 'CANCELLED') = (cancel_code IS NOT NULL))
    )`,
    // ListOrders: a customer's orders newest first, keyset-paginated on (created_at, id).
    'CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC, id DESC)',
    `CREATE TABLE order_lines (
      order_id         uuid     NOT NULL REFERENCES orders (id),
      line_no          smallint NOT NULL,
      product_id       uuid     NOT NULL,
      quantity         integer  NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
      unit_price_minor bigint   NOT NULL CHECK (unit_price_minor >= 0),
      line_total_minor bigint   NOT NULL CHECK (line_total_minor = unit_price_minor * quantity),
      PRIMARY KEY (order_id, line_no),
      UNIQUE (order_id, product_id)
    )`,

    // One row per order: the orchestrator's whole memory. Every reply and every
    // timeout locks it (SELECT ... FOR UPDATE), so one order's saga advances one
    // input at a time, whatever the number of replicas.
    `CREATE TABLE place_order_sagas (
      order_id              uuid        PRIMARY KEY REFERENCES orders (id),
      customer_id           uuid        NOT NULL,
      status                text        NOT NULL
        CHECK (status IN ('RUNNING', 'COMPENSATING', 'CONFIRMED', 'CANCELLED')),
      step                  text        NOT NULL
        CHECK (step IN ('RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'COMMIT_STOCK', 'CAPTURE_PAYMENT')),
      deadline_at           timestamptz NULL,
      amount_minor          bigint      NOT NULL,
      currency              char(3)     NOT NULL,
      lines                 jsonb       NOT NULL,
      payment_method_token  text        NULL,
      reservation_id        uuid        NULL,
      payment_id            uuid        NULL,
      stock_compensation    text        NOT NULL CHECK (stock_compensation IN ('NOT_NEEDED', 'PENDING', 'DONE')),
      payment_compensation  text        NOT NULL CHECK (payment_compensation IN ('NOT_NEEDED', 'PENDING', 'DONE')),
      compensation_attempts integer     NOT NULL DEFAULT 0,
      failure_code          text        NULL,
      failure_reason        text        NULL,
      failure_step          text        NULL,
      version               integer     NOT NULL DEFAULT 0,
      created_at            timestamptz NOT NULL,
      updated_at            timestamptz NOT NULL,
      -- Waiting sagas always have a deadline; finished ones never do.
      CHECK ((status IN ('RUNNING', 'COMPENSATING')) = (deadline_at IS NOT NULL))
    )`,
    // The timeout job's scan: only waiting sagas, oldest deadline first.
    `CREATE INDEX place_order_sagas_due_idx ON place_order_sagas (deadline_at)
      WHERE status IN ('RUNNING', 'COMPENSATING')`,
    `CREATE TABLE saga_step_history (
      id           bigserial   PRIMARY KEY,
      order_id     uuid        NOT NULL REFERENCES place_order_sagas (order_id),
      step         text        NOT NULL,
      event        text        NOT NULL,
      at           timestamptz NOT NULL,
      code         text        NULL,
      detail       text        NULL,
      -- The reply that caused this line (envelope id and type), if any.
      message_id   uuid        NULL,
      message_type text        NULL
    )`,
    'CREATE INDEX saga_step_history_order_idx ON saga_step_history (order_id, id)',

    // Idempotency-Key records, scoped per customer. The primary key is what
    // makes "insert first" safe under concurrency: of two requests with one key,
    // exactly one INSERT succeeds.
    `CREATE TABLE idempotency_keys (
      customer_id      uuid        NOT NULL,
      idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
      -- sha256 of the canonical request: same key + different request -> 422.
      fingerprint      text        NOT NULL,
      status           text        NOT NULL CHECK (status IN ('IN_FLIGHT', 'COMPLETED')),
      -- Fencing token and lease of the request processing an IN_FLIGHT key.
      lease_token      uuid        NOT NULL,
      lease_expires_at timestamptz NOT NULL,
      order_id         uuid        NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
      response_status  smallint    NULL,
      response_body    jsonb       NULL,
      created_at       timestamptz NOT NULL,
      completed_at     timestamptz NULL,
      PRIMARY KEY (customer_id, idempotency_key),
      CHECK ((status = 'COMPLETED') = (order_id IS NOT NULL AND response_body IS NOT NULL))
    )`,
    // The retention job deletes by age.
    'CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)',
  ],
  down: [
    'DROP TABLE idempotency_keys',
    'DROP TABLE saga_step_history',
    'DROP TABLE place_order_sagas',
    'DROP TABLE order_lines',
    'DROP TABLE orders',
  ],
});
