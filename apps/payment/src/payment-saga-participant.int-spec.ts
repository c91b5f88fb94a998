import {
  AuthorizePaymentV1,
  CancelPaymentV1,
  CapturePaymentV1,
  PaymentAuthorizationFailedV1,
  PaymentAuthorizedEventV1,
  PaymentAuthorizedV1,
  PaymentCancelledV1,
  PaymentCapturedEventV1,
  PaymentCapturedV1,
  PaymentFailedEventV1,
  PaymentRefundedEventV1,
  PaymentTopics,
} from '@shop/contracts';
import type { InProcessService } from '@shop/platform/testing';
import type { PaymentConfig } from './payment.config';
import { startPaymentService } from './testing/payment.under-test';
import { PaymentSuite } from './testing/payment-suite';
import { newOrderId, newTraceparent } from './testing/saga-messages';
import { waitUntil } from '@shop/testing';

// Ports of this suite (22200-22299 belong to the payment slice's tests).
const PORTS = { providerHttp: 22201, providerAdmin: 22202, grpc: 22210, admin: 22211 };
const PROVIDER_TIMEOUT_MS = 500;
const BREAKER_OPEN_MS = 2_000;

const customerId = '7d0c6c5e-2f5b-4d55-9d1e-3f7a2b9c1e01';
const amount = { amountMinor: 2599, currency: 'EUR' };

const suite = new PaymentSuite(PORTS);
let service: InProcessService<PaymentConfig>;

const authorize = (orderId: string, paymentMethodToken = 'pm_card_visa', traceparent?: string) =>
  suite.saga.send(
    AuthorizePaymentV1.type,
    orderId,
    { orderId, customerId, amount, paymentMethodToken },
    traceparent,
  );

const paymentRow = async (orderId: string) =>
  (await suite.db.query('SELECT * FROM payments WHERE order_id = $1', [orderId]))[0];

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${PORTS.admin}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

beforeAll(
  () =>
    suite.setUp(async () => {
      service = await startPaymentService(
        suite.serviceOptions({
          KAFKA_TOPIC_PARTITIONS: '2',
          PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
          PROVIDER_MAX_ATTEMPTS: '3',
          PROVIDER_RETRY_BASE_MS: '50',
          PROVIDER_RETRY_MAX_MS: '200',
          PROVIDER_BREAKER_FAILURE_THRESHOLD: '3',
          PROVIDER_BREAKER_OPEN_MS: String(BREAKER_OPEN_MS),
        }),
      );
    }),
  90_000,
);

afterAll(async () => {
  await service?.stop();
  await suite.tearDown();
}, 60_000);

afterEach(async () => {
  await suite.provider.resetKnobs();
});

