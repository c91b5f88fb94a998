import type { ClientConfig } from 'pg';

import type { BackoffOptions } from '@shop/platform';
import type { OutboxRetentionOptions } from './outbox-retention';

export interface OutboxRelayOptions {
  readonly serviceName: string;
  /** The relay's own session (LISTEN + leader lock); see pgClientConfigFromDataSource. */
  readonly connection: ClientConfig;
  /** Safety-net poll when no NOTIFY arrives (default 1000 ms); also the standby's lock retry. */
  readonly pollIntervalMs?: number;
  /** Rows per Kafka request (default 100). */
  readonly batchSize?: number;
  /** Between publish attempts of a failing batch (default 100 ms .. 10 s). */
  readonly publishBackoff?: BackoffOptions;
  /** Between reconnects of a lost database session (default 250 ms .. 10 s). */
  readonly reconnectBackoff?: BackoffOptions;
  /** Deletion of old published rows; `false` to leave them. Default: 7 days, checked hourly. */
  readonly retention?: OutboxRetentionOptions | false;
}

export interface OutboxRelaySettings {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly publishBackoff: BackoffOptions;
  readonly reconnectBackoff: BackoffOptions;
}

export function resolveRelaySettings(options: OutboxRelayOptions): OutboxRelaySettings {
  return {
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    batchSize: options.batchSize ?? 100,
    publishBackoff: options.publishBackoff ?? { baseMs: 100, maxMs: 10_000, jitter: 'equal' },
    reconnectBackoff: options.reconnectBackoff ?? { baseMs: 250, maxMs: 10_000, jitter: 'equal' },
  };
}
