import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Test helper: an issuer key pair and tokens signed like the user service signs them. */
export interface TestIssuer {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  sign(overrides?: TokenOverrides): Promise<string>;
}

export interface TokenOverrides {
  sub?: string;
  email?: string;
  roles?: unknown;
  iss?: string;
  aud?: string;
  typ?: string;
  expiresInSeconds?: number;
  issuedAtOffsetSeconds?: number;
}

export const TEST_USER_ID = '3b241101-e2bb-4255-8caf-4136c566a962';

export async function testIssuer(kid = 'test-key-1'): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    kid,
    privateKey,
    publicJwk,
    sign: async (o = {}) => {
      const now = Math.floor(Date.now() / 1_000) + (o.issuedAtOffsetSeconds ?? 0);
      return new SignJWT({ email: o.email ?? 'ada@example.com', roles: o.roles ?? ['customer'] })
        .setProtectedHeader({ alg: 'ES256', kid, typ: o.typ ?? 'at+jwt' })
        .setIssuer(o.iss ?? 'shop-user')
        .setAudience(o.aud ?? 'shop')
        .setSubject(o.sub ?? TEST_USER_ID)
        .setJti(`jti-${Math.random()}`)
        .setIssuedAt(now)
        .setExpirationTime(now + (o.expiresInSeconds ?? 900))
        .sign(privateKey);
    },
  };
}
