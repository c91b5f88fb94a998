import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import { authHeader } from './auth.ts';
import { envNumber } from './env.ts';
import { jsonOf, send, type ShopRequest } from './http.ts';
import { pick, uuid } from './random.ts';
import type { ShopData } from './seed.ts';

// One order's life per iteration: POST /v1/orders with an Idempotency-Key (sometimes retried
// with the same key, as a client that lost the response would), then GET /v1/orders/:orderId
// (backing off from 250 ms to 2 s) until the saga ends, recording its duration in the
// `saga_duration` trend. A share of orders pays with the provider's declining test card
// (docs/payment.md) and must end CANCELLED.

/** The payment provider's ready-made test tokens (README, apps/payment-provider). */
export const APPROVED_CARD = 'pm_card_visa';
export const DECLINED_CARD = 'pm_card_chargeDeclined';

const DECLINED_SHARE = envNumber('DECLINED_SHARE', 0.05);
const RETRY_SHARE = envNumber('RETRY_SHARE', 0.1);
/** First poll after this; each next one 1.5x later, at most POLL_MAX_INTERVAL_MS (a polite client backs off). */
const POLL_INTERVAL_MS = envNumber('POLL_INTERVAL_MS', 250);
const POLL_MAX_INTERVAL_MS = envNumber('POLL_MAX_INTERVAL_MS', 2_000);
const SAGA_TIMEOUT_MS = envNumber('SAGA_TIMEOUT_MS', 30_000);

/** Order created -> saga finished, in ms (isTime: k6 shows it as a duration). */
const sagaDuration = new Trend('saga_duration', true);

interface OrderJson {
  orderId: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  lines: { productId: string; quantity: number; lineTotal: { amountMinor: number } }[];
  total: { amountMinor: number; currency: string };
  cancellation: { code: string; reason: string } | null;
  createdAt: string;
  updatedAt: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 1-2 distinct products, 1-2 units each (seed.ts MAX_UNITS_PER_ORDER). */
export function orderLines(data: ShopData): { productId: string; quantity: number }[] {
  const first = pick(data.products);
  const lines = [{ productId: first.productId, quantity: 1 + Math.floor(Math.random() * 2) }];
  const second = pick(data.products);
  if (Math.random() < 0.5 && second.productId !== first.productId)
    lines.push({ productId: second.productId, quantity: 1 + Math.floor(Math.random() * 2) });
  return lines;
}

export async function placeOrder(data: ShopData): Promise<void> {
  const auth = await authHeader(pick(data.customers));
  const declined = Math.random() < DECLINED_SHARE;
  const flow = declined ? 'order-declined' : 'order';
  const post: ShopRequest = {
    method: 'POST',
    path: '/v1/orders',
    route: '/v1/orders',
    headers: { ...auth, 'idempotency-key': `"${uuid()}"` },
    json: { lines: orderLines(data), paymentMethodToken: declined ? DECLINED_CARD : APPROVED_CARD },
    expected: [202],
    tags: { flow },
  };
  const placed = await send(post);
  const order = jsonOf<OrderJson>(placed);
  const accepted = check(placed, {
    'place order: 202 PENDING with its Location': (r) =>
      r.status === 202 &&
      order?.status === 'PENDING' &&
      r.headers['Location'] === `/v1/orders/${order.orderId}`,
  });
  if (!accepted || !order) return;

  if (Math.random() < RETRY_SHARE) {
    // The same key and body again must not make a second order but replay the first answer.
    const replay = await send({ ...post, tags: { flow: 'order-retry' } });
    check(replay, {
      'retry with the same Idempotency-Key: the original 202 replayed byte for byte': (r) =>
        r.status === 202 && r.headers['Idempotent-Replayed'] === 'true' && r.body === placed.body,
    });
  }

  let final: OrderJson | undefined;
  const deadline = Date.now() + SAGA_TIMEOUT_MS;
  for (
    let wait = POLL_INTERVAL_MS;
    !final && Date.now() < deadline;
    wait = Math.min(wait * 1.5, POLL_MAX_INTERVAL_MS)
  ) {
    await pause(wait);
    const res = await send({
      method: 'GET',
      path: `/v1/orders/${order.orderId}`,
      route: '/v1/orders/:orderId',
      headers: auth,
      expected: [200],
      tags: { flow },
    });
    const current = jsonOf<OrderJson>(res);
    if (res.status === 200 && current && current.status !== 'PENDING') final = current;
  }
  if (!check(final, { 'order reached CONFIRMED or CANCELLED in time': (f) => f !== undefined }) || !final)
    return;

  // Server-side timestamps: order created -> saga finished, what order_saga_duration_seconds
  // measures, without the client's polling granularity.
  sagaDuration.add(Date.parse(final.updatedAt) - Date.parse(final.createdAt), {
    outcome: final.status.toLowerCase(),
  });
  if (declined)
    check(final, {
      'declined card: CANCELLED with PAYMENT.DECLINED': (f) =>
        f.status === 'CANCELLED' && f.cancellation?.code === 'PAYMENT.DECLINED',
    });
  else
    check(final, {
      'approved card: CONFIRMED, total = sum of lines': (f) =>
        f.status === 'CONFIRMED' &&
        f.total.amountMinor === f.lines.reduce((sum, line) => sum + line.lineTotal.amountMinor, 0),
    });
}
