import { queryService, waitUntil } from '@shop/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Session } from './auth';
import { gateway } from './gateway';

// What the order tests do through the running system, written once: cards are
// tokenised at the provider (the shop only sees tokens), products are created
// and stocked through the admin API, orders are placed with an Idempotency-Key
// and followed until their saga finished; outcomes are read from each service's
// own database. Every caller makes its own products and keys: runs never collide.

export const providerUrl = process.env['PAYMENT_PROVIDER_URL'] ?? 'http://127.0.0.1:8090';
export const provider = () => request(providerUrl);
export const SAGA_TIMEOUT_MS = 45_000;

const nextYear = new Date().getUTCFullYear() + 1;
const runTag = `E2E${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
let productCount = 0;

/** Tokenises a card at the provider, as a browser would. */
export async function tokenise(number: string): Promise<string> {
  const res = await provider()
    .post('/v1/payment-methods')
    .send({ number, exp_month: 12, exp_year: nextYear, cvc: '123' })
    .expect(200);
  return res.body.id as string;
}

/** A new product with `stock` units, through the admin API. */
export async function newProduct(
  admin: Pick<Session, 'auth'>,
  stock: number,
  priceMinor = 1_999,
): Promise<string> {
  productCount += 1;
  const created = await gateway()
    .post('/v1/admin/products')
    .set(admin.auth)
    .send({
      sku: `${runTag}-${productCount}`,
      name: `E2E product ${runTag} ${productCount}`,
      description: 'created by the e2e suite',
      price: { amountMinor: priceMinor, currency: 'EUR' },
    })
    .expect(201);
  const productId = created.body.productId as string;
  await gateway()
    .put(`/v1/admin/products/${productId}/stock`)
    .set(admin.auth)
    .send({ quantity: stock })
    .expect(200);
  return productId;
}

export const orderBody = (productId: string, quantity: number, paymentMethodToken: string) => ({
  lines: [{ productId, quantity }],
  paymentMethodToken,
});

/** POST /v1/orders with a fresh key (or the given one; null sends none). */
export const postOrder = (
  session: Pick<Session, 'auth'>,
  body: object,
  key: string | null = randomUUID(),
) => {
  const req = gateway().post('/v1/orders').set(session.auth);
  return (key === null ? req : req.set('idempotency-key', `"${key}"`)).send(body);
};

/** Places an order and returns its id (202 expected). */
export async function placeOrder(session: Pick<Session, 'auth'>, body: object): Promise<string> {
  const res = await postOrder(session, body).expect(202);
  return res.body.orderId as string;
}

export type OrderView = Record<string, unknown> & { status: string };

/** Polls GET /v1/orders/{id} until the saga finished; returns the final body. */
export const finished = (session: Pick<Session, 'auth'>, orderId: string, timeoutMs = SAGA_TIMEOUT_MS) =>
  waitUntil(
    async () => {
      const res = await gateway().get(`/v1/orders/${orderId}`).set(session.auth).expect(200);
      return res.body.status === 'PENDING' ? undefined : (res.body as OrderView);
    },
    { timeoutMs, intervalMs: 250, description: `order ${orderId} to leave PENDING` },
  );

/** "STEP EVENT" lines of an order view's saga history. */
export const stepsOf = (order: OrderView) =>
  (order['steps'] as Array<{ step: string; event: string }>).map((s) => `${s.step} ${s.event}`);

export const stockOf = async (productId: string) =>
  (
    await queryService<{ available: number; reserved: number }>(
      'inventory',
      'SELECT available, reserved FROM stock WHERE product_id = $1',
      [productId],
    )
  )[0];

export const paymentsOf = (orderId: string) =>
  queryService<{ status: string; amount_minor: string }>(
    'payment',
    'SELECT status, amount_minor FROM payments WHERE order_id = $1',
    [orderId],
  );

/** The provider's own record of the money moved for an order (its `reference`). */
export async function providerChargesOf(orderId: string): Promise<Array<Record<string, unknown>>> {
  const res = await provider().get('/v1/charges').query({ reference: orderId }).expect(200);
  return res.body.data as Array<Record<string, unknown>>;
}
