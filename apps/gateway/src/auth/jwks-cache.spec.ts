import { errors } from 'jose';
import { JwksCache, KeysUnavailableError } from './jwks-cache';
import { testIssuer, type TestIssuer } from './testing/test-tokens';

describe('JwksCache: keys in memory, refetched rate-limited', () => {
  let issuerA: TestIssuer;
  let issuerB: TestIssuer;
  let clock: number;
  let served: object;
  let fetches: number;
  let failing: boolean;

  const cache = () =>
    new JwksCache({
      fetchJwks: async () => {
        fetches++;
        if (failing) throw new Error('user service unavailable');
        return JSON.stringify(served);
      },
      ttlMs: 300_000,
      minRefreshIntervalMs: 30_000,
      now: () => clock,
    });
  const headerOf = (issuer: TestIssuer) => ({ alg: 'ES256', kid: issuer.kid });
  const token = { payload: '', signature: '' };

  beforeAll(async () => {
    [issuerA, issuerB] = await Promise.all([testIssuer('a'), testIssuer('b')]);
  });
  beforeEach(() => {
    clock = 1_000_000;
    fetches = 0;
    failing = false;
    served = { keys: [issuerA.publicJwk] };
  });

  it('fetches once for concurrent first requests, then serves from memory', async () => {
    const keys = cache();
    await Promise.all(Array.from({ length: 20 }, () => keys.getKey(headerOf(issuerA), token)));
    await keys.getKey(headerOf(issuerA), token);
    expect(fetches).toBe(1);
  });

  it('holding no key yet, retries a failed first fetch after a second, not after the full interval (P19)', async () => {
    const keys = cache();
    failing = true; // the issuer started after the gateway
    await expect(keys.getKey(headerOf(issuerA), token)).rejects.toBeInstanceOf(KeysUnavailableError);
    await expect(keys.getKey(headerOf(issuerA), token)).rejects.toBeInstanceOf(KeysUnavailableError);
    expect(fetches).toBe(1); // not on every request
    failing = false;
    clock += 1_000;
    await expect(keys.getKey(headerOf(issuerA), token)).resolves.toBeDefined();
    expect(fetches).toBe(2);
  });

  it('refetches on an unknown kid (a rotation), at most once per interval', async () => {
    const keys = cache();
    await keys.getKey(headerOf(issuerA), token);
    clock += 30_000;
    served = { keys: [issuerB.publicJwk, issuerA.publicJwk] };
    await expect(keys.getKey(headerOf(issuerB), token)).resolves.toBeDefined();
    expect(fetches).toBe(2);

    // A flood of made-up kids costs no more fetches within the interval (no DoS on the issuer).
    for (let i = 0; i < 50; i++) {
      await expect(keys.getKey({ alg: 'ES256', kid: `forged-${i}` }, token)).rejects.toBeInstanceOf(
        errors.JWKSNoMatchingKey,
      );
    }
    expect(fetches).toBe(2);
  });

  it('refreshes stale keys in the background and keeps the old ones if that fails', async () => {
    const keys = cache();
    await keys.getKey(headerOf(issuerA), token);
    clock += 300_001;
    failing = true;
    await expect(keys.getKey(headerOf(issuerA), token)).resolves.toBeDefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fetches).toBe(2);
    await expect(keys.current()).resolves.toEqual(served);
  });

  it('without any keys: KeysUnavailableError, retried only after the interval', async () => {
    failing = true;
    const keys = cache();
    await expect(keys.getKey(headerOf(issuerA), token)).rejects.toBeInstanceOf(KeysUnavailableError);
    await expect(keys.getKey(headerOf(issuerA), token)).rejects.toBeInstanceOf(KeysUnavailableError);
    expect(fetches).toBe(1);
    clock += 30_000;
    failing = false;
    await expect(keys.getKey(headerOf(issuerA), token)).resolves.toBeDefined();
    expect(fetches).toBe(2);
  });

  it('never holds or republishes private key material', async () => {
    served = { keys: [issuerA.publicJwk, { ...issuerB.publicJwk, d: 'private!' }] };
    const keys = cache();
    expect((await keys.current()).keys.map((key) => key.kid)).toEqual(['a']);
  });

  it('rejects a malformed key set as a failed fetch', async () => {
    served = { nope: true };
    await expect(cache().current()).rejects.toBeInstanceOf(KeysUnavailableError);
  });
});
