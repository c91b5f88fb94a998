import { Client, type ClientConfig } from 'pg';
import type { Logger } from '../logging/logger';
import { backoffDelayMs, type BackoffOptions } from '../resilience/backoff';

const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000, jitter: 'equal' };

/**
 * LISTENs on one Postgres channel and calls `onNotify` for every NOTIFY: the
 * enqueuing transaction sends it, and Postgres delivers it only on COMMIT, so a
 * worker starts a new job at once instead of at its next poll. A connection of
 * its own, as LISTEN belongs to one session (a pooled connection cannot promise
 * that). When the session breaks it reconnects with backoff; meanwhile the
 * worker's poll keeps everything moving, only slower.
 */
export class NotifyListener {
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: ClientConfig,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
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
    const client = new Client(this.connection);
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => this.reconnect(client, error));
    client.on('end', () => this.reconnect(client, new Error('listen session ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      this.failures = 0;
      // Whatever committed while we were not listening: look now rather than at the next poll.
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
    this.logger.warn({ err: error, channel: this.channel, delayMs }, 'listen session lost; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }
}
