import { generateKeyPairSync } from 'node:crypto';
import { tokenConfigSchema } from './signing-key.config';
import { SigningKeys } from './signing-keys';
import { testSigningKeyPem } from '../testing/test-keys';

// A wrong key fails at start-up, naming the variable, never on the first login.
describe('token configuration', () => {
  const pem = testSigningKeyPem();
  const parse = (env: Record<string, string>) =>
    tokenConfigSchema.safeParse({ JWT_PRIVATE_KEY: pem, JWT_KEY_ID: 'k-1', ...env });
  const problems = (env: Record<string, string>) => {
    const result = parse(env);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('accepts a P-256 PKCS8 PEM, with real newlines or \\n escapes (one-line env files)', () => {
    expect(parse({}).success).toBe(true);
    const oneLine = pem.trim().replace(/\n/g, '\\n');
    const result = parse({ JWT_PRIVATE_KEY: oneLine });
    expect(result.success && result.data.JWT_PRIVATE_KEY).toBe(pem.trim());
  });

  it('defaults: 15 min access tokens, 7 day refresh tokens', () => {
    const result = parse({});
    expect(
      result.success && [result.data.ACCESS_TOKEN_TTL_SECONDS, result.data.REFRESH_TOKEN_TTL_SECONDS],
    ).toEqual([900, 604_800]);
  });

  it.each([
    ['garbage', { JWT_PRIVATE_KEY: 'not a pem' }, 'JWT_PRIVATE_KEY'],
    ['another curve', { JWT_PRIVATE_KEY: testSigningKeyPem('P-384') }, 'JWT_PRIVATE_KEY'],
    [
      'an RSA key',
      {
        JWT_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
      'JWT_PRIVATE_KEY',
    ],
    ['a kid with spaces', { JWT_KEY_ID: 'my key' }, 'JWT_KEY_ID'],
    ['a day-long access token', { ACCESS_TOKEN_TTL_SECONDS: '86400' }, 'ACCESS_TOKEN_TTL_SECONDS'],
    ['previous keys that are not JSON', { JWT_PREVIOUS_PUBLIC_KEYS: '[{' }, 'JWT_PREVIOUS_PUBLIC_KEYS'],
  ])('rejects %s', (_label, env, variable) => {
    expect(problems(env)).toContain(variable);
  });

  it('refuses to publish a PRIVATE previous key (a JWK with "d")', async () => {
    const old = await SigningKeys.fromConfig({ JWT_PRIVATE_KEY: testSigningKeyPem(), JWT_KEY_ID: 'old' });
    const [publicJwk] = old.jwks.keys;
    const result = parse({ JWT_PREVIOUS_PUBLIC_KEYS: JSON.stringify([{ ...publicJwk, d: 'secret' }]) });
    expect(
      !result.success && result.error.issues.map((issue) => [issue.path.join('.'), issue.message]),
    ).toEqual([['JWT_PREVIOUS_PUBLIC_KEYS.0', 'must be a PUBLIC key (no "d" member)']]);
  });

  it('publishes the current key first, then previous ones ({"keys": [...]} or a bare array)', async () => {
    const old = await SigningKeys.fromConfig({ JWT_PRIVATE_KEY: testSigningKeyPem(), JWT_KEY_ID: 'old' });
    for (const previous of [JSON.stringify(old.jwks), JSON.stringify(old.jwks.keys)]) {
      const config = parse({ JWT_PREVIOUS_PUBLIC_KEYS: previous });
      if (!config.success) throw config.error;
      const keys = await SigningKeys.fromConfig(config.data);
      expect(keys.jwks.keys.map((key) => key.kid)).toEqual(['k-1', 'old']);
      expect(keys.jwks.keys.every((key) => key.alg === 'ES256' && key.use === 'sig' && !('d' in key))).toBe(
        true,
      );
    }
  });
});
