import { AuthorizePaymentV1, CancelPaymentV1, ReleaseStockV1, ReserveStockV1 } from '@shop/contracts';
import { newCustomer, newKey, OrderSuite } from '../testing/order.under-test';
import { shortType } from '../testing/saga-participants';
import type { SpawnedService } from '@shop/platform/testing';
import { waitUntil } from '@shop/testing';

const STEP_TIMEOUT_MS = 4_000;
// After a SIGKILL the dead consumer keeps its partitions until its Kafka session
// times out (KAFKA_SESSION_TIMEOUT_MS, 10 s); the restarted process gets them then. Bounds, not sleeps.
const RESUME_TIMEOUT_MS = 90_000;

// The saga keeps all its state in order_db and every message is idempotent, so
// killing the order service at any point loses nothing: after a restart the
// relay re-sends what was recorded, Kafka redelivers what was not committed and
// the timeout job handles deadlines that passed while it was down.
describe('place-order saga survives SIGKILL of the order service (P09, P10)', () => {
  const suite = new OrderSuite({ grpc: 22410, admin: 22411, inventory: 22412 }, STEP_TIMEOUT_MS);
  let orderProcess: SpawnedService | undefined;
  const spawned: SpawnedService[] = [];

  const start = async () => {
    // warn: the process output is part of a failure message (below), keep it meaningful.
    orderProcess = suite.spawnService({ LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn' });
    spawned.push(orderProcess);
    await orderProcess.waitForReady(60_000);
  };
  /** A failure message with what the order processes printed: a crash test is hard to debug blind. */
  const explained = (work: () => Promise<void>) => async () => {
    try {
      await work();
    } catch (error) {
      const logs = spawned.map(
        (p, i) =>
          `--- order process ${i + 1} (tail) ---\n${[...p.logs.map((line) => JSON.stringify(line)), p.stderr()].join('\n').slice(-2_000)}`,
      );
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs.join('\n')}`, {
        cause: error,
      });
    }
  };
  const crash = async () => {
    await orderProcess?.stop('SIGKILL');
    orderProcess = undefined;
  };

  beforeAll(async () => {
    await suite.setUp({ startService: false });
    await start();
  }, 120_000);
  afterAll(async () => {
    await orderProcess?.stop();
    await suite.tearDown();
  }, 60_000);

  const place = async (productId: string) => {
    const { order } = await suite.order.client.placeOrder({
      customerId: newCustomer(),
      idempotencyKey: newKey(),
      lines: [{ productId, quantity: 1 }],
      paymentMethodToken: 'pm_ok',
    });
    return order?.orderId as string;
  };

  it(
    'killed between steps, restarted: resumes where it stopped and sends each command once',
    explained(async () => {
      const product = suite.product();
      // Inventory holds its reply until the order service is dead.
      suite.participants.script = (command) => (command.type === ReserveStockV1.type ? 'hold' : undefined);
      const orderId = await place(product);
      await waitUntil(async () => suite.participants.heldFor(orderId) === 1, {
        description: 'ReserveStock to reach inventory',
      });

      await crash();
      // The reply is produced while nobody consumes it; it waits in Kafka.
      await suite.participants.releaseHeld(orderId);
      await start();

      await suite.waitForStatus(orderId, 'CONFIRMED', RESUME_TIMEOUT_MS);
      expect(suite.participants.commandsOf(orderId)).toEqual([
        'reserve-stock',
        'authorize-payment',
        'commit-stock',
        'capture-payment',
      ]);
      const outbox = (await suite.outboxTypes(orderId)).map(shortType);
      expect(outbox).toEqual([
        'created',
        'reserve-stock',
        'authorize-payment',
        'commit-stock',
        'capture-payment',
        'confirmed',
      ]);
    }),
    RESUME_TIMEOUT_MS + 30_000,
  );

  it(
    'killed while a step waits, restarted after its deadline: the timeout job compensates',
    explained(async () => {
      const product = suite.product();
      suite.participants.script = (command) => (command.type === AuthorizePaymentV1.type ? [] : undefined);
      const orderId = await place(product);
      await waitUntil(async () => suite.participants.commandsOf(orderId).includes('authorize-payment'), {
        timeoutMs: 30_000,
        description: 'AuthorizePayment to reach payment',
      });

      await crash();
      const [saga] = await suite.db.query<{ deadline_at: Date }>(
        'SELECT deadline_at FROM place_order_sagas WHERE order_id = $1',
        [orderId],
      );
      // Down past the step's deadline: nothing in memory knows about it any more.
      await waitUntil(async () => Date.now() > (saga?.deadline_at.getTime() ?? 0), {
        timeoutMs: STEP_TIMEOUT_MS + 5_000,
        description: 'the step deadline to pass while the service is down',
      });
      await start();

      const row = await suite.waitForStatus(orderId, 'CANCELLED', RESUME_TIMEOUT_MS);
      expect(row['cancel_code']).toBe('ORDER.STEP_TIMED_OUT');
      expect(await suite.history(orderId)).toContain('AUTHORIZE_PAYMENT TIMED_OUT ORDER.STEP_TIMED_OUT');
      const commands = suite.participants.commandsOf(orderId);
      expect(commands.slice(0, 2)).toEqual(['reserve-stock', 'authorize-payment']);
      expect(commands.slice(2).sort()).toEqual(['cancel-payment', 'release-stock']);
      // The compensations, sent by a process that never saw the request, continue its trace
      // (the saga row keeps the trace context; the timeout job runs in it).
      const traces = await suite.outboxTraceIds(orderId);
      expect(traces[ReserveStockV1.type]).toMatch(/^[0-9a-f]{32}$/);
      expect(traces[ReleaseStockV1.type]).toBe(traces[ReserveStockV1.type]);
      expect(traces[CancelPaymentV1.type]).toBe(traces[ReserveStockV1.type]);
    }),
    RESUME_TIMEOUT_MS + 30_000,
  );
});
