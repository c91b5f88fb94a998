import { createInstruments, getMeter, type CircuitState } from '@shop/platform';
import type { AttemptResult } from './provider-response.mapper';
import type { ProviderOperation } from './provider-http-client';

const CIRCUIT_STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/** Provider call metrics; labels from closed sets only (operation, result, reason). */
export class ProviderMetrics {
  private readonly metric = createInstruments({
    attempts: {
      counter: 'payment_provider_attempts_total',
      description: 'HTTP attempts against the payment provider, by operation and result',
    },
    duration: {
      histogram: 'payment_provider_attempt_duration_seconds',
      description: 'Duration of one attempt against the payment provider',
      unit: 's',
    },
    retries: {
      counter: 'payment_provider_retries_total',
      description: 'Attempts that were retries of a transient failure (P05)',
    },
    shortCircuits: {
      counter: 'payment_provider_short_circuited_total',
      description: 'Calls or retries refused without a network call: circuit open or retry budget spent',
    },
    transitions: {
      counter: 'payment_provider_circuit_transitions_total',
      description: 'Circuit breaker state changes (P06)',
    },
  });
  private circuit: CircuitState = 'closed';

  constructor() {
    getMeter()
      .createObservableGauge('payment_provider_circuit_state', {
        description: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      })
      .addCallback((result) => result.observe(CIRCUIT_STATE_VALUE[this.circuit]));
  }

  attempted(operation: ProviderOperation, result: AttemptResult, seconds: number): void {
    this.metric.attempts.add(1, { operation, result });
    this.metric.duration.record(seconds, { operation });
  }

  retried(operation: ProviderOperation): void {
    this.metric.retries.add(1, { operation });
  }

  shortCircuited(operation: ProviderOperation, reason: 'circuit_open' | 'retry_budget'): void {
    this.metric.shortCircuits.add(1, { operation, reason });
  }

  circuitChanged(to: CircuitState): void {
    this.circuit = to;
    this.metric.transitions.add(1, { to });
  }
}
