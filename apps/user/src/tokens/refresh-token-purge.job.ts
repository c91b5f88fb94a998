import { Inject, Injectable } from '@nestjs/common';
import { DueBatchJob, LOGGER, type Logger } from '@shop/platform';
import { RefreshTokenRepository } from '../persistence/refresh-token.repository';

/** Spent or expired tokens are kept a day longer: recent replays still count as reuse. */
const GRACE_SECONDS = 86_400;

/**
 * Keeps refresh_tokens bounded: hourly, one bounded delete of long-expired rows
 * (at most 1000 tokens and 1000 families a run), on the platform's DueBatchJob.
 * Every replica runs it; the deletes are idempotent, so no leader is needed.
 */
@Injectable()
export class RefreshTokenPurgeJob extends DueBatchJob {
  constructor(
    private readonly tokens: RefreshTokenRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super('refresh-token-purge', { intervalMs: 60 * 60_000, batchSize: 1_000, maxBatchesPerRun: 1 }, logger);
  }

  /** The database's clock decides what expired (`now()` in the delete), so `now` is not used. */
  async runDueBatch(limit: number): Promise<number> {
    const removed = await this.tokens.purgeExpired(GRACE_SECONDS, limit);
    if (removed > 0) this.logger.info({ removed }, 'expired refresh tokens purged');
    return removed;
  }
}
