import { AppError, GrpcStatus } from '@shop/platform';

/** When a refused client may try again: streams end within seconds, as their orders finish. */
export const STREAM_SLOT_RETRY_AFTER_MS = 5_000;

/**
 * The bound on open timeline streams, counted in this process: `total` for the
 * instance (each stream polls the order service), `perUser` so one user's tabs
 * cannot take every slot. Counted here, not in Redis: a slot is held by a
 * connection to this very process, and dies with it.
 */
export class StreamSlots {
  private open = 0;
  private readonly openByUser = new Map<string, number>();

  constructor(private readonly limits: { readonly total: number; readonly perUser: number }) {}

  /** Open streams now. */
  get size(): number {
    return this.open;
  }

  /**
   * Takes a slot for `userId` and returns the function that gives it back (only the first
   * call counts). Full: 503 (the instance is at capacity, nothing the caller did: another
   * replica or a later retry can serve it), or 429 (this user holds too many streams).
   */
  acquire(userId: string): () => void {
    const ofUser = this.openByUser.get(userId) ?? 0;
    if (this.open >= this.limits.total) {
      throw refused(
        'ORDER.TIMELINE_CAPACITY_REACHED',
        GrpcStatus.UNAVAILABLE,
        `this gateway serves ${this.limits.total} timeline streams at most`,
      );
    }
    if (ofUser >= this.limits.perUser) {
      throw refused(
        'ORDER.TIMELINE_LIMIT_REACHED',
        GrpcStatus.RESOURCE_EXHAUSTED,
        `a user may have ${this.limits.perUser} timeline streams open at most`,
      );
    }
    this.open += 1;
    this.openByUser.set(userId, ofUser + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      const left = (this.openByUser.get(userId) ?? 1) - 1;
      if (left === 0) this.openByUser.delete(userId);
      else this.openByUser.set(userId, left);
    };
  }
}

const refused = (code: string, grpcStatus: GrpcStatus, reason: string) =>
  new AppError({
    code,
    message: `Too many open timeline streams: ${reason}. Retry later, or read GET /v1/orders/{orderId}.`,
    grpcStatus,
    retryAfterMs: STREAM_SLOT_RETRY_AFTER_MS,
  });