describe('payment as a saga participant, against Postgres, Kafka and the real payment-provider', () => {
  it('authorizes: PaymentAuthorized reply + payment.authorized fact, one hold at the provider, in the command trace', async () => {
    const orderId = newOrderId();
    const traceparent = newTraceparent();
    await authorize(orderId, 'pm_card_visa', traceparent);

    const [reply] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type);
    const row = await paymentRow(orderId);
    expect(reply?.envelope.data).toEqual({ orderId, paymentId: row?.['id'], amount });
    expect(row).toMatchObject({
      status: 'AUTHORIZED',
      amount_minor: '2599',
      currency: 'EUR',
      failure_code: null,
    });
    const [fact] = await suite.saga.next(
      orderId,
      PaymentAuthorizedEventV1.topic,
      PaymentAuthorizedEventV1.type,
    );
    expect(fact?.envelope.data).toEqual({ paymentId: row?.['id'], orderId, customerId, amount });

    const charges = await suite.provider.charges(orderId);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      id: row?.['provider_charge_id'],
      status: 'requires_capture',
      amount: 2599,
      currency: 'eur',
    });
    // The reply continues the trace of the command, across the action worker's asynchronous hop.
    expect(reply?.envelope.traceparent?.split('-')[1]).toBe(traceparent.split('-')[1]);
  });

  it('a declined test card: PaymentAuthorizationFailed(PAYMENT.DECLINED) + payment.failed, nothing held', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 'pm_card_chargeDeclined');

    const [reply] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizationFailedV1.type);
    expect(reply?.envelope.data).toEqual({
      orderId,
      code: 'PAYMENT.DECLINED',
      reason: 'the card was declined',
    });
    const [fact] = await suite.saga.next(orderId, PaymentFailedEventV1.topic, PaymentFailedEventV1.type);
    expect(fact?.envelope.data).toMatchObject({ orderId, customerId, amount, code: 'PAYMENT.DECLINED' });
    expect(await paymentRow(orderId)).toMatchObject({ status: 'FAILED', failure_code: 'PAYMENT.DECLINED' });
    expect((await suite.provider.charges(orderId)).map((c) => c.status)).toEqual(['failed']);
    // A decline is certain: no release of a hold is scheduled.
    expect(
      await suite.db.query("SELECT 1 FROM payment_actions WHERE order_id = $1 AND kind = 'RELEASE'", [
        orderId,
      ]),
    ).toEqual([]);
  });

  it('P05: provider 500s then success -> retried with the same idempotency key, authorized once', async () => {
    const orderId = newOrderId();
    const retriesBefore = await metric('payment_provider_retries_total', { operation: 'authorize' });
    await suite.provider.setKnobs({ failNext: 2 });
    await authorize(orderId);

    await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type);
    expect(await suite.provider.charges(orderId)).toHaveLength(1);
    expect(await metric('payment_provider_retries_total', { operation: 'authorize' })).toBe(
      retriesBefore + 2,
    );
  });

  it('P10: a redelivered AuthorizePayment (same and new message id) -> one charge, the same reply', async () => {
    const orderId = newOrderId();
    const command = await authorize(orderId);
    const [first] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type);

    await suite.saga.resend(command); // Kafka redelivery: the inbox drops it
    await suite.saga.send(AuthorizePaymentV1.type, orderId, command.data); // the saga asking again: stored outcome
    const replies = await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type, 2);
    expect(replies[1]?.envelope.data).toEqual(first?.envelope.data);
    expect(await suite.provider.charges(orderId)).toHaveLength(1);
    const inbox = await suite.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1',
      [command.id],
    );
    expect(inbox[0]?.n).toBe(1);
  });

  it('a crash between the provider call and the outcome transaction: the re-run replays the key, one charge', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    const [first] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type);
    const chargeId = (await paymentRow(orderId))?.['provider_charge_id'];

    // What a SIGKILL after the provider answered but before COMMIT leaves behind: the payment
    // still AUTHORIZING, the action open with an expired lease.
    await suite.db.query(
      `UPDATE payments SET status = 'AUTHORIZING', provider_charge_id = NULL, authorized_at = NULL WHERE order_id = $1`,
      [orderId],
    );
    await suite.db.query(
      `UPDATE payment_actions SET completed_at = NULL, outcome = NULL, lease_token = gen_random_uuid(),
              lease_until = now() - interval '1 second' WHERE order_id = $1`,
      [orderId],
    );
    await suite.db.query("SELECT pg_notify('payment_actions', '')");

    const replies = await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type, 2);
    expect(replies[1]?.envelope.data).toEqual(first?.envelope.data);
    expect(await paymentRow(orderId)).toMatchObject({ status: 'AUTHORIZED', provider_charge_id: chargeId });
    expect(await suite.provider.charges(orderId)).toHaveLength(1);
    const [action] = await suite.db.query('SELECT attempts FROM payment_actions WHERE order_id = $1', [
      orderId,
    ]);
    expect(action).toEqual({ attempts: 2 });
  });

  it('cancel after authorize -> void at the provider, PaymentCancelled(VOIDED)', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type);
    await suite.saga.send(CancelPaymentV1.type, orderId, { orderId, reason: 'stock could not be committed' });

    const [reply] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentCancelledV1.type);
    expect(reply?.envelope.data).toEqual({ orderId, outcome: 'VOIDED' });
    expect(await paymentRow(orderId)).toMatchObject({ status: 'VOIDED' });
    expect((await suite.provider.charges(orderId)).map((c) => c.status)).toEqual(['canceled']);
  });

  it('capture, then cancel -> refund at the provider, PaymentCancelled(REFUNDED) + payment.refunded', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    await suite.saga.next(orderId, PaymentTopics.replies, PaymentAuthorizedV1.type);
    await suite.saga.send(CapturePaymentV1.type, orderId, { orderId });

    const [captured] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentCapturedV1.type);
    const row = await paymentRow(orderId);
    expect(captured?.envelope.data).toEqual({ orderId, paymentId: row?.['id'], amount });
    await suite.saga.next(orderId, PaymentCapturedEventV1.topic, PaymentCapturedEventV1.type);
    expect(await suite.provider.charges(orderId)).toMatchObject([
      { status: 'succeeded', amount_captured: 2599 },
    ]);

    await suite.saga.send(CancelPaymentV1.type, orderId, {
      orderId,
      reason: 'order cancelled after capture',
    });
    const [cancelled] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentCancelledV1.type);
    expect(cancelled?.envelope.data).toEqual({ orderId, outcome: 'REFUNDED' });
    await suite.saga.next(orderId, PaymentRefundedEventV1.topic, PaymentRefundedEventV1.type);
    expect(await paymentRow(orderId)).toMatchObject({ status: 'REFUNDED' });
    expect(await suite.provider.charges(orderId)).toMatchObject([{ refunded: true, amount_refunded: 2599 }]);

    // Repeated compensation: the stored outcome, no second refund.
    await suite.saga.send(CancelPaymentV1.type, orderId, { orderId, reason: 'again' });
    const again = await suite.saga.next(orderId, PaymentTopics.replies, PaymentCancelledV1.type, 2);
    expect(again[1]?.envelope.data).toEqual({ orderId, outcome: 'REFUNDED' });
  });

  it('cancel with no payment -> NOTHING_TO_CANCEL, and nothing is written', async () => {
    const orderId = newOrderId();
    await suite.saga.send(CancelPaymentV1.type, orderId, { orderId, reason: 'out of stock' });
    const [reply] = await suite.saga.next(orderId, PaymentTopics.replies, PaymentCancelledV1.type);
    expect(reply?.envelope.data).toEqual({ orderId, outcome: 'NOTHING_TO_CANCEL' });
    expect(await paymentRow(orderId)).toBeUndefined();
  });

  it('P04/P06: provider slower than PROVIDER_TIMEOUT_MS -> bounded failure, circuit opens, fast PROVIDER_UNAVAILABLE; capture waits and happens, the unknown hold is released', async () => {
    // An authorized payment whose capture will have to wait out the outage.
    const captureLater = newOrderId();
    await authorize(captureLater);
    await suite.saga.next(captureLater, PaymentTopics.replies, PaymentAuthorizedV1.type);

    // Each slow authorization: attempt 1 times out (a failure), the retries with the same key find
    // it still in flight at the provider (409: not a failure). Three of them open the circuit.
    await suite.provider.setKnobs({ latencyMs: PROVIDER_TIMEOUT_MS * 3 });
    const slow = [newOrderId(), newOrderId(), newOrderId()];
    for (const orderId of slow) {
      const sentAt = Date.now();
      await authorize(orderId);
      const [failed] = await suite.saga.next(
        orderId,
        PaymentTopics.replies,
        PaymentAuthorizationFailedV1.type,
      );
      // Bounded: at most 3 attempts x 500 ms + backoff, plus Kafka both ways; far below a saga step timeout.
      expect(Date.now() - sentAt).toBeLessThan(5_000);
      expect(failed?.envelope.data).toMatchObject({ orderId, code: 'PAYMENT.PROVIDER_UNAVAILABLE' });
    }
    expect(await metric('payment_provider_circuit_state', {})).toBe(2); // open

    // Circuit open: the next authorization fails at once, without reaching the provider.
    const fast = newOrderId();
    const fastSentAt = Date.now();
    await authorize(fast);
    const [fastFailed] = await suite.saga.next(
      fast,
      PaymentTopics.replies,
      PaymentAuthorizationFailedV1.type,
    );
    expect(fastFailed?.envelope.data).toEqual({
      orderId: fast,
      code: 'PAYMENT.PROVIDER_UNAVAILABLE',
      reason: 'the payment provider is unavailable (circuit open)',
    });
    expect(Date.now() - fastSentAt).toBeLessThan(PROVIDER_TIMEOUT_MS * 3);
    expect(await suite.provider.charges(fast)).toEqual([]);
    expect(
      await suite.db.query("SELECT 1 FROM payment_actions WHERE order_id = $1 AND kind = 'RELEASE'", [fast]),
    ).toEqual([]);

    // The capture is not lost while the circuit is open: postponed, then done once it closes.
    await suite.saga.send(CapturePaymentV1.type, captureLater, { orderId: captureLater });
    await waitUntil(
      async () => {
        const [action] = await suite.db.query(
          "SELECT last_error FROM payment_actions WHERE order_id = $1 AND kind = 'CAPTURE' AND completed_at IS NULL",
          [captureLater],
        );
        return action?.['last_error'] ? action : undefined;
      },
      { description: 'the capture to be postponed' },
    );
    await suite.provider.resetKnobs();
    await suite.saga.next(
      captureLater,
      PaymentTopics.replies,
      PaymentCapturedV1.type,
      1,
      BREAKER_OPEN_MS + 15_000,
    );
    expect(await suite.provider.charges(captureLater)).toMatchObject([{ status: 'succeeded' }]);

    // The slow authorizations were processed by the provider after we gave up: holds nobody
    // wanted. Each RELEASE action finds its hold (replaying the same key) and voids it.
    for (const orderId of slow) {
      const released = await waitUntil(
        async () => {
          const charges = await suite.provider.charges(orderId);
          return charges.length === 1 && charges[0]?.status === 'canceled' ? charges : undefined;
        },
        { description: `the unknown hold of ${orderId} to be released`, timeoutMs: BREAKER_OPEN_MS + 20_000 },
      );
      expect(released).toHaveLength(1);
      expect(await paymentRow(orderId)).toMatchObject({
        status: 'FAILED',
        failure_code: 'PAYMENT.PROVIDER_UNAVAILABLE',
      });
    }
  }, 60_000);
});
