import { uniqueTopicPrefix, type ScratchDatabase } from '@shop/testing';
import { createPaymentTestDatabase } from './payment-test-database';
import { PaymentProvider, type PaymentServiceOptions } from './payment.under-test';
import { SagaMessages } from './saga-messages';

/** The ports of one suite: the provider's HTTP and admin, payment's gRPC and admin. */
export interface PaymentSuitePorts {
  readonly providerHttp: number;
  readonly providerAdmin: number;
  readonly grpc: number;
  readonly admin: number;
}

/**
 * What a payment under test talks to, set up and torn down in one place: the real
 * payment-provider, a scratch payment database, a Kafka namespace of its own and the
 * order side of the saga on it (`saga`). The spec starts payment itself, in this
 * process or spawned, with `serviceOptions()`.
 */
export class PaymentSuite {
  readonly topicPrefix = uniqueTopicPrefix('payment');
  provider!: PaymentProvider;
  db!: ScratchDatabase;
  saga!: SagaMessages;

  constructor(private readonly ports: PaymentSuitePorts) {}

  /**
   * Provider and database first, then `startPayment`, then the saga's side: payment
   * creates its topics (with their partition count) as it starts, so nobody else may
   * create them first.
   */
  async setUp(startPayment: () => Promise<void>): Promise<void> {
    this.provider = await PaymentProvider.start(this.ports.providerHttp, this.ports.providerAdmin);
    this.db = await createPaymentTestDatabase();
    await startPayment();
    this.saga = new SagaMessages(this.topicPrefix);
    await this.saga.start();
  }

  /** Payment wired to this suite's database, namespace, provider and ports; `env` is the spec's own. */
  serviceOptions(env: Record<string, string>): PaymentServiceOptions {
    return {
      db: this.db,
      topicPrefix: this.topicPrefix,
      providerUrl: this.provider.url,
      grpcPort: this.ports.grpc,
      adminPort: this.ports.admin,
      env,
    };
  }

  /** After the spec stopped its payment. */
  async tearDown(): Promise<void> {
    await this.saga?.stop();
    await this.provider?.stop();
    await this.db?.drop();
  }
}
