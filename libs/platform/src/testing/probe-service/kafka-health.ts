import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { APP_CONFIG } from '../../bootstrap/tokens';
import { HealthRegistry } from '../../health/health-registry';
import type { ProbeConfig } from './probe.config';

/**
 * Test-only Kafka readiness check (the messaging library registers the real
 * one): a kafkajs admin client asking for the cluster, with short timeouts and
 * no retries so a stopped broker shows as down quickly.
 */
@Injectable()
export class KafkaHealth implements OnModuleInit, OnApplicationShutdown {
  private readonly admin: Admin;

  constructor(
    @Inject(APP_CONFIG) config: ProbeConfig,
    private readonly health: HealthRegistry,
  ) {
    const kafka = new Kafka({
      clientId: `${config.SERVICE_NAME}-health`,
      brokers: config.KAFKA_BROKERS,
      connectionTimeout: 1_000,
      requestTimeout: 1_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
    this.admin = kafka.admin();
  }

  onModuleInit(): void {
    this.health.register(
      'kafka',
      async () => {
        const cluster = await this.admin.describeCluster();
        if (cluster.brokers.length === 0) throw new Error('kafka cluster reports no brokers');
      },
      { timeoutMs: 2_000 },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
