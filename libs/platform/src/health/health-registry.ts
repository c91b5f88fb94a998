import { Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { withTimeout } from './with-timeout';

export type HealthCheck = () => Promise<void>;

export interface HealthCheckOptions {
  /** Bound of this check; a hanging dependency counts as down. Default 1000 ms. */
  timeoutMs?: number;
}

export interface DependencyHealth {
  name: string;
  status: 'up' | 'down';
  latency_ms: number;
  error?: string;
}

export interface HealthReport {
  ok: boolean;
  dependencies: DependencyHealth[];
}

const DEFAULT_TIMEOUT_MS = 1_000;

/**
 * The dependencies readiness depends on. Modules register a check per
 * dependency (DatabaseModule: `SELECT 1`, RedisModule: `PING`, messaging: Kafka
 * `describeCluster`); `/readyz` and `/healthz` run them all in parallel, each
 * under its own timeout. Concurrent probes share one run, so a burst of probes
 * never multiplies load on a struggling dependency.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, { check: HealthCheck; timeoutMs: number }>();
  private readonly lastStatus = new Map<string, DependencyHealth['status']>();
  private inFlight: Promise<HealthReport> | undefined;

  /** With a logger, every change of a dependency's status is logged once (not on every probe). */
  constructor(private readonly logger?: Logger) {}

  register(name: string, check: HealthCheck, options: HealthCheckOptions = {}): void {
    if (this.checks.has(name)) throw new Error(`health check "${name}" is already registered`);
    this.checks.set(name, { check, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  get names(): string[] {
    return [...this.checks.keys()];
  }

  run(): Promise<HealthReport> {
    this.inFlight ??= this.runAll().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async runAll(): Promise<HealthReport> {
    const dependencies = await Promise.all(
      [...this.checks].map(([name, { check, timeoutMs }]) => runOne(name, check, timeoutMs)),
    );
    dependencies.forEach((dependency) => this.logTransition(dependency));
    return { ok: dependencies.every((dependency) => dependency.status === 'up'), dependencies };
  }

  private logTransition(dependency: DependencyHealth): void {
    const previous = this.lastStatus.get(dependency.name);
    this.lastStatus.set(dependency.name, dependency.status);
    if (previous === dependency.status || (previous === undefined && dependency.status === 'up')) return;
    const { name, error, latency_ms } = dependency;
    if (dependency.status === 'down')
      this.logger?.warn({ dependency: name, error, latency_ms }, 'dependency down');
    else this.logger?.info({ dependency: name, latency_ms }, 'dependency up again');
  }
}

async function runOne(name: string, check: HealthCheck, timeoutMs: number): Promise<DependencyHealth> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    // Promise.resolve().then(): a check that throws synchronously is a failed check, not a crash.
    await withTimeout(Promise.resolve().then(check), timeoutMs, `${name} health check`);
    return { name, status: 'up', latency_ms: latency() };
  } catch (error) {
    return {
      name,
      status: 'down',
      latency_ms: latency(),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
