import type { Logger } from 'pino';
import { withTimeout } from '../health/with-timeout';
import type { ServiceLifecycle } from './service-lifecycle';

export interface ShutdownSteps {
  lifecycle: ServiceLifecycle;
  logger: Logger;
  /** SHUTDOWN_DRAIN_DELAY_MS. */
  drainDelayMs: number;
  /** SHUTDOWN_TIMEOUT_MS: the whole sequence, drain delay included. */
  timeoutMs: number;
  /** Stop accepting connections/calls and wait for in-flight ones (HTTP close, gRPC tryShutdown). */
  stopServers: () => Promise<void>;
  /** Nest app.close(): onModuleDestroy / beforeApplicationShutdown / onApplicationShutdown hooks. */
  closeApp: () => Promise<void>;
  /** Flush spans, then close the admin server. */
  closeTelemetryAndAdmin: () => Promise<void>;
}

/**
 * The shutdown order:
 * 1. readiness fails at once (lifecycle -> draining);
 * 2. wait SHUTDOWN_DRAIN_DELAY_MS while endpoints/proxies drop the pod, still serving;
 * 3. stop accepting new work; in-flight requests and calls finish;
 * 4. close the app: consumers, producers, pools, Redis;
 * 5. flush telemetry, close the admin server.
 * Rejects if the whole sequence exceeds SHUTDOWN_TIMEOUT_MS.
 */
export function gracefulShutdown(steps: ShutdownSteps, reason: string): Promise<void> {
  const { lifecycle, logger } = steps;
  const started = Date.now();
  const sequence = async () => {
    lifecycle.beginDrain();
    logger.info({ reason, drain_delay_ms: steps.drainDelayMs }, 'shutdown started; readiness now failing');
    if (steps.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, steps.drainDelayMs));
    lifecycle.stopAccepting();
    await steps.stopServers();
    logger.info('servers stopped; in-flight work finished');
    await steps.closeApp();
    lifecycle.markStopped();
    logger.info({ duration_ms: Date.now() - started }, 'shutdown complete');
    await steps.closeTelemetryAndAdmin();
  };
  return withTimeout(sequence(), steps.timeoutMs, 'graceful shutdown');
}
