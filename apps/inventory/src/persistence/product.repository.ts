import { Injectable } from '@nestjs/common';
import { ProductSnapshot } from '@shop/inventory-domain';
import { DataSource, EntityManager } from 'typeorm';
import { rows, safeInteger } from '@shop/platform';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  price_minor: string;
  currency: string;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ProductFilter {
  readonly active?: boolean;
  /** Case-insensitive substring of name or sku. */
  readonly query?: string;
  readonly minPriceMinor?: number;
  readonly maxPriceMinor?: number;
  readonly currency?: string;
}

const COLUMNS = 'id, sku, name, description, price_minor, currency, active, version, created_at, updated_at';

/** What an update may change, in column order: everything but the id, the sku and the creation time. */
const editableValues = (product: ProductSnapshot): unknown[] => [
  product.name,
  product.description,
  product.priceMinor,
  product.currency,
  product.active,
  product.version,
];

const toSnapshot = (row: ProductRow): ProductSnapshot => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  priceMinor: safeInteger(row.price_minor),
  currency: row.currency,
  active: row.active,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** `%` and `_` in a user's text are literals, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The catalog in inventory_db. Reads that the cache fronts go through `findById`/`findIdBySku` only. */
@Injectable()
export class ProductRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<ProductSnapshot | null> {
    const rows: ProductRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM products WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async findIdBySku(sku: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      'SELECT id FROM products WHERE sku = $1',
      [sku],
    );
    return rows[0]?.id ?? null;
  }

  async findByIds(ids: readonly string[]): Promise<ProductSnapshot[]> {
    const rows: ProductRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM products WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toSnapshot);
  }

  /** Keyset page: products after `afterSku` in sku order (stable and index-backed, unlike OFFSET). */
  async list(filter: ProductFilter, afterSku: string | undefined, limit: number): Promise<ProductSnapshot[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.active !== undefined) where.push(`active = ${param(filter.active)}`);
    if (filter.query) {
      const pattern = param(likePattern(filter.query));
      where.push(`(name ILIKE ${pattern} OR sku ILIKE ${pattern})`);
    }
    if (filter.minPriceMinor !== undefined) where.push(`price_minor >= ${param(filter.minPriceMinor)}`);
    if (filter.maxPriceMinor !== undefined) where.push(`price_minor <= ${param(filter.maxPriceMinor)}`);
    if (filter.currency) where.push(`currency = ${param(filter.currency)}`);
    if (afterSku !== undefined) where.push(`sku > ${param(afterSku)}`);
    const sql = `SELECT ${COLUMNS} FROM products
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY sku LIMIT ${param(limit)}`;
    const rows: ProductRow[] = await this.dataSource.query(sql, params);
    return rows.map(toSnapshot);
  }

  /**
   * Inserts in the caller's transaction; false when the sku is taken.
   * ON CONFLICT instead of catching the unique violation: an error would abort
   * the whole transaction, this leaves it usable.
   */
  async insert(tx: EntityManager, product: ProductSnapshot): Promise<boolean> {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO products (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (sku) DO NOTHING RETURNING id`,
      [product.id, product.sku, ...editableValues(product), product.createdAt, product.updatedAt],
    );
    return rows.length === 1;
  }

  /** Reads and row-locks a product for a read-modify-write (no lost updates between two admins). */
  async lockById(tx: EntityManager, id: string): Promise<ProductSnapshot | null> {
    const rows: ProductRow[] = await tx.query(`SELECT ${COLUMNS} FROM products WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async update(tx: EntityManager, product: ProductSnapshot): Promise<void> {
    const updated = await rows<{ id: string }>(
      tx,
      `UPDATE products SET name = $2, description = $3, price_minor = $4, currency = $5, active = $6,
              version = $7, updated_at = $8
        WHERE id = $1 RETURNING id`,
      [product.id, ...editableValues(product), product.updatedAt],
    );
    if (updated.length !== 1) throw new Error(`product ${product.id} vanished during its update`);
  }
}
