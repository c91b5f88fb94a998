import type { Admin } from 'kafkajs';

/**
 * Readiness check of the Kafka dependency: asks the cluster for its
 * brokers, bounded by a timeout. The app registers it in its health registry.
 */
export class KafkaHealthCheck {
  constructor(
    private readonly admin: Admin,
    private readonly timeoutMs = 2_000,
  ) {}

  async check(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`kafka describeCluster timed out after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      const cluster = await Promise.race([this.admin.describeCluster(), timeout]);
      if (cluster.brokers.length === 0) throw new Error('kafka cluster reports no brokers');
    } finally {
      clearTimeout(timer);
    }
  }
}
