import type { Counter, Histogram } from '@opentelemetry/api';
import { getMeter, type CircuitState } from '@shop/platform';
import type { AttemptResult } from './provider-response.mapper';
import type { ProviderOperation } from './provider-http-client';

const CIRCUIT_STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/** Provider call metrics; labels from closed sets only (operation, result, reason). */
export class ProviderMetrics {
  private readonly attempts: Counter;
  private readonly duration: Histogram;
  private readonly retries: Counter;
  private readonly shortCircuits: Counter;
  private readonly transitions: Counter;
  private circuit: CircuitState = 'closed';

  constructor() {
    const meter = getMeter();
    this.attempts = meter.createCounter('payment_provider_attempts_total', {
      description: 'HTTP attempts against the payment provider, by operation and result',
    });
    this.duration = meter.createHistogram('payment_provider_attempt_duration_seconds', {
      description: 'Duration of one attempt against the payment provider',
      unit: 's',
    });
    this.retries = meter.createCounter('payment_provider_retries_total', {
      description: 'Attempts that were retries of a transient failure (P05)',
    });
    this.shortCircuits = meter.createCounter('payment_provider_short_circuited_total', {
      description: 'Calls or retries refused without a network call: circuit open or retry budget spent',
    });
    this.transitions = meter.createCounter('payment_provider_circuit_transitions_total', {
      description: 'Circuit breaker state changes (P06)',
    });
    meter
      .createObservableGauge('payment_provider_circuit_state', {
        description: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      })
      .addCallback((result) => result.observe(CIRCUIT_STATE_VALUE[this.circuit]));
  }

  attempted(operation: ProviderOperation, result: AttemptResult, seconds: number): void {
    this.attempts.add(1, { operation, result });
    this.duration.record(seconds, { operation });
  }

  retried(operation: ProviderOperation): void {
    this.retries.add(1, { operation });
  }

  shortCircuited(operation: ProviderOperation, reason: 'circuit_open' | 'retry_budget'): void {
    this.shortCircuits.add(1, { operation, reason });
  }

  circuitChanged(to: CircuitState): void {
    this.circuit = to;
    this.transitions.add(1, { to });
  }
}
