import { hashRefreshToken, isRefreshTokenShaped, newRefreshToken } from './refresh-token-secret';

describe('refresh token secrets', () => {
  it('are 256 random bits, base64url, and different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newRefreshToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(isRefreshTokenShaped(token)).toBe(true);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as their SHA-256 only', () => {
    const token = newRefreshToken();
    expect(hashRefreshToken(token)).toHaveLength(32);
    expect(hashRefreshToken(token).equals(hashRefreshToken(token))).toBe(true);
    expect(hashRefreshToken(token).toString('base64url')).not.toContain(token);
  });

  it.each(['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}+`])(
    'rejects %p before any lookup',
    (value) => expect(isRefreshTokenShaped(value)).toBe(false),
  );
});
