import type { NotificationConfig } from '../notification.config';
import type { JobWorkerSettings } from '@shop/platform';

export interface DeliverySettings extends JobWorkerSettings {
  readonly leaseMs: number;
  readonly sendTimeoutMs: number;
}

export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');

export function deliverySettingsFromConfig(config: NotificationConfig): DeliverySettings {
  return {
    concurrency: config.NOTIFICATION_SEND_CONCURRENCY,
    leaseMs: config.NOTIFICATION_SEND_LEASE_MS,
    pollMs: config.NOTIFICATION_POLL_INTERVAL_MS,
    sendTimeoutMs: config.SMTP_SEND_TIMEOUT_MS,
    retry: {
      maxAttempts: config.NOTIFICATION_MAX_ATTEMPTS,
      backoff: {
        baseMs: config.NOTIFICATION_RETRY_INITIAL_MS,
        maxMs: config.NOTIFICATION_RETRY_MAX_MS,
        jitter: 'equal',
      },
    },
    // Half the shutdown budget: the rest is for the consumers, the relay and the pools.
    shutdownWaitMs: Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2),
  };
}
