import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { AccessTokenV1 } from '@shop/contracts';
import { AccessTokenIssuer, rolesOf } from './access-token.issuer';
import { SigningKeys } from './signing-keys';
import { testSigningKeyPem } from '../testing/test-keys';

describe('AccessTokenIssuer', () => {
  let keys: SigningKeys;
  let issuer: AccessTokenIssuer;
  const subject = {
    id: '6f1c1d7e-4a4f-4b8e-9a53-3f6a1f2b9c10',
    email: 'ada@example.com',
    role: 'customer' as const,
  };

  beforeAll(async () => {
    keys = await SigningKeys.fromConfig({ JWT_PRIVATE_KEY: testSigningKeyPem(), JWT_KEY_ID: 'key-2026' });
    issuer = new AccessTokenIssuer(keys, { ACCESS_TOKEN_TTL_SECONDS: 900 });
  });

  it('signs an ES256 at+jwt with the kid, verifiable with the published JWKS only', async () => {
    const { token, expiresIn } = await issuer.issue(subject);
    expect(expiresIn).toBe(900);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: 'key-2026', typ: 'at+jwt' });
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.jwks), {
      algorithms: ['ES256'],
      issuer: 'shop-user',
      audience: 'shop',
      typ: 'at+jwt',
    });
    expect(AccessTokenV1.claims.parse(payload)).toMatchObject({
      sub: subject.id,
      email: subject.email,
      roles: ['customer'],
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it('gives every token its own jti', async () => {
    const [a, b] = await Promise.all([issuer.issue(subject), issuer.issue(subject)]);
    const jti = async (token: string) => (await jwtVerify(token, createLocalJWKSet(keys.jwks))).payload.jti;
    expect(await jti(a.token)).not.toEqual(await jti(b.token));
  });

  it('expires after the TTL', async () => {
    const past = new Date(Date.now() - 901_000);
    const { token } = await issuer.issue(subject, past);
    await expect(jwtVerify(token, createLocalJWKSet(keys.jwks))).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
  });

  it('makes roles cumulative: an admin is also a customer', () => {
    expect(rolesOf('customer')).toEqual(['customer']);
    expect(rolesOf('admin')).toEqual(['customer', 'admin']);
  });
});
