import { Client, type ClientConfig } from 'pg';
import type { Logger } from 'pino';
import { PAYMENT_ACTIONS_CHANNEL } from './payment-action';

const RECONNECT_MS = { min: 250, max: 10_000 };

/**
 * LISTENs for the NOTIFY every enqueue sends in its transaction (delivered only
 * on COMMIT), so the worker starts a new action at once instead of at its next
 * poll. A separate session, as LISTEN needs one. If it breaks, it reconnects
 * with backoff; meanwhile the worker's poll keeps everything moving.
 */
export class ActionListener {
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: ClientConfig,
    private readonly onNotify: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.connection);
    this.client = client;
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'payment action listener connection lost');
      this.retry(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PAYMENT_ACTIONS_CHANNEL}`);
      this.failures = 0;
      // Whatever committed while we were not listening: look now.
      this.onNotify();
    } catch (error) {
      this.logger.warn({ err: error }, 'payment action listener could not connect; retrying');
      this.retry(client);
    }
  }

  private retry(client: Client): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.failures += 1;
    const delay = Math.min(RECONNECT_MS.max, RECONNECT_MS.min * 2 ** (this.failures - 1));
    this.timer = setTimeout(() => void this.connect(), delay);
  }
}
