import { Inject, Injectable } from '@nestjs/common';
import { OrderErrors } from '@shop/order-domain';
import { LOGGER, type Logger } from '@shop/platform';
import { err, ok, type Result } from '@shop/shared-kernel';
import { DataSource, type EntityManager } from 'typeorm';
import { OrderMetrics } from '../order-metrics';
import { IdempotencyKeyRepository, type KeyRef } from './idempotency-key.repository';

/** Which key a request runs under, and what "the same request" means for it. */
export interface IdempotentRequest {
  readonly ref: KeyRef;
  readonly fingerprint: string;
}

/** A command's work once it has decided: its answer, and the writes that make the answer true. */
export interface ReadyToCommit<TAnswer> {
  /** The id of what the command created, kept with the key. */
  readonly resourceId: string;
  /** Stored with the key: every retry gets it back unchanged. */
  readonly answer: TAnswer;
  write(tx: EntityManager): Promise<void>;
}

export interface IdempotentAnswer<TAnswer> {
  readonly answer: TAnswer;
  readonly replayed: boolean;
}

/** Stored with a completed key: the command was accepted for asynchronous processing. */
const ACCEPTED = 202;
/**
 * How long an IN_FLIGHT key belongs to the request processing it. Far above
 * the longest PlaceOrder (the gateway's 2 s deadline, a 5 s statement timeout):
 * only a crashed or hung request ever outlives it, and then a retry takes over.
 * The lease token still fences a request that outlives it.
 */
const IDEMPOTENCY_LEASE_MS = 30_000;

/**
 * Runs a command under its Idempotency-Key, around the handler that does
 * the work, as eShop's IdentifiedCommandHandler does; a repeat gets the original
 * answer, though, not a default. In order:
 * 1. claim the key with the request's fingerprint (insert first; a concurrent
 *    duplicate gets 409, a different request 422, a completed one its answer);
 * 2. let the handler decide, outside any transaction (it may call other services);
 * 3. ONE transaction: complete the key with the answer, then the handler's writes,
 *    so "key completed" and "the work is done" are one fact.
 * Any failure between 1 and 3 releases the key, so the client may retry with it.
 */
@Injectable()
export class IdempotentCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: IdempotencyKeyRepository,
    private readonly metrics: OrderMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run<TAnswer>(
    { ref, fingerprint }: IdempotentRequest,
    handler: () => Promise<Result<ReadyToCommit<TAnswer>>>,
  ): Promise<Result<IdempotentAnswer<TAnswer>>> {
    const claim = await this.keys.claim(ref, fingerprint, new Date(), IDEMPOTENCY_LEASE_MS);
    switch (claim.kind) {
      case 'REPLAY':
        this.metrics.placeRequest('replayed');
        return ok({ answer: claim.response.body as TAnswer, replayed: true });
      case 'KEY_REUSED':
        this.metrics.placeRequest('key_reused');
        return err(OrderErrors.idempotencyKeyReused());
      case 'IN_PROGRESS':
        this.metrics.placeRequest('in_progress');
        return err(OrderErrors.requestInProgress(untilLeaseEnds(claim.leaseExpiresAt)));
      case 'CLAIMED':
        if (claim.tookOver) {
          this.metrics.placeRequest('taken_over');
          this.logger.warn(
            { customerId: ref.customerId },
            'idempotency key taken over after its lease expired',
          );
        }
    }

    let result: Result<IdempotentAnswer<TAnswer>>;
    try {
      result = await this.runClaimed(ref, claim.leaseToken, fingerprint, handler);
    } catch (error) {
      await this.release(ref, claim.leaseToken);
      throw error;
    }
    // Releasing is fenced by the lease token: a no-op when the key was completed.
    if (!result.ok) await this.release(ref, claim.leaseToken);
    else if (!result.value.replayed) this.metrics.placeRequest('created');
    return result;
  }

  private async runClaimed<TAnswer>(
    ref: KeyRef,
    leaseToken: string,
    fingerprint: string,
    handler: () => Promise<Result<ReadyToCommit<TAnswer>>>,
  ): Promise<Result<IdempotentAnswer<TAnswer>>> {
    const ready = await handler();
    if (!ready.ok) return ready;
    const { resourceId, answer, write } = ready.value;

    const committed = await this.dataSource.transaction(async (tx) => {
      // First, so a request that lost the key (fenced) writes nothing at all.
      const response = { status: ACCEPTED, body: answer };
      const owned = await this.keys.complete(tx, ref, leaseToken, resourceId, response, new Date());
      if (!owned) return false;
      await write(tx);
      return true;
    });
    if (committed) return ok({ answer, replayed: false });
    return this.afterLostLease(ref, fingerprint);
  }

  /** This request outlived its lease and another one took the key over: answer as a duplicate would be. */
  private async afterLostLease<TAnswer>(
    ref: KeyRef,
    fingerprint: string,
  ): Promise<Result<IdempotentAnswer<TAnswer>>> {
    this.logger.warn({ customerId: ref.customerId }, 'idempotency key lost to a takeover; nothing written');
    const stored = await this.keys.find(ref);
    if (stored?.completed && stored.fingerprint === fingerprint) {
      return ok({ answer: stored.body as TAnswer, replayed: true });
    }
    return err(OrderErrors.requestInProgress(untilLeaseEnds(stored?.leaseExpiresAt)));
  }

  private async release(ref: KeyRef, leaseToken: string): Promise<void> {
    try {
      await this.keys.release(ref, leaseToken);
    } catch (error) {
      // The lease runs out on its own; a retry then takes the key over.
      this.logger.error({ err: error, customerId: ref.customerId }, 'could not release an idempotency key');
    }
  }
}

/**
 * How long a retry should wait: until the owner's lease ends. By then the key is
 * completed (a retry replays it), released or free to take over. An unknown
 * lease (the key vanished meanwhile) means "now". Measured from the time of the
 * answer, not the start of this request: a concurrent duplicate that started
 * before the owner claimed the key would otherwise be told more than a whole
 * lease (31 s for a 30 s lease, seen in CI).
 */
function untilLeaseEnds(leaseExpiresAt: Date | undefined): number {
  return leaseExpiresAt ? Math.max(0, leaseExpiresAt.getTime() - Date.now()) : 0;
}
