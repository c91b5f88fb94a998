import { sqlMigration } from '@shop/platform';

/**
 * The catalog, stock levels and reservations of inventory_db.
 *
 * `stock.available` and `stock.reserved` can never go below zero. The code
 * only ever changes them with conditional, relative updates; the CHECK
 * constraints are the last line of defence should a future change forget that.
 */
export const CreateCatalogAndStock1764300000000 = sqlMigration('CreateCatalogAndStock1764300000000', {
  up: [
    `CREATE TABLE products (
      id          uuid PRIMARY KEY,
      sku         text NOT NULL,
      name        text NOT NULL,
      description text NOT NULL DEFAULT '',
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      active      boolean NOT NULL DEFAULT true,
      version     integer NOT NULL DEFAULT 1,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      -- Its index also serves the keyset pagination (ORDER BY sku).
      CONSTRAINT products_sku_key UNIQUE (sku)
    )`,
    `CREATE TABLE stock (
      product_id uuid PRIMARY KEY REFERENCES products (id),
      available  integer NOT NULL DEFAULT 0,
      reserved   integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT stock_available_non_negative CHECK (available >= 0),
      CONSTRAINT stock_reserved_non_negative CHECK (reserved >= 0)
    )`,
    `CREATE TABLE reservations (
      id                  uuid PRIMARY KEY,
      -- One reservation per order: the idempotency key of ReserveStock (P10).
      order_id            uuid NOT NULL,
      status              text NOT NULL
                          CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'EXPIRED', 'REJECTED')),
      expires_at          timestamptz NOT NULL,
      failure_code        text,
      failure_reason      text,
      failure_product_ids uuid[] NOT NULL DEFAULT '{}',
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT reservations_order_id_key UNIQUE (order_id),
      CONSTRAINT reservations_failure_iff_rejected
        CHECK ((status = 'REJECTED') = (failure_code IS NOT NULL))
    )`,
    // The expiry job's scan: only open reservations, oldest deadline first.
    `CREATE INDEX reservations_open_expires_at_idx ON reservations (expires_at) WHERE status = 'RESERVED'`,
    // No foreign key to products: a REJECTED reservation records the unknown ids it was asked for.
    `CREATE TABLE reservation_lines (
      reservation_id uuid NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
      product_id     uuid NOT NULL,
      quantity       integer NOT NULL CHECK (quantity > 0),
      PRIMARY KEY (reservation_id, product_id)
    )`,
  ],
  down: [
    'DROP TABLE reservation_lines',
    'DROP TABLE reservations',
    'DROP TABLE stock',
    'DROP TABLE products',
  ],
});
