import { Client } from 'pg';
import { createInventoryTestDatabase, type InventoryTestDatabase } from '../testing/inventory-test-database';
import { DEMO_CATALOG } from './demo-catalog';
import { seedCatalog } from './seed-catalog';

describe('demo catalog seed (idempotent upsert)', () => {
  let db: InventoryTestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createInventoryTestDatabase(2);
    client = new Client({ connectionString: db.url, connectionTimeoutMillis: 3_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const stockOf = async (sku: string) =>
    (
      await client.query<{ available: number }>(
        'SELECT s.available FROM stock s JOIN products p ON p.id = s.product_id WHERE p.sku = $1',
        [sku],
      )
    ).rows[0]?.available;

  it('creates about 20 active products with stock, then changes nothing on a re-run', async () => {
    expect(DEMO_CATALOG.length).toBeGreaterThanOrEqual(20);
    const first = await seedCatalog(client);
    expect(first).toMatchObject({ created: DEMO_CATALOG.length, updated: 0 });
    expect(first.changed).toHaveLength(DEMO_CATALOG.length); // their cache entries get dropped
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM products WHERE active',
    );
    expect(rows[0]?.n).toBe(DEMO_CATALOG.length);
    expect(await stockOf('LIMITED-PRINT')).toBe(10);

    expect(await seedCatalog(client)).toEqual({ created: 0, updated: 0, changed: [] });
  });

  it('keeps stock an admin or a demo changed, unless asked to reset it; restores edited demo fields', async () => {
    await client.query(
      `UPDATE stock SET available = 3 FROM products p WHERE p.id = stock.product_id AND p.sku = 'MUG-CLASSIC'`,
    );
    await client.query(`UPDATE products SET price_minor = 1 WHERE sku = 'MUG-TRAVEL'`);

    const result = await seedCatalog(client);
    expect(result).toMatchObject({
      created: 0,
      updated: 1,
      changed: [{ sku: 'MUG-TRAVEL', id: expect.any(String) }],
    });
    expect(await stockOf('MUG-CLASSIC')).toBe(3);

    await seedCatalog(client, { resetStock: true });
    expect(await stockOf('MUG-CLASSIC')).toBe(120);
  });
});
