import type { Counter } from '@opentelemetry/api';
import { getMeter } from '@shop/platform';
import type { PolicyName } from './rate-limit-policies';

/** `failed_open`: Redis did not answer in time, the request went on unlimited. */
export type RateLimitOutcome = 'allowed' | 'limited' | 'failed_open';

/**
 * `gateway_rate_limit_decisions_total{policy, outcome}` on the service's one
 * registry (P22). Both labels come from closed sets: never the IP, user or
 * email (P21). A rising `failed_open` means the limits are off: alert on it.
 */
export class RateLimitMetrics {
  private readonly decisions: Counter;

  constructor() {
    this.decisions = getMeter().createCounter('gateway_rate_limit_decisions_total', {
      description: 'Rate-limit decisions, by policy and outcome (allowed, limited, failed_open)',
    });
  }

  record(policy: PolicyName, outcome: RateLimitOutcome): void {
    this.decisions.add(1, { policy, outcome });
  }
}
