import { mailsTo, waitUntil } from '@shop/testing';
import { randomUUID } from 'node:crypto';
import { newSession, type Session } from '../support/auth';
import { gateway, gatewayUrl } from '../support/gateway';

// The shop works where it is deployed: the happy path and a declined card through
// the public gateway only (GATEWAY_URL) and the mail sink's API (MAILPIT_URL), no
// database or internal port. Run against `docker compose up` and against the
// one-node Kubernetes cluster (scripts/containers, scripts/cluster); the ready-made
// card tokens of the simulated provider stand for a tokenised card.

const SAGA_TIMEOUT_MS = 60_000;
const APPROVED = 'pm_card_visa';
const DECLINED = 'pm_card_chargeDeclined';

interface OrderView {
  orderId: string;
  status: string;
  cancellation: { code: string } | null;
}

async function firstProductInStock(): Promise<string> {
  const res = await gateway().get('/v1/products?active=true&limit=50').expect(200);
  const products = res.body.items as { productId: string }[];
  expect(products.length).toBeGreaterThan(0); // the demo catalog is seeded
  return products[0]?.productId ?? '';
}

async function placeAndFollow(
  session: Session,
  productId: string,
  paymentMethodToken: string,
): Promise<OrderView> {
  const placed = await gateway()
    .post('/v1/orders')
    .set(session.auth)
    .set('idempotency-key', randomUUID())
    .send({ lines: [{ productId, quantity: 1 }], paymentMethodToken })
    .expect(202);
  const orderId = placed.body.orderId as string;
  return waitUntil(
    async () => {
      const res = await gateway().get(`/v1/orders/${orderId}`).set(session.auth).expect(200);
      const order = res.body as OrderView;
      return order.status === 'PENDING' ? undefined : order;
    },
    { timeoutMs: SAGA_TIMEOUT_MS, intervalMs: 250, description: `order ${orderId} to leave PENDING` },
  );
}

describe(`the deployed shop (${gatewayUrl})`, () => {
  let customer: Session;
  let productId: string;

  beforeAll(async () => {
    customer = await newSession();
    productId = await firstProductInStock();
  });

  it('an order with a good card is CONFIRMED, and the customer gets exactly one confirmation email', async () => {
    const order = await placeAndFollow(customer, productId, APPROVED);
    expect(order).toMatchObject({ status: 'CONFIRMED', cancellation: null });
    const subject = `Your order ${order.orderId} is confirmed`;
    const confirmations = await waitUntil(
      async () => {
        const found = (await mailsTo(customer.email)).filter((mail) => mail.Subject === subject);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, description: `the confirmation email of ${order.orderId}` },
    );
    expect(confirmations).toHaveLength(1);
  });

  it('an order with a declined card is CANCELLED by its saga, with the reason', async () => {
    const order = await placeAndFollow(customer, productId, DECLINED);
    expect(order.status).toBe('CANCELLED');
    expect(order.cancellation?.code).toBe('PAYMENT.DECLINED');
  });
});
