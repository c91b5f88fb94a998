// The monolith baseline of `make bench` (order path): ONE Node process that does what one
// order's lifecycle needs in the database and on Kafka, with the services' own SQL, against the
// same PostgreSQL and Kafka as the running system, but without the hops between services
// (no gateway -> order gRPC call, no order -> inventory pricing call, no saga commands and replies
// through outbox -> relay -> Kafka -> consumer -> inbox). What the microservice split costs is
// the difference. Per order, in order:
//   1. claim the Idempotency-Key (its own transaction, as apps/order does);
//   2. price the lines (SELECT products; the services make it a gRPC call to inventory);
//   3. ONE transaction: complete the key with the 202 answer, insert the order and its lines and
//      the order.created event into the outbox; answer 202 (the client sees the same contract);
//   then, in the background (what the saga does): publish the outbox row to Kafka and mark it;
//   4. reserve stock (reservation + lines + conditional stock updates, one transaction);
//   5. payment row AUTHORIZING (commit), authorize at the payment provider (its HTTP API, the same
//      one the payment service calls), AUTHORIZED (commit);
//   6. commit the reservation (reserved -= quantity, one transaction);
//   7. capture at the provider, CAPTURED (commit);
//   8. confirm the order + order.confirmed in the outbox (one transaction), publish and mark it.
// NOT included: the saga's own rows (place_order_sagas, saga_step_history: the orchestration
// exists because of the split), inbox deduplication (nothing is consumed), authentication (the
// customer id comes in a header), tracing, metrics and structured logging (the services have
// all three; the monolith would too, so this baseline is an upper bound), retries, timeouts jobs.
// Tables: copies of the services' schemas in one database `bench_monolith_db`, one schema per
// module (order_ctx, inventory_ctx, payment_ctx), made by the bench with pg_dump --schema-only.
//   BENCH_MONOLITH_PORT=22851 BENCH_MONOLITH_DATABASE_URL=postgres://... node load/bench/servers/monolith.ts
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import kafkajs from 'kafkajs';
import pg from 'pg';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const PORT = Number(env('BENCH_MONOLITH_PORT', '22851'));
const TOPIC = env('BENCH_MONOLITH_TOPIC', 'bench.monolith.orders.v1');
const PROVIDER_URL = env('PAYMENT_PROVIDER_URL', 'http://127.0.0.1:8090');
const pool = new pg.Pool({
  connectionString: env(
    'BENCH_MONOLITH_DATABASE_URL',
    'postgres://postgres:postgres@127.0.0.1:5432/bench_monolith_db',
  ),
  // The order service's pool alone has 10 connections (TypeORM's default); three services have 30+.
  max: Number(env('BENCH_MONOLITH_POOL', '20')),
  statement_timeout: 5_000,
});
const kafka = new kafkajs.Kafka({
  clientId: 'bench-monolith',
  brokers: env('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
  logLevel: kafkajs.logLevel.NOTHING,
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const stats = { accepted: 0, confirmed: 0, failed: 0, lastError: '' };

type Client = pg.PoolClient;
async function tx<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface Line {
  productId: string;
  quantity: number;
  unitPriceMinor: number;
}
interface Order {
  id: string;
  customerId: string;
  currency: string;
  totalMinor: number;
  lines: Line[];
  paymentMethodToken: string;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The outbox row of an event, in the recording transaction; returns its id for the publish. */
async function appendOutbox(client: Client, type: string, order: Order, data: unknown): Promise<string> {
  const result = await client.query<{ id: string }>(
    `INSERT INTO order_ctx.outbox (event_id, topic, event_type, source, subject, payload)
     VALUES ($1, $2, $3, 'monolith', $4, $5::jsonb) RETURNING id`,
    [randomUUID(), TOPIC, type, order.id, JSON.stringify(data)],
  );
  return (result.rows[0] as { id: string }).id;
}

/** What the relay does, inline: send the committed rows to Kafka, then mark them published. */
async function publish(ids: string[]): Promise<void> {
  const { rows } = await pool.query<{
    id: string;
    event_id: string;
    event_type: string;
    subject: string;
    payload: unknown;
  }>(
    'SELECT id, event_id, event_type, subject, payload FROM order_ctx.outbox WHERE id = ANY($1::bigint[]) ORDER BY id',
    [ids],
  );
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: rows.map((row) => ({
      key: row.subject,
      value: JSON.stringify({
        id: row.event_id,
        type: row.event_type,
        subject: row.subject,
        data: row.payload,
      }),
    })),
  });
  await pool.query('UPDATE order_ctx.outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

async function provider(path: string, key: string, body: unknown): Promise<{ id?: string; status?: string }> {
  const response = await fetch(new URL(path, PROVIDER_URL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(2_000),
  });
  const json = (await response.json()) as { id?: string; status?: string };
  if (!response.ok) throw new Error(`provider ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Steps 4-8: the saga's work, in-process. */
async function fulfil(order: Order, createdEvent: string): Promise<void> {
  await publish([createdEvent]);
  const reservationId = randomUUID();
  const sorted = [...order.lines].sort((a, b) => a.productId.localeCompare(b.productId));
  await tx(async (client) => {
    await client.query(
      `INSERT INTO inventory_ctx.reservations (id, order_id, status, expires_at, created_at, updated_at)
       VALUES ($1, $2, 'RESERVED', $3, $4, $4) ON CONFLICT (order_id) DO NOTHING RETURNING id`,
      [reservationId, order.id, new Date(Date.now() + 60_000), new Date()],
    );
    await client.query(
      `INSERT INTO inventory_ctx.reservation_lines (reservation_id, product_id, quantity)
       SELECT $1, product_id, quantity FROM unnest($2::uuid[], $3::int[]) AS l(product_id, quantity)`,
      [reservationId, sorted.map((l) => l.productId), sorted.map((l) => l.quantity)],
    );
    for (const line of sorted) {
      const updated = await client.query(
        `UPDATE inventory_ctx.stock SET available = available - $2, reserved = reserved + $2, updated_at = now()
          WHERE product_id = $1 AND available >= $2 RETURNING product_id`,
        [line.productId, line.quantity],
      );
      if (updated.rowCount !== 1) throw new Error(`out of stock: ${line.productId}`);
    }
  });
  const paymentId = randomUUID();
  await pool.query(
    `INSERT INTO payment_ctx.payments (id, order_id, customer_id, amount_minor, currency, payment_method_token,
       status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'AUTHORIZING', now(), now())`,
    [paymentId, order.id, order.customerId, order.totalMinor, order.currency, order.paymentMethodToken],
  );
  const charge = await provider('/v1/charges', `authorize:${order.id}`, {
    amount: order.totalMinor,
    currency: order.currency.toLowerCase(),
    payment_method: order.paymentMethodToken,
    capture: false,
    reference: order.id,
  });
  if (charge.status !== 'requires_capture' || !charge.id) throw new Error(`not authorized: ${charge.status}`);
  await pool.query(
    `UPDATE payment_ctx.payments SET status = 'AUTHORIZED', provider_charge_id = $2, authorized_at = now(),
       updated_at = now() WHERE id = $1 AND status = 'AUTHORIZING'`,
    [paymentId, charge.id],
  );
  await tx(async (client) => {
    await client.query(
      `UPDATE inventory_ctx.reservations SET status = 'COMMITTED', updated_at = now() WHERE id = $1 AND status = 'RESERVED'`,
      [reservationId],
    );
    for (const line of sorted)
      await client.query(
        `UPDATE inventory_ctx.stock SET reserved = reserved - $2, updated_at = now() WHERE product_id = $1`,
        [line.productId, line.quantity],
      );
  });
  await provider(`/v1/charges/${encodeURIComponent(charge.id)}/capture`, `capture:${order.id}`, {
    amount: order.totalMinor,
  });
  await pool.query(
    `UPDATE payment_ctx.payments SET status = 'CAPTURED', captured_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'AUTHORIZED'`,
    [paymentId],
  );
  const confirmedEvent = await tx(async (client) => {
    const now = new Date();
    await client.query(
      `UPDATE order_ctx.orders SET status = 'CONFIRMED', updated_at = $2, confirmed_at = $2 WHERE id = $1`,
      [order.id, now],
    );
    return appendOutbox(client, 'order.confirmed', order, {
      orderId: order.id,
      confirmedAt: now.toISOString(),
    });
  });
  await publish([confirmedEvent]);
  stats.confirmed += 1;
}

async function placeOrder(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const customerId = String(req.headers['x-customer-id'] ?? '');
  const key = String(req.headers['idempotency-key'] ?? '');
  const input = JSON.parse(body) as {
    lines?: { productId: string; quantity: number }[];
    paymentMethodToken?: string;
  };
  const lines = input.lines ?? [];
  if (
    !UUID.test(customerId) ||
    !key ||
    !input.paymentMethodToken ||
    lines.length === 0 ||
    lines.some((l) => !UUID.test(l.productId) || !(l.quantity >= 1 && l.quantity <= 1000))
  )
    return answer(res, 400, { title: 'invalid request' });

  const fingerprint = createHash('sha256').update(body).digest('hex');
  const leaseToken = randomUUID();
  const claimed = await tx((client) =>
    client.query(
      `INSERT INTO order_ctx.idempotency_keys
         (customer_id, idempotency_key, fingerprint, status, lease_token, lease_expires_at, created_at)
       VALUES ($1, $2, $3, 'IN_FLIGHT', $4, $5, $6)
       ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING lease_token`,
      [customerId, key, fingerprint, leaseToken, new Date(Date.now() + 30_000), new Date()],
    ),
  );
  if (claimed.rowCount !== 1) return answer(res, 409, { title: 'idempotency key in use' });

  const { rows: products } = await pool.query<{
    id: string;
    price_minor: string;
    currency: string;
    active: boolean;
  }>('SELECT id, price_minor, currency, active FROM inventory_ctx.products WHERE id = ANY($1::uuid[])', [
    lines.map((l) => l.productId),
  ]);
  const priced = new Map(products.map((p) => [p.id, p]));
  if (lines.some((l) => !priced.get(l.productId)?.active))
    return answer(res, 422, { title: 'unknown product' });
  const createdAt = new Date();
  const order: Order = {
    id: randomUUID(),
    customerId,
    currency: (priced.get(lines[0]?.productId ?? '') as { currency: string }).currency,
    lines: lines.map((l) => ({ ...l, unitPriceMinor: Number(priced.get(l.productId)?.price_minor) })),
    totalMinor: 0,
    paymentMethodToken: input.paymentMethodToken,
    createdAt,
  };
  order.totalMinor = order.lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
  const view = {
    orderId: order.id,
    status: 'PENDING',
    lines: order.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: { amountMinor: l.unitPriceMinor, currency: order.currency },
      lineTotal: { amountMinor: l.unitPriceMinor * l.quantity, currency: order.currency },
    })),
    total: { amountMinor: order.totalMinor, currency: order.currency },
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
  };
  const createdEvent = await tx(async (client) => {
    await client.query(
      `UPDATE order_ctx.idempotency_keys
          SET status = 'COMPLETED', order_id = $4, response_status = 202, response_body = $5::jsonb, completed_at = $6
        WHERE customer_id = $1 AND idempotency_key = $2 AND lease_token = $3 AND status = 'IN_FLIGHT'`,
      [customerId, key, leaseToken, order.id, JSON.stringify(view), createdAt],
    );
    await client.query(
      `INSERT INTO order_ctx.orders (id, customer_id, status, currency, total_minor, cancel_code, cancel_reason,
         created_at, updated_at, confirmed_at, cancelled_at)
       VALUES ($1, $2, 'PENDING', $3, $4, NULL, NULL, $5, $5, NULL, NULL)`,
      [order.id, customerId, order.currency, order.totalMinor, createdAt],
    );
    const params: unknown[] = [];
    const values = order.lines.map((l, i) => {
      params.push(order.id, i + 1, l.productId, l.quantity, l.unitPriceMinor, l.unitPriceMinor * l.quantity);
      const at = i * 6;
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6})`;
    });
    await client.query(
      `INSERT INTO order_ctx.order_lines (order_id, line_no, product_id, quantity, unit_price_minor, line_total_minor)
       VALUES ${values.join(', ')}`,
      params,
    );
    return appendOutbox(client, 'order.created', order, view);
  });
  stats.accepted += 1;
  answer(res, 202, view, { location: `/v1/orders/${order.id}` });
  fulfil(order, createdEvent).catch((error: unknown) => {
    stats.failed += 1;
    stats.lastError = error instanceof Error ? error.message : String(error);
  });
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/v1/orders')
      placeOrder(req, res, body).catch((error: unknown) => {
        stats.lastError = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) answer(res, 500, { title: 'internal error' });
      });
    else if (req.method === 'GET' && req.url === '/stats') answer(res, 200, stats);
    else answer(res, 404, { title: 'not found' });
  });
});

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  // Auto-creation is off (of the infra): the topic is made here, deleted by the bench after the run.
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  await producer.connect();
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  process.stdout.write(`monolith baseline on http://127.0.0.1:${PORT}\n`);
}

const shutdown = () => {
  server.close();
  void Promise.allSettled([producer.disconnect(), pool.end()]).then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
main().catch((error: unknown) => {
  process.stderr.write(`monolith: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
