import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Counter } from '@opentelemetry/api';
import {
  APP_CONFIG,
  getMeter,
  JobWorker,
  LOGGER,
  pgClientConfigFromDataSource,
  type JobOutcome,
  type JobQueue,
  type Logger,
} from '@shop/platform';
import { DataSource } from 'typeorm';
import { actionWorkerSettings, type ActionWorkerSettings } from '../payment-settings';
import type { PaymentConfig } from '../payment.config';
import { PAYMENT_ACTIONS_CHANNEL, type PaymentAction } from './payment-action';
import { PaymentActionExecutor } from './payment-action.executor';
import { PaymentActionRepository } from './payment-action.repository';

const OPEN_GAUGE_EVERY_MS = 5_000;

/**
 * Payment actions (provider calls) on the platform's job worker
 * (libs/platform/src/jobs): this class supplies only what is payment's own -
 * the claim/reschedule SQL of payment_actions and the executor. The worker
 * runs at most PAYMENT_ACTION_CONCURRENCY provider calls at once per process
 * (the bulkhead), each in the trace of the command that asked for it
 *; on shutdown it stops claiming and lets running actions finish (bounded
 * by the provider timeouts); an action cut off by SIGKILL is re-run when its
 * lease expires.
 */
@Injectable()
export class PaymentActionWorker implements JobQueue<PaymentAction>, OnModuleInit, OnModuleDestroy {
  readonly name = 'payment-actions';
  private readonly settings: ActionWorkerSettings;
  private readonly worker: JobWorker<PaymentAction>;
  private readonly executions: Counter;
  private open: number | undefined;
  private openMeasuredAt = 0;

  constructor(
    private readonly repository: PaymentActionRepository,
    private readonly executor: PaymentActionExecutor,
    dataSource: DataSource,
    @Inject(APP_CONFIG) config: PaymentConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.settings = actionWorkerSettings(config);
    const connection = pgClientConfigFromDataSource(
      dataSource.options,
      { connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS },
      `${config.SERVICE_NAME}-action-listener`,
    );
    const listen = { channel: PAYMENT_ACTIONS_CHANNEL, connection };
    this.worker = new JobWorker(this, { ...this.settings, listen }, logger);
    const meter = getMeter();
    this.executions = meter.createCounter('payment_actions_executed_total', {
      description: 'Payment action executions by kind and result (completed, rescheduled, lease_lost, error)',
    });
    meter
      .createObservableGauge('payment_actions_open', { description: 'Payment actions not completed yet' })
      .addCallback((result) => {
        if (this.open !== undefined) result.observe(this.open);
      });
  }

  /**
   * Starts with the module, not at application bootstrap: the worker needs only
   * the database, and must not wait while the Kafka consumer rejoins its group
   * (after a crash that waits out the dead member's session, ~30 s).
   */
  onModuleInit(): void {
    this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.stop();
  }

  async claim(limit: number): Promise<PaymentAction[]> {
    const claimed = await this.repository.claimDue(limit, this.settings);
    await this.measureOpen();
    return claimed;
  }

  span(action: PaymentAction) {
    return {
      name: `payment ${action.kind.toLowerCase()}`,
      attributes: {
        'payment.action': action.kind,
        'payment.action.attempt': action.attempts,
        'shop.order_id': action.orderId,
      },
    };
  }

  async handle(action: PaymentAction): Promise<JobOutcome> {
    let outcome: JobOutcome;
    try {
      outcome = await this.executor.execute(action);
    } catch (error) {
      this.executions.add(1, { kind: action.kind, result: 'error' });
      throw error;
    }
    this.executions.add(1, { kind: action.kind, result: EXECUTION_RESULT[outcome.status] });
    return outcome;
  }

  reschedule(action: PaymentAction, delayMs: number, error: string): Promise<void> {
    return this.repository.reschedule(action, delayMs, error);
  }

  private async measureOpen(): Promise<void> {
    if (Date.now() - this.openMeasuredAt < OPEN_GAUGE_EVERY_MS) return;
    this.openMeasuredAt = Date.now();
    this.open = await this.repository.countOpen();
  }
}

/** The metric's result label (a closed set), as dashboards know it. */
const EXECUTION_RESULT: Record<JobOutcome['status'], string> = {
  completed: 'completed',
  'lease-lost': 'lease_lost',
  failed: 'rescheduled',
};
