import { randomUUID } from 'node:crypto';
import type { RequestSpec } from '../../src/lib/http.ts';
import type { Vu } from '../../src/lib/vu.ts';
import { authHeader } from './auth.ts';
import { envNumber } from './env.ts';
import { pick } from './pick.ts';
import type { ShopData } from './seed.ts';

// One order's life per iteration: POST /v1/orders with an Idempotency-Key (sometimes retried
// with the same key, as a client that lost the response would), then GET /v1/orders/:orderId
// (backing off from 250 ms to 2 s) until the saga ends, recording its duration in the `saga_duration` trend. A share of orders
// pays with the provider's declining test card (docs/payment.md) and must end CANCELLED.

/** The payment provider's ready-made test tokens (README, apps/payment-provider). */
export const APPROVED_CARD = 'pm_card_visa';
export const DECLINED_CARD = 'pm_card_chargeDeclined';

const DECLINED_SHARE = envNumber('DECLINED_SHARE', 0.05);
const RETRY_SHARE = envNumber('RETRY_SHARE', 0.1);
/** First poll after this; each next one 1.5x later, at most POLL_MAX_INTERVAL_MS (a polite client backs off). */
const POLL_INTERVAL_MS = envNumber('POLL_INTERVAL_MS', 250);
const POLL_MAX_INTERVAL_MS = envNumber('POLL_MAX_INTERVAL_MS', 2_000);
const SAGA_TIMEOUT_MS = envNumber('SAGA_TIMEOUT_MS', 30_000);

interface OrderJson {
  orderId: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  lines: { productId: string; quantity: number; lineTotal: { amountMinor: number } }[];
  total: { amountMinor: number; currency: string };
  cancellation: { code: string; reason: string } | null;
  createdAt: string;
  updatedAt: string;
  steps: { step: string; event: string }[];
}

/** 1-2 distinct products, 1-2 units each (seed.ts MAX_UNITS_PER_ORDER). */
export function orderLines(data: ShopData): { productId: string; quantity: number }[] {
  const first = pick(data.products);
  const lines = [{ productId: first.productId, quantity: 1 + Math.floor(Math.random() * 2) }];
  const second = pick(data.products);
  if (Math.random() < 0.5 && second.productId !== first.productId)
    lines.push({ productId: second.productId, quantity: 1 + Math.floor(Math.random() * 2) });
  return lines;
}

export async function placeOrder(vu: Vu<ShopData>): Promise<void> {
  const customer = pick(vu.data.customers);
  const auth = await authHeader(vu, customer);
  const declined = Math.random() < DECLINED_SHARE;
  const flow = declined ? 'order-declined' : 'order';
  const key = randomUUID();
  const post: RequestSpec = {
    method: 'POST',
    path: '/v1/orders',
    route: '/v1/orders',
    headers: { ...auth, 'idempotency-key': `"${key}"` },
    json: { lines: orderLines(vu.data), paymentMethodToken: declined ? DECLINED_CARD : APPROVED_CARD },
    expectedStatuses: [202],
    tags: { flow },
  };
  const placed = await vu.request(post);
  const order = placed.json<OrderJson>();
  const accepted = vu.check(placed, {
    'place order: 202 PENDING with its Location': (r) =>
      r.status === 202 &&
      order?.status === 'PENDING' &&
      r.headers['location'] === `/v1/orders/${order.orderId}`,
  });
  if (!accepted || !order) return;

  if (Math.random() < RETRY_SHARE) {
    // P05: the same key and body again must not make a second order but replay the first answer.
    const replay = await vu.request({ ...post, tags: { flow: 'order-retry' } });
    vu.check(replay, {
      'retry with the same Idempotency-Key: the original 202 replayed byte for byte': (r) =>
        r.status === 202 && r.headers['idempotent-replayed'] === 'true' && r.body === placed.body,
    });
  }

  let final: OrderJson | undefined;
  const deadline = performance.now() + SAGA_TIMEOUT_MS;
  for (let wait = POLL_INTERVAL_MS; !final && performance.now() < deadline && !vu.signal.aborted;) {
    await vu.sleep(wait);
    wait = Math.min(wait * 1.5, POLL_MAX_INTERVAL_MS);
    const res = await vu.request({
      method: 'GET',
      path: `/v1/orders/${order.orderId}`,
      route: '/v1/orders/:orderId',
      headers: auth,
      expectedStatuses: [200],
      tags: { flow },
    });
    const current = res.json<OrderJson>();
    if (res.status === 200 && current && current.status !== 'PENDING') final = current;
  }
  if (!vu.check(final, { 'order reached CONFIRMED or CANCELLED in time': (f) => f !== undefined }) || !final)
    return;

  // Server-side timestamps: order created -> saga finished, what order_saga_duration_seconds
  // measures, without the client's polling granularity.
  vu.trend('saga_duration', Date.parse(final.updatedAt) - Date.parse(final.createdAt), {
    outcome: final.status.toLowerCase(),
  });
  if (declined)
    vu.check(final, {
      'declined card: CANCELLED with PAYMENT.DECLINED': (f) =>
        f.status === 'CANCELLED' && f.cancellation?.code === 'PAYMENT.DECLINED',
    });
  else
    vu.check(final, {
      'approved card: CONFIRMED, total = sum of lines': (f) =>
        f.status === 'CONFIRMED' &&
        f.total.amountMinor === f.lines.reduce((sum, line) => sum + line.lineTotal.amountMinor, 0),
    });
}
