import { AuthorizePaymentV1, PaymentAuthorizedV1, PaymentTopics } from '@shop/contracts';
import type { SpawnedService } from '@shop/platform/testing';
import { spawnPaymentService } from './testing/payment.under-test';
import { PaymentSuite } from './testing/payment-suite';
import { newOrderId } from './testing/saga-messages';
import { waitUntil } from '@shop/testing';

// SIGKILL of the payment process while its provider call is in flight: the
// provider processes the authorization anyway; the restarted process re-runs the
// action (its lease expired) with the same idempotency key and records the SAME
// charge. Nothing lost, nothing doubled. Ports 22240-22243 (this slice's range).
const suite = new PaymentSuite({ providerHttp: 22240, providerAdmin: 22241, grpc: 22242, admin: 22243 });
let payment: SpawnedService | undefined;

/** main.js in the test's own Kafka namespace: it never meets the running system's payment. */
const startPayment = (): SpawnedService =>
  spawnPaymentService(
    suite.serviceOptions({
      KAFKA_TOPIC_PARTITIONS: '1',
      // One attempt of up to 3 s: the lease is 3 s + 2 s.
      PROVIDER_TIMEOUT_MS: '3000',
      PROVIDER_MAX_ATTEMPTS: '1',
      SHUTDOWN_TIMEOUT_MS: '5000',
    }),
  );

beforeAll(
  () =>
    suite.setUp(async () => {
      payment = startPayment();
      await payment.waitForReady(60_000);
    }),
  90_000,
);

afterAll(async () => {
  await payment?.stop();
  await suite.tearDown();
}, 60_000);

it('SIGKILL mid provider call -> after restart the same charge is recorded and replied, exactly one at the provider', async () => {
  const orderId = newOrderId();
  await suite.provider.setKnobs({ latencyMs: 1_500 });
  await suite.saga.send(AuthorizePaymentV1.type, orderId, {
    orderId,
    customerId: '7d0c6c5e-2f5b-4d55-9d1e-3f7a2b9c1e01',
    amount: { amountMinor: 4200, currency: 'EUR' },
    paymentMethodToken: 'pm_card_visa',
  });
  // The worker leased the action and its call reached the provider, which takes 1.5 s.
  await waitUntil(async () => (await suite.provider.stats()).inFlight === 1, {
    description: 'the authorization to be in flight at the provider',
  });
  const [action] = await suite.db.query('SELECT attempts FROM payment_actions WHERE order_id = $1', [
    orderId,
  ]);
  expect(action).toEqual({ attempts: 1 });
  await payment?.stop('SIGKILL');

  // The provider processed it although nobody is left to hear the answer.
  const [held] = await waitUntil(
    async () => {
      const charges = await suite.provider.charges(orderId);
      return charges.length === 1 ? charges : undefined;
    },
    { description: 'the provider to hold the amount' },
  );
  expect(await suite.db.query('SELECT status FROM payments WHERE order_id = $1', [orderId])).toEqual([
    { status: 'AUTHORIZING' },
  ]);

  await suite.provider.resetKnobs();
  // No wait for readiness: that includes rejoining the consumer group, which waits out the killed
  // member's Kafka session. The action worker does not need Kafka to finish the payment.
  payment = startPayment();
  const [reply] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type, 1, 45_000);

  const [row] = await suite.db.query(
    'SELECT id, status, provider_charge_id FROM payments WHERE order_id = $1',
    [orderId],
  );
  expect(row).toEqual({
    id: reply?.envelope.data['paymentId'],
    status: 'AUTHORIZED',
    provider_charge_id: held?.id,
  });
  expect(await suite.provider.charges(orderId)).toHaveLength(1);
  expect(
    await suite.db.query('SELECT attempts, outcome FROM payment_actions WHERE order_id = $1', [orderId]),
  ).toEqual([{ attempts: 2, outcome: 'AUTHORIZED' }]);
  expect(suite.saga.for(orderId, PaymentTopics.replies)).toHaveLength(1);
}, 60_000);
