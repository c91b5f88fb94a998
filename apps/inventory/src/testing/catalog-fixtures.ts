import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A unique sku per call, so tests never collide with each other or with reruns. */
export const uniqueSku = (prefix = 'T') => `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;

/** Inserts a product with its stock row directly (arrange step of reservation tests). */
export async function insertProduct(
  dataSource: DataSource,
  options: { available: number; active?: boolean; priceMinor?: number; sku?: string; name?: string },
): Promise<string> {
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO products (id, sku, name, price_minor, currency, active) VALUES ($1, $2, $3, $4, 'EUR', $5)`,
    [
      id,
      options.sku ?? uniqueSku(),
      options.name ?? 'Test product',
      options.priceMinor ?? 1000,
      options.active ?? true,
    ],
  );
  await dataSource.query('INSERT INTO stock (product_id, available) VALUES ($1, $2)', [
    id,
    options.available,
  ]);
  return id;
}

export async function stockOf(
  dataSource: DataSource,
  productId: string,
): Promise<{ available: number; reserved: number }> {
  const [row] = await dataSource.query('SELECT available, reserved FROM stock WHERE product_id = $1', [
    productId,
  ]);
  return { available: row.available, reserved: row.reserved };
}
