/**
 * Refresh-token rotation with reuse detection, as pure decisions (the service
 * reads the state under a lock on the family, asks here, then writes).
 *
 * Every login starts a *family*. Each refresh spends the presented token and
 * issues its successor in the same family, so exactly one token of a family is
 * live at a time. A spent token that comes back means two parties hold the
 * family (the legitimate client and whoever copied a token): the service cannot
 * tell which one is the thief, so it revokes the whole family and both must log
 * in again (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2).
 */
export interface RefreshTokenState {
  readonly tokenId: string;
  readonly familyId: string;
  readonly userId: string;
  readonly expiresAt: Date;
  /** When this token was exchanged for its successor; null while live. */
  readonly usedAt: Date | null;
  /** When the family was revoked (logout or detected reuse); null while active. */
  readonly familyRevokedAt: Date | null;
}

export type RefreshVerdict =
  /** Spend the token and issue its successor. */
  | { readonly kind: 'rotate' }
  /** A spent token was presented again: revoke the family, refuse. */
  | { readonly kind: 'reuse_detected' }
  /** Refuse without side effects. */
  | { readonly kind: 'reject'; readonly reason: 'revoked' | 'expired' };

export function assessRefresh(token: RefreshTokenState, now: Date): RefreshVerdict {
  // A revoked family stays revoked: nothing to detect, nothing to rotate.
  if (token.familyRevokedAt !== null) return { kind: 'reject', reason: 'revoked' };
  // Checked before expiry: a spent token replayed late is still a theft signal.
  if (token.usedAt !== null) return { kind: 'reuse_detected' };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'reject', reason: 'expired' };
  return { kind: 'rotate' };
}

/** Each successor gets a full lifetime from now (sliding expiry). */
export function refreshTokenExpiry(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1_000);
}
