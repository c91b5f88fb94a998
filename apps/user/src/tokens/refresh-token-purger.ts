import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LOGGER } from '@shop/platform';
import type { Logger } from 'pino';
import { RefreshTokenRepository } from '../persistence/refresh-token.repository';

const INTERVAL_MS = 60 * 60_000;
/** Spent or expired tokens are kept a day longer: recent replays still count as reuse. */
const GRACE_SECONDS = 86_400;
const BATCH = 1_000;

/**
 * Keeps refresh_tokens bounded: hourly, bounded deletes of long-expired rows.
 * Every replica runs it; the deletes are idempotent, so no leader is needed.
 */
@Injectable()
export class RefreshTokenPurger implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly tokens: RefreshTokenRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purgeOnce(), INTERVAL_MS);
    this.timer.unref(); // never keeps the process alive (P07)
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running; // the pool closes after this, not under a running delete
  }

  purgeOnce(): Promise<void> {
    this.running ??= this.tokens
      .purgeExpired(GRACE_SECONDS, BATCH)
      .then((removed) => {
        if (removed > 0) this.logger.info({ removed }, 'expired refresh tokens purged');
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'refresh token purge failed; next run in 1 h'),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
