import { Product } from '@shop/inventory-domain';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DEMO_CATALOG, DEMO_CURRENCY, DemoProduct } from './demo-catalog';

export interface SeedResult {
  readonly created: number;
  readonly updated: number;
  /** Products created or changed: their cache entries (a cached "no such sku" too) must go. */
  readonly changed: ReadonlyArray<{ id: string; sku: string }>;
}

/**
 * Upserts the demo catalog in one transaction. Idempotent: a product is
 * matched by sku; its name, description and price are set to the demo values
 * (no write, no version bump when they already match); its stock is set only
 * when the product is new, or for every product with `resetStock`.
 */
export async function seedCatalog(
  client: Client,
  options: { resetStock?: boolean; catalog?: readonly DemoProduct[] } = {},
): Promise<SeedResult> {
  const changed: Array<{ id: string; sku: string }> = [];
  let created = 0;
  let updated = 0;
  await client.query('BEGIN');
  try {
    for (const demo of options.catalog ?? DEMO_CATALOG) {
      // Validated by the same rules as an admin's CreateProduct.
      const product = Product.create({ ...demo, id: randomUUID(), currency: DEMO_CURRENCY, now: new Date() });
      if (!product.ok) throw new Error(`demo product ${demo.sku}: ${product.error.message}`);
      const p = product.value.snapshot;
      const { rows } = await client.query<{ id: string; inserted: boolean }>(
        `INSERT INTO products (id, sku, name, description, price_minor, currency, active)
         VALUES ($1, $2, $3, $4, $5, $6, true)
         ON CONFLICT (sku) DO UPDATE
           SET name = EXCLUDED.name, description = EXCLUDED.description,
               price_minor = EXCLUDED.price_minor, currency = EXCLUDED.currency,
               version = products.version + 1, updated_at = now()
           WHERE (products.name, products.description, products.price_minor, products.currency)
                 IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.price_minor, EXCLUDED.currency)
         RETURNING id, (xmax = 0) AS inserted`,
        [p.id, p.sku, p.name, p.description, p.priceMinor, p.currency],
      );
      const row = rows[0];
      if (row) changed.push({ id: row.id, sku: p.sku });
      if (row?.inserted) {
        created += 1;
        await client.query(
          'INSERT INTO stock (product_id, available, reserved) VALUES ($1, $2, 0) ON CONFLICT (product_id) DO NOTHING',
          [row.id, demo.stock],
        );
      } else if (row) {
        updated += 1;
      }
      if (options.resetStock && !row?.inserted) {
        await client.query(
          `UPDATE stock SET available = $2, updated_at = now()
            WHERE product_id = (SELECT id FROM products WHERE sku = $1)`,
          [p.sku, demo.stock],
        );
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return { created, updated, changed };
}
