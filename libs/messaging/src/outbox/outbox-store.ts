import type { Client } from 'pg';

import type { OutboxRow } from './outbox-row';

/** The relay's SQL, on its own dedicated session (the one holding the leader lock). */
export class OutboxStore {
  constructor(private readonly client: Client) {}

  /** Session-level lock: held until unlocked or the session ends (crash = automatic release). */
  async tryLock(lockName: string): Promise<boolean> {
    const result = await this.client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [lockName],
    );
    return result.rows[0]?.locked === true;
  }

  async unlock(lockName: string): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
  }

  async listen(channel: string): Promise<void> {
    await this.client.query(`LISTEN "${channel}"`);
  }

  /** Oldest unpublished rows first (served by the partial index on unpublished rows). */
  async fetchUnpublished(limit: number): Promise<OutboxRow[]> {
    const result = await this.client.query<OutboxRow>(
      `SELECT id, event_id, topic, event_type, source, subject, payload, headers, created_at
         FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [limit],
    );
    return result.rows;
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    await this.client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [ids]);
  }

  async recordFailure(ids: readonly string[], error: string): Promise<void> {
    await this.client.query(
      'UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])',
      [ids, error.slice(0, 2_000)],
    );
  }

  async countPending(): Promise<number> {
    const result = await this.client.query<{ pending: string }>(
      'SELECT count(*) AS pending FROM outbox WHERE published_at IS NULL',
    );
    return Number(result.rows[0]?.pending ?? 0);
  }

  /**
   * Deletes up to `limit` rows published more than `retentionMs` ago, oldest
   * first. Walks the primary key from the oldest id (published rows are the old
   * ones), so it needs no extra index; small batches keep locks and WAL short.
   */
  async deletePublishedBefore(retentionMs: number, limit: number): Promise<number> {
    const result = await this.client.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox
          WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1::double precision / 1000)
          ORDER BY id LIMIT $2)`,
      [retentionMs, limit],
    );
    return result.rowCount ?? 0;
  }
}
