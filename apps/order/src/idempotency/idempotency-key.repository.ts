import { Injectable } from '@nestjs/common';
import { decideOnStoredKey, type IdempotencyKeyStatus } from '@shop/order-domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '@shop/platform';

/** The response stored with a completed key: what a retry gets back, byte for byte the same body. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

export type ClaimOutcome =
  /** This request owns the key now; it must complete or release it (fenced by `leaseToken`). */
  | { readonly kind: 'CLAIMED'; readonly leaseToken: string; readonly tookOver: boolean }
  | { readonly kind: 'REPLAY'; readonly response: StoredResponse }
  | { readonly kind: 'KEY_REUSED' }
  /** Another request owns the key until `leaseExpiresAt` (it completes, releases or loses it by then). */
  | { readonly kind: 'IN_PROGRESS'; readonly leaseExpiresAt: Date };

export interface KeyRef {
  readonly customerId: string;
  readonly key: string;
}

interface KeyRow {
  fingerprint: string;
  status: IdempotencyKeyStatus;
  lease_expires_at: Date;
  response_status: number | null;
  response_body: unknown;
}

/** A conflicting key can vanish between INSERT and SELECT (its owner failed and released it): try again. */
const CLAIM_ATTEMPTS = 3;

/**
 * Idempotency-Key records in order_db, scoped per customer.
 *
 * Insert first: the primary key (customer_id, idempotency_key) decides which of
 * several concurrent requests owns a key; the others read the winner's row and
 * get 409 (still running), 422 (different request) or the stored response. The
 * owner completes the key in the SAME transaction that creates the order, its
 * saga and the saga's first command (complete()), so "key completed" and "order
 * exists" are one fact; if anything fails before that, the key is released and
 * nothing was written. The lease token fences a request that lost its lease
 * (paused past the lease, taken over) from completing the key a second time.
 */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claim(ref: KeyRef, fingerprint: string, now: Date, leaseMs: number): Promise<ClaimOutcome> {
    const leaseToken = randomUUID();
    const leaseExpiresAt = new Date(now.getTime() + leaseMs);
    return this.dataSource.transaction(async (tx) => {
      for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt += 1) {
        // A concurrent uncommitted INSERT of the same key makes this wait for its
        // outcome; the claim transaction is tiny, so the wait is too.
        const inserted = await rows<{ lease_token: string }>(
          tx,
          `INSERT INTO idempotency_keys
             (customer_id, idempotency_key, fingerprint, status, lease_token, lease_expires_at, created_at)
           VALUES ($1, $2, $3, 'IN_FLIGHT', $4, $5, $6)
           ON CONFLICT (customer_id, idempotency_key) DO NOTHING
           RETURNING lease_token`,
          [ref.customerId, ref.key, fingerprint, leaseToken, leaseExpiresAt, now],
        );
        if (inserted.length === 1) return { kind: 'CLAIMED', leaseToken, tookOver: false };

        const [stored] = await rows<KeyRow>(
          tx,
          `SELECT fingerprint, status, lease_expires_at, response_status, response_body
             FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2
             FOR UPDATE`,
          [ref.customerId, ref.key],
        );
        if (!stored) continue;
        const decision = decideOnStoredKey(
          { fingerprint: stored.fingerprint, status: stored.status, leaseExpiresAt: stored.lease_expires_at },
          fingerprint,
          now,
        );
        switch (decision) {
          case 'KEY_REUSED':
            return { kind: 'KEY_REUSED' };
          case 'IN_PROGRESS':
            return { kind: 'IN_PROGRESS', leaseExpiresAt: stored.lease_expires_at };
          case 'REPLAY':
            return {
              kind: 'REPLAY',
              response: { status: stored.response_status ?? 0, body: stored.response_body },
            };
          case 'TAKE_OVER':
            // The previous owner's lease expired with nothing committed (it crashed or
            // hung): this request continues in its place under a new fencing token.
            await tx.query(
              `UPDATE idempotency_keys SET lease_token = $3, lease_expires_at = $4
                WHERE customer_id = $1 AND idempotency_key = $2`,
              [ref.customerId, ref.key, leaseToken, leaseExpiresAt],
            );
            return { kind: 'CLAIMED', leaseToken, tookOver: true };
        }
      }
      throw new Error(`idempotency key of customer ${ref.customerId} kept changing; giving up the claim`);
    });
  }

  /**
   * Marks the key COMPLETED with the response, inside the transaction that
   * writes the order. False when this request no longer owns the key (fenced):
   * the caller must roll back.
   */
  async complete(
    tx: EntityManager,
    ref: KeyRef,
    leaseToken: string,
    orderId: string,
    response: StoredResponse,
    now: Date,
  ): Promise<boolean> {
    const updated = await rows<{ status: string }>(
      tx,
      `UPDATE idempotency_keys
          SET status = 'COMPLETED', order_id = $4, response_status = $5, response_body = $6::jsonb, completed_at = $7
        WHERE customer_id = $1 AND idempotency_key = $2 AND lease_token = $3 AND status = 'IN_FLIGHT'
        RETURNING status`,
      [ref.customerId, ref.key, leaseToken, orderId, response.status, JSON.stringify(response.body), now],
    );
    return updated.length === 1;
  }

  /** Gives the key up after a failure that wrote nothing, so the client can retry with it. */
  async release(ref: KeyRef, leaseToken: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
        WHERE customer_id = $1 AND idempotency_key = $2 AND lease_token = $3 AND status = 'IN_FLIGHT'`,
      [ref.customerId, ref.key, leaseToken],
    );
  }

  async find(
    ref: KeyRef,
  ): Promise<(StoredResponse & { fingerprint: string; completed: boolean; leaseExpiresAt: Date }) | null> {
    const [stored] = await rows<KeyRow>(
      this.dataSource,
      `SELECT fingerprint, status, lease_expires_at, response_status, response_body
         FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2`,
      [ref.customerId, ref.key],
    );
    if (!stored) return null;
    return {
      fingerprint: stored.fingerprint,
      completed: stored.status === 'COMPLETED',
      leaseExpiresAt: stored.lease_expires_at,
      status: stored.response_status ?? 0,
      body: stored.response_body,
    };
  }

  /**
   * Deletes up to `batchSize` keys created before `cutoff`. SKIP LOCKED: rows a
   * request is completing right now are left for the next run, and replicas
   * running the job at once never block each other.
   */
  async deleteCreatedBefore(cutoff: Date, batchSize: number): Promise<number> {
    const deleted = await rows<{ customer_id: string }>(
      this.dataSource,
      `DELETE FROM idempotency_keys
        WHERE (customer_id, idempotency_key) IN (
          SELECT customer_id, idempotency_key FROM idempotency_keys
           WHERE created_at < $1
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING customer_id`,
      [cutoff, batchSize],
    );
    return deleted.length;
  }
}
