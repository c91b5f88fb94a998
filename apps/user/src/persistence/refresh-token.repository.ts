import { Injectable } from '@nestjs/common';
import type { RefreshTokenState } from '@shop/user-domain';
import { DataSource, EntityManager } from 'typeorm';

export type RevokeReason = 'logout' | 'reuse_detected';

interface StateRow {
  token_id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  family_revoked_at: Date | null;
}

/** Refresh-token families and their tokens (hashes only). */
@Injectable()
export class RefreshTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The token's state, read with its FAMILY row locked until the transaction
   * ends. Every writer of a family (rotate, revoke) takes this lock first, so
   * two concurrent refreshes with one token run one after the other, and the
   * second sees the first one's `used_at`: it is treated as reuse, never as a
   * second successful rotation.
   *
   * Two statements on purpose: lock, THEN read. Under READ COMMITTED a single
   * `SELECT ... JOIN ... FOR UPDATE OF f` would wait for the lock but return
   * the token row as of its own start, before the other transaction's commit:
   * both would see `used_at IS NULL` and both would rotate (the integration
   * test with concurrent refreshes fails that way).
   */
  async findForUpdate(tx: EntityManager, tokenHash: Buffer): Promise<RefreshTokenState | null> {
    const locked: unknown[] = await tx.query(
      `SELECT id FROM refresh_token_families
        WHERE id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)
          FOR UPDATE`,
      [tokenHash],
    );
    if (locked.length === 0) return null;
    // A new statement, a new snapshot: it sees everything committed before we got the lock.
    const rows: StateRow[] = await tx.query(
      `SELECT t.id AS token_id, t.family_id, f.user_id, t.expires_at, t.used_at,
              f.revoked_at AS family_revoked_at
         FROM refresh_tokens t
         JOIN refresh_token_families f ON f.id = t.family_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      tokenId: row.token_id,
      familyId: row.family_id,
      userId: row.user_id,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
      familyRevokedAt: row.family_revoked_at,
    };
  }

  async createFamily(tx: EntityManager, family: { id: string; userId: string; now: Date }): Promise<void> {
    await tx.query('INSERT INTO refresh_token_families (id, user_id, created_at) VALUES ($1, $2, $3)', [
      family.id,
      family.userId,
      family.now,
    ]);
  }

  async insertToken(
    tx: EntityManager,
    token: { id: string; familyId: string; tokenHash: Buffer; createdAt: Date; expiresAt: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO refresh_tokens (id, family_id, token_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [token.id, token.familyId, token.tokenHash, token.createdAt, token.expiresAt],
    );
  }

  async markUsed(tx: EntityManager, tokenId: string, now: Date): Promise<void> {
    await tx.query('UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL', [
      tokenId,
      now,
    ]);
  }

  async revokeFamily(tx: EntityManager, familyId: string, reason: RevokeReason, now: Date): Promise<void> {
    await tx.query(
      `UPDATE refresh_token_families SET revoked_at = $2, revoke_reason = $3
        WHERE id = $1 AND revoked_at IS NULL`,
      [familyId, now, reason],
    );
  }

  /**
   * Bounded housekeeping: removes spent tokens and whole families whose tokens
   * all expired more than `graceSeconds` ago, at most `limit` rows per statement.
   * Returns the number of rows removed.
   */
  async purgeExpired(graceSeconds: number, limit: number): Promise<number> {
    const [, tokens] = (await this.dataSource.query(
      `DELETE FROM refresh_tokens WHERE id IN (
         SELECT id FROM refresh_tokens
          WHERE used_at IS NOT NULL AND expires_at < now() - make_interval(secs => $1)
          LIMIT $2)`,
      [graceSeconds, limit],
    )) as [unknown, number];
    const [, families] = (await this.dataSource.query(
      `DELETE FROM refresh_token_families WHERE id IN (
         SELECT f.id FROM refresh_token_families f
          WHERE NOT EXISTS (
            SELECT 1 FROM refresh_tokens t
             WHERE t.family_id = f.id AND t.expires_at >= now() - make_interval(secs => $1))
          LIMIT $2)`,
      [graceSeconds, limit],
    )) as [unknown, number];
    return tokens + families;
  }
}
