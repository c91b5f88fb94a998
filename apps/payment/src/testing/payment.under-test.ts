import { inProcess, spawned, type InProcessService, type SpawnedService } from '@shop/platform/testing';
import type { ScratchDatabase } from '@shop/testing';
import { paymentService } from '../payment.service';
import type { PaymentConfig } from '../payment.config';

export interface PaymentServiceOptions {
  db: ScratchDatabase;
  /** The KAFKA_TOPIC_PREFIX of this instance: it never meets the running system's payment. */
  topicPrefix: string;
  providerUrl: string;
  grpcPort: number;
  adminPort: number;
  /** Overrides per test: provider timeouts, retries, the breaker. */
  env?: Record<string, string>;
}

/** The real payment service (PaymentAppModule, runService) in this process. */
export function startPaymentService(
  options: PaymentServiceOptions,
): Promise<InProcessService<PaymentConfig>> {
  return inProcess({
    ...paymentService,
    env: paymentEnv(options, 'info'),
  });
}

/** The compiled payment service as its own process, so a test can SIGKILL it mid provider call. */
export function spawnPaymentService(options: PaymentServiceOptions): SpawnedService {
  return spawned({ app: 'payment', env: paymentEnv(options, 'warn') });
}

function paymentEnv(options: PaymentServiceOptions, logLevel: string): Record<string, string> {
  return {
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? logLevel,
    GRPC_PORT: String(options.grpcPort),
    ADMIN_PORT: String(options.adminPort),
    DATABASE_URL: options.db.url,
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    PAYMENT_PROVIDER_URL: options.providerUrl,
    ...options.env,
  };
}

export interface ProviderCharge {
  id: string;
  status: string;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  refunded: boolean;
  reference: string | null;
  failure_code: string | null;
}

/**
 * The REAL payment-provider app, spawned exactly as it runs in a container
 * (`node dist/apps/payment-provider/src/main.js`), on the test's own ports,
 * with its test-only simulator endpoints (knobs, stats).
 */
export class PaymentProvider {
  private constructor(private readonly simulator: SpawnedService) {}

  static async start(httpPort: number, adminPort: number): Promise<PaymentProvider> {
    const simulator = spawned({
      app: 'payment-provider',
      env: {
        HTTP_PORT: String(httpPort),
        ADMIN_PORT: String(adminPort),
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
        SHUTDOWN_TIMEOUT_MS: '5000',
      },
    });
    await simulator.waitForReady();
    return new PaymentProvider(simulator);
  }

  get url(): string {
    return this.simulator.httpUrl;
  }

  async setKnobs(knobs: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.url}/v1/_simulator/knobs`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(knobs),
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) throw new Error(`knobs: ${response.status} ${await response.text()}`);
  }

  async resetKnobs(): Promise<void> {
    await fetch(`${this.url}/v1/_simulator/knobs`, { method: 'DELETE', signal: AbortSignal.timeout(2_000) });
  }

  /** Test-only counters: money-moving requests received, and in flight right now. */
  async stats(): Promise<{ received: number; inFlight: number }> {
    const response = await fetch(`${this.url}/v1/_simulator/stats`, { signal: AbortSignal.timeout(2_000) });
    return (await response.json()) as { received: number; inFlight: number };
  }

  /** Every charge the provider holds for a merchant reference (our order id). */
  async charges(reference: string): Promise<ProviderCharge[]> {
    const response = await fetch(`${this.url}/v1/charges?reference=${encodeURIComponent(reference)}`, {
      signal: AbortSignal.timeout(2_000),
    });
    return ((await response.json()) as { data: ProviderCharge[] }).data;
  }

  async stop(): Promise<void> {
    await this.simulator.stop('SIGTERM', 10_000);
  }
}
