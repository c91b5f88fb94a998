import { createHash, randomBytes } from 'node:crypto';

/**
 * A refresh token is 256 random bits, base64url: opaque to clients, meaningless
 * without the database. Only its SHA-256 is stored: a leaked table holds no
 * usable token. No salt or slow KDF is needed, unlike for passwords: 2^256
 * candidates cannot be brute-forced, so a fast hash loses nothing.
 */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');

export const hashRefreshToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Anything else is rejected before touching the database. */
export const isRefreshTokenShaped = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
