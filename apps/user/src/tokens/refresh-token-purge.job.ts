import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LOGGER, PeriodicJob, type Logger } from '@shop/platform';
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
export class RefreshTokenPurgeJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    private readonly tokens: RefreshTokenRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.job = new PeriodicJob('refresh-token-purge', INTERVAL_MS, () => this.runOnce(), logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Waits for a running purge, so the pool never closes under its delete. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async runOnce(): Promise<number> {
    const removed = await this.tokens.purgeExpired(GRACE_SECONDS, BATCH);
    if (removed > 0) this.logger.info({ removed }, 'expired refresh tokens purged');
    return removed;
  }
}
