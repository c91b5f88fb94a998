import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace, type Counter } from '@opentelemetry/api';
import {
  extractTraceContext,
  pgClientConfigFromDataSource,
  withTracingSuppressed,
  WakeSignal,
} from '@shop/messaging';
import { APP_CONFIG, getMeter, LOGGER, type Logger } from '@shop/platform';
import { DataSource } from 'typeorm';
import { actionWorkerSettings, type ActionWorkerSettings } from '../payment-settings';
import type { PaymentConfig } from '../payment.config';
import { ActionListener } from './action-listener';
import type { PaymentAction } from './payment-action';
import { PaymentActionExecutor, type ExecutionResult } from './payment-action.executor';
import { PaymentActionRepository } from './payment-action.repository';

const OPEN_GAUGE_EVERY_MS = 5_000;

/**
 * Executes payment actions (provider calls) outside the inbox transaction.
 * Woken by NOTIFY (or a 1 s poll), it leases due actions up to its concurrency
 * - the bulkhead: at most PAYMENT_ACTION_CONCURRENCY provider calls in flight
 * per process (P06) - and runs each in the trace of the command that asked for
 * it (P20). On shutdown it stops claiming and lets in-flight actions finish
 * (bounded by the provider timeouts); an action cut off by SIGKILL is re-run
 * when its lease expires.
 */
@Injectable()
export class PaymentActionWorker implements OnModuleInit, OnModuleDestroy {
  private readonly settings: ActionWorkerSettings;
  private readonly doorbell = new WakeSignal();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly listener: ActionListener;
  private readonly executions: Counter;
  private readonly tracer = trace.getTracer('payment-actions');
  private open: number | undefined;
  private openMeasuredAt = 0;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly repository: PaymentActionRepository,
    private readonly executor: PaymentActionExecutor,
    dataSource: DataSource,
    @Inject(APP_CONFIG) config: PaymentConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.settings = actionWorkerSettings(config);
    const connection = pgClientConfigFromDataSource(
      dataSource.options,
      { connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS },
      `${config.SERVICE_NAME}-action-listener`,
    );
    this.listener = new ActionListener(connection, () => this.doorbell.notify(), logger);
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
    this.listener.start();
    // The polling loop is infrastructure: no root span per claim query (P20 noise).
    this.running = withTracingSuppressed(() => this.loop());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.doorbell.notify();
    await this.running;
    await this.listener.stop();
  }

  private async loop(): Promise<void> {
    for (let failures = 0; !this.stopping;) {
      try {
        const free = this.settings.concurrency - this.inFlight.size;
        if (free > 0) {
          this.doorbell.reset();
          for (const action of await this.repository.claimDue(free, this.settings)) this.start(action);
          await this.measureOpen();
        }
        failures = 0;
        await this.doorbell.wait(this.settings.pollMs);
      } catch (error) {
        failures += 1;
        const delayMs = Math.min(10_000, 250 * 2 ** Math.min(failures, 6));
        this.logger.warn({ err: error, delayMs }, 'payment action worker could not claim actions; retrying');
        await this.doorbell.wait(delayMs);
      }
    }
    await Promise.allSettled([...this.inFlight]);
  }

  private start(action: PaymentAction): void {
    const run = this.run(action).finally(() => {
      this.inFlight.delete(run);
      this.doorbell.notify(); // a slot is free
    });
    this.inFlight.add(run);
  }

  private run(action: PaymentAction): Promise<void> {
    const parent = extractTraceContext({
      ...(action.traceparent ? { traceparent: action.traceparent } : {}),
      ...(action.tracestate ? { tracestate: action.tracestate } : {}),
    });
    const attributes = {
      'payment.action': action.kind,
      'payment.action.attempt': action.attempts,
      'shop.order_id': action.orderId,
    };
    return context.with(parent, () =>
      this.tracer.startActiveSpan(
        `payment ${action.kind.toLowerCase()}`,
        { kind: SpanKind.INTERNAL, attributes },
        async (span) => {
          let result: ExecutionResult | 'error';
          try {
            result = await this.executor.execute(action);
          } catch (error) {
            // Unexpected (database down, a bug): the lease expires and the action runs again.
            result = 'error';
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            this.logger.error(
              { err: error, orderId: action.orderId, kind: action.kind },
              'payment action failed',
            );
          } finally {
            span.end();
          }
          this.executions.add(1, { kind: action.kind, result });
        },
      ),
    );
  }

  private async measureOpen(): Promise<void> {
    if (Date.now() - this.openMeasuredAt < OPEN_GAUGE_EVERY_MS) return;
    this.openMeasuredAt = Date.now();
    this.open = await this.repository.countOpen();
  }
}
