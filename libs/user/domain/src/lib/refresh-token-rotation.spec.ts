import { assessRefresh, refreshTokenExpiry, type RefreshTokenState } from './refresh-token-rotation';

describe('refresh-token rotation with reuse detection', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  const live: RefreshTokenState = {
    tokenId: 't-1',
    familyId: 'f-1',
    userId: 'u-1',
    expiresAt: new Date('2026-03-08T12:00:00.000Z'),
    usedAt: null,
    familyRevokedAt: null,
  };
  const earlier = new Date('2026-03-01T11:00:00.000Z');

  it('rotates a live, unspent token of an active family', () => {
    expect(assessRefresh(live, now)).toEqual({ kind: 'rotate' });
  });

  it('detects reuse when a spent token is presented again', () => {
    expect(assessRefresh({ ...live, usedAt: earlier }, now)).toEqual({ kind: 'reuse_detected' });
  });

  it('still treats a spent token as reuse after it expired (a late replay is a theft signal too)', () => {
    const spentAndExpired = { ...live, usedAt: earlier, expiresAt: earlier };
    expect(assessRefresh(spentAndExpired, now)).toEqual({ kind: 'reuse_detected' });
  });

  it('rejects any token of a revoked family without a second revocation', () => {
    expect(assessRefresh({ ...live, familyRevokedAt: earlier }, now)).toEqual({
      kind: 'reject',
      reason: 'revoked',
    });
    expect(assessRefresh({ ...live, familyRevokedAt: earlier, usedAt: earlier }, now)).toEqual({
      kind: 'reject',
      reason: 'revoked',
    });
  });

  it('rejects an expired token (expiry is exclusive)', () => {
    expect(assessRefresh({ ...live, expiresAt: now }, now)).toEqual({ kind: 'reject', reason: 'expired' });
    expect(assessRefresh({ ...live, expiresAt: new Date(now.getTime() + 1) }, now)).toEqual({
      kind: 'rotate',
    });
  });

  it('gives every successor a full lifetime from now (sliding)', () => {
    expect(refreshTokenExpiry(now, 7 * 86_400).toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });
});
