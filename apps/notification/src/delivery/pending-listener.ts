import { backoffDelayMs, pgClientConfigFromDataSource, type BackoffOptions } from '@shop/platform';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PENDING_NOTIFICATIONS_CHANNEL } from '../recording/pending-channel';

const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000, jitter: 'equal' };

/**
 * LISTENs for the handlers' NOTIFY on its own session (LISTEN belongs to one
 * session; a pooled connection cannot promise that) and rings `onNotify`.
 * Reconnects with backoff when the session breaks; meanwhile the sender's poll
 * keeps everything moving, only slower.
 */
export class PendingListener {
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
    private readonly logger: Logger,
    private readonly onNotify: () => void,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(
      pgClientConfigFromDataSource(this.dataSource.options, this.timeouts, 'notification-sender-listen'),
    );
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => this.reconnect(client, error));
    client.on('end', () => this.reconnect(client, new Error('listen session ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${PENDING_NOTIFICATIONS_CHANNEL}`);
      this.failures = 0;
      // Rows committed while we were not listening: look now rather than at the next poll.
      this.onNotify();
    } catch (error) {
      this.reconnect(client, error);
    }
  }

  private reconnect(client: Client, error: unknown): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.failures += 1;
    const delayMs = backoffDelayMs(Math.min(this.failures, 10), RECONNECT_BACKOFF);
    this.logger.warn({ err: error, delayMs }, 'notification listen session lost; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }
}
