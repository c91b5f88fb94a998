import { createHash } from 'node:crypto';
import { AccessTokenV1, userV1 } from '@shop/contracts';
import { AppError, CacheAside, redisOptions, type GrpcClient } from '@shop/platform';
import { Redis } from 'ioredis';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { AddressRepository } from './persistence/address.repository';
import { UserRepository } from './persistence/user.repository';
import { GetProfileHandler } from './profile/get-profile.handler';
import { ProfileCache, profileKey } from './profile/profile-cache';
import { testLogger, type ScratchDatabase, waitUntil } from '@shop/testing';
import {
  createUserTestDatabase,
  newRegistration,
  REDIS_URL,
  startUserService,
  type UserUnderTest,
} from './testing/user.under-test';

// The user service in this process (runService + UserAppModule) against the real
// Postgres (a scratch database), Redis and Kafka. Ports 22001-22009 (this slice's range).
const GRPC_PORT = 22001;
const ADMIN_PORT = 22002;
/** Nothing listens here: a Redis that is "down". */
const CLOSED_PORT = 22099;

describe('user service: identity, sessions and profiles on real infrastructure', () => {
  let db: ScratchDatabase;
  let service: UserUnderTest;
  let users: GrpcClient<userV1.UserServiceClient>;
  let redis: Redis;

  beforeAll(async () => {
    db = await createUserTestDatabase();
    service = await startUserService({ db, grpcPort: GRPC_PORT, adminPort: ADMIN_PORT });
    users = service.client();
    redis = new Redis(REDIS_URL, { lazyConnect: true, commandTimeout: 2_000 });
    await redis.connect();
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await redis?.quit();
    await db?.drop();
  });

  /** The AppError a call rejects with (code and status survive the gRPC hop). */
  const failure = async (call: Promise<unknown>): Promise<AppError> => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    return error;
  };
  const registered = async (label?: string) => {
    const registration = newRegistration(label);
    const { user } = await users.registerUser(registration);
    if (!user) throw new Error('no user');
    return { ...registration, userId: user.userId };
  };
  const login = async (email: string, password = 'correct horse battery') => {
    const { tokens } = await users.login({ email, password });
    if (!tokens) throw new Error('no tokens');
    return tokens;
  };
  const sha256 = (value: string) => createHash('sha256').update(value).digest();

  describe('registration', () => {
    it('refuses an address the published event cannot carry with INVALID_ARGUMENT, writing nothing (it was a 500)', async () => {
      // Found by Schemathesis: RFC 5322 allows it; user.registered.v1 (z.email()) does not.
      const email = `tc{!nt'!${Date.now().toString(36)}@de.4mygyr8a.com`;
      const error = await failure(
        users.registerUser({ email, password: 'correct horse battery', name: 'T' }),
      );
      expect({ code: error.code, status: error.httpStatus, fields: error.fieldErrors }).toEqual({
        code: 'USER.INVALID_INPUT',
        status: 400,
        fields: [{ field: 'email', message: 'must be a valid email address' }],
      });
      expect(await db.query('SELECT id FROM users WHERE email = $1', [email])).toEqual([]);
    });
  });

  describe('login', () => {
    it('returns an ES256 access token that verifies with GetJwks, and a refresh token stored only as a hash', async () => {
      const ada = await registered();
      const { tokens, user } = await users.login({ email: ada.email.toUpperCase(), password: ada.password });
      expect(user?.userId).toBe(ada.userId);
      expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 604_800 });

      const jwks = JSON.parse((await users.getJwks({})).jwksJson);
      expect(jwks.keys).toEqual([
        expect.objectContaining({ kty: 'EC', crv: 'P-256', kid: 'it-key-1', alg: 'ES256' }),
      ]);
      expect(jwks.keys[0]).not.toHaveProperty('d');
      const accessToken = tokens?.accessToken ?? '';
      expect(decodeProtectedHeader(accessToken)).toMatchObject({
        alg: 'ES256',
        kid: 'it-key-1',
        typ: 'at+jwt',
      });
      const { payload } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
        algorithms: [AccessTokenV1.algorithm],
        issuer: AccessTokenV1.issuer,
        audience: AccessTokenV1.audience,
        typ: AccessTokenV1.type,
      });
      expect(payload).toMatchObject({ sub: ada.userId, email: ada.email, roles: ['customer'] });

      const refreshToken = tokens?.refreshToken ?? '';
      const rows = await db.query<{ token_hash: Buffer; user_id: string }>(
        `SELECT t.token_hash, f.user_id FROM refresh_tokens t
           JOIN refresh_token_families f ON f.id = t.family_id WHERE f.user_id = $1`,
        [ada.userId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash.equals(sha256(refreshToken))).toBe(true);
      const dump = JSON.stringify(await db.query('SELECT * FROM refresh_tokens'));
      expect(dump).not.toContain(refreshToken);
    });

    it('gives an unknown email and a wrong password the same UNAUTHENTICATED answer', async () => {
      const ada = await registered();
      const wrong = await failure(users.login({ email: ada.email, password: 'not the password' }));
      const unknown = await failure(
        users.login({ email: `nobody-${ada.email}`, password: 'not the password' }),
      );
      expect([wrong.code, wrong.httpStatus, wrong.message]).toEqual([
        'USER.INVALID_CREDENTIALS',
        401,
        'the email or password is wrong',
      ]);
      expect([unknown.code, unknown.httpStatus, unknown.message]).toEqual([wrong.code, 401, wrong.message]);
    });
  });

  describe('refresh-token rotation', () => {
    it('spends the presented token and issues a working successor', async () => {
      const ada = await registered();
      const first = await login(ada.email);
      const { tokens: second } = await users.refreshToken({ refreshToken: first.refreshToken });
      expect(second?.refreshToken).toEqual(expect.any(String));
      expect(second?.refreshToken).not.toBe(first.refreshToken);
      expect(second?.accessToken).not.toBe(first.accessToken);
      const [spent] = await db.query<{ used_at: Date | null }>(
        'SELECT used_at FROM refresh_tokens WHERE token_hash = $1',
        [sha256(first.refreshToken)],
      );
      expect(spent?.used_at).toBeInstanceOf(Date);
      const { tokens: third } = await users.refreshToken({ refreshToken: second?.refreshToken ?? '' });
      expect(third?.refreshToken).toEqual(expect.any(String));
    });

    it('revokes the whole family when a spent token is replayed: the thief AND the holder of the successor lose it', async () => {
      const ada = await registered();
      const stolen = await login(ada.email);
      const { tokens: legit } = await users.refreshToken({ refreshToken: stolen.refreshToken });

      const replay = await failure(users.refreshToken({ refreshToken: stolen.refreshToken }));
      expect([replay.code, replay.httpStatus]).toEqual(['USER.INVALID_REFRESH_TOKEN', 401]);
      const successor = await failure(users.refreshToken({ refreshToken: legit?.refreshToken ?? '' }));
      expect(successor.code).toBe('USER.INVALID_REFRESH_TOKEN');

      const families = await db.query<{ revoke_reason: string | null }>(
        'SELECT revoke_reason FROM refresh_token_families WHERE user_id = $1',
        [ada.userId],
      );
      expect(families).toEqual([{ revoke_reason: 'reuse_detected' }]);
      expect(service.logs).toContainEqual(
        expect.objectContaining({ msg: expect.stringContaining('reuse detected'), user_id: ada.userId }),
      );
      // Another session of the same user is untouched.
      await expect(
        users.refreshToken({ refreshToken: (await login(ada.email)).refreshToken }),
      ).resolves.toBeDefined();
    });

    it('lets exactly one of 8 concurrent refreshes with one token win; the others count as reuse (family row lock)', async () => {
      const ada = await registered();
      const { refreshToken } = await login(ada.email);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => users.refreshToken({ refreshToken })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
          WHERE f.user_id = $1`,
        [ada.userId],
      );
      expect(rows[0]?.n).toBe(2); // the original and ONE successor
      // Racing replays of one token are indistinguishable from theft: the family is revoked.
      const families = await db.query('SELECT revoke_reason FROM refresh_token_families WHERE user_id = $1', [
        ada.userId,
      ]);
      expect(families).toEqual([{ revoke_reason: 'reuse_detected' }]);
    });

    it('puts a role change into the next access token without a new login', async () => {
      const ada = await registered();
      const { refreshToken } = await login(ada.email);
      await db.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [ada.userId]);
      const { tokens } = await users.refreshToken({ refreshToken });
      const jwks = createLocalJWKSet(JSON.parse((await users.getJwks({})).jwksJson));
      const { payload } = await jwtVerify(tokens?.accessToken ?? '', jwks);
      expect(payload['roles']).toEqual(['customer', 'admin']);
    });

    it('rejects garbage and expired tokens with the same error', async () => {
      const ada = await registered();
      const { refreshToken } = await login(ada.email);
      await db.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [sha256(refreshToken)],
      );
      for (const token of [refreshToken, 'garbage', 'A'.repeat(43)]) {
        expect((await failure(users.refreshToken({ refreshToken: token }))).code).toBe(
          'USER.INVALID_REFRESH_TOKEN',
        );
      }
    });

    it('logout revokes the family; it is idempotent and silent about unknown tokens', async () => {
      const ada = await registered();
      const first = await login(ada.email);
      const { tokens: second } = await users.refreshToken({ refreshToken: first.refreshToken });
      await users.logout({ refreshToken: second?.refreshToken ?? '' });
      await users.logout({ refreshToken: second?.refreshToken ?? '' });
      await users.logout({ refreshToken: 'B'.repeat(43) });
      expect((await failure(users.refreshToken({ refreshToken: second?.refreshToken ?? '' }))).code).toBe(
        'USER.INVALID_REFRESH_TOKEN',
      );
      const families = await db.query('SELECT revoke_reason FROM refresh_token_families WHERE user_id = $1', [
        ada.userId,
      ]);
      expect(families).toEqual([{ revoke_reason: 'logout' }]);
    });
  });

  describe('profile cache-aside in Redis (P13)', () => {
    it('fills on a miss with a jittered TTL, then serves hits from Redis', async () => {
      const ada = await registered();
      const miss = await users.getProfile({ userId: ada.userId });
      expect(miss).toEqual({
        user: expect.objectContaining({
          userId: ada.userId,
          email: ada.email,
          name: ada.name,
          role: 'customer',
        }),
        addresses: [],
      });
      const ttl = await waitUntil(
        async () => {
          const seconds = await redis.ttl(profileKey(ada.userId));
          return seconds > 0 ? seconds : undefined;
        },
        { description: 'the profile to be cached' },
      );
      expect(ttl).toBeGreaterThan(290);
      expect(ttl).toBeLessThanOrEqual(330);

      // Changed behind the service's back: a hit still shows the cached value.
      await db.query(`UPDATE users SET name = 'Changed Directly' WHERE id = $1`, [ada.userId]);
      expect((await users.getProfile({ userId: ada.userId })).user?.name).toBe(ada.name);
    });

    it('UpdateProfile invalidates after its commit: the next read is fresh, and a lease blocks stale refills', async () => {
      const ada = await registered();
      await users.getProfile({ userId: ada.userId });
      await waitUntil(async () => (await redis.exists(profileKey(ada.userId))) === 1, {
        description: 'the profile to be cached',
      });
      // A reader that missed before the update holds the fill lease while it reads the old row...
      const lease = CacheAside.leaseKey(profileKey(ada.userId));
      await redis.set(lease, 'reader-before-the-update', 'PX', 10_000);
      const { user } = await users.updateProfile({ userId: ada.userId, name: '  Ada King  ' });
      expect(user?.name).toBe('Ada King');
      expect(await redis.exists(profileKey(ada.userId))).toBe(0);
      // ...the invalidation took its lease away, so its write of the old row will be refused.
      expect(await redis.exists(lease)).toBe(0);
      expect((await users.getProfile({ userId: ada.userId })).user?.name).toBe('Ada King');
    });

    it('AddAddress invalidates: the address list is right at once', async () => {
      const ada = await registered();
      expect((await users.listAddresses({ userId: ada.userId })).addresses).toEqual([]);
      const { address } = await users.addAddress({
        userId: ada.userId,
        line1: '1 Main Street',
        line2: '',
        city: 'Berlin',
        postalCode: '10115',
        country: 'de',
      });
      expect(address).toMatchObject({ line1: '1 Main Street', country: 'DE', addressId: expect.any(String) });
      expect((await users.listAddresses({ userId: ada.userId })).addresses).toEqual([address]);
      expect((await users.getProfile({ userId: ada.userId })).addresses).toEqual([address]);
    });

    it('counts hits and misses on /metrics with bounded labels only (P21)', async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${ADMIN_PORT}/metrics`)).text();
      const lines = metrics.split('\n').filter((line) => line.startsWith('user_profile_cache_lookups_total'));
      expect(lines.some((line) => line.includes('result="hit"'))).toBe(true);
      expect(lines.some((line) => line.includes('result="miss"'))).toBe(true);
      // result is the only label the service sets (otel_scope_name is the exporter's)
      expect(
        lines.every((line) =>
          /^user_profile_cache_lookups_total\{result="(hit|miss|error)",otel_scope_name="user"\} \d+$/.test(
            line,
          ),
        ),
      ).toBe(true);
    });

    it('Redis down: reads come from Postgres, counted as errors, nothing fails', async () => {
      const ada = await registered();
      const deadRedis = new Redis(
        `redis://127.0.0.1:${CLOSED_PORT}/0`,
        redisOptions(
          { REDIS_URL: `redis://127.0.0.1:${CLOSED_PORT}/0`, REDIS_COMMAND_TIMEOUT_MS: 500 },
          'it-dead',
        ),
      );
      deadRedis.on('error', () => undefined);
      deadRedis.connect().catch(() => undefined);
      const dataSource = await new DataSource({
        type: 'postgres',
        url: db.url,
        poolSize: 2,
        entities: [],
      }).initialize();
      try {
        const cache = new ProfileCache(deadRedis, { PROFILE_CACHE_TTL_SECONDS: 300 }, testLogger());
        const handler = new GetProfileHandler(
          new UserRepository(dataSource),
          new AddressRepository(dataSource),
          cache,
        );
        const started = Date.now();
        const profile = await handler.execute(ada.userId);
        expect(profile.ok && profile.value.user).toMatchObject({ id: ada.userId, email: ada.email });
        await expect(cache.invalidate(ada.userId)).resolves.toBeUndefined();
        expect(Date.now() - started).toBeLessThan(2_000); // no waiting on the dead Redis

        const metrics = await (await fetch(`http://127.0.0.1:${ADMIN_PORT}/metrics`)).text();
        expect(metrics).toMatch(/user_profile_cache_lookups_total\{result="error",[^}]*\} [1-9]/);
        expect(metrics).toMatch(/user_profile_cache_errors_total\{operation="get",[^}]*\} [1-9]/);
      } finally {
        deadRedis.disconnect();
        await dataSource.destroy();
      }
    });

    it('readiness does not depend on Redis (a cache outage is a degradation, not an outage: P18)', async () => {
      const health = (await (await fetch(`http://127.0.0.1:${ADMIN_PORT}/healthz`)).json()) as {
        dependencies: Record<string, unknown>;
      };
      expect(Object.keys(health.dependencies)).toEqual(expect.arrayContaining(['postgres']));
      expect(Object.keys(health.dependencies)).not.toContain('redis');
    });
  });

  describe('addresses', () => {
    it('rejects invalid input naming each field', async () => {
      const ada = await registered();
      const error = await failure(
        users.addAddress({
          userId: ada.userId,
          line1: '',
          line2: '',
          city: 'Berlin',
          postalCode: '??',
          country: 'XX',
        }),
      );
      expect([error.code, error.httpStatus]).toEqual(['USER.INVALID_INPUT', 400]);
      expect(error.fieldErrors.map((f) => f.field)).toEqual(['line1', 'postalCode', 'country']);
    });

    it('keeps the per-user bound under concurrency: 14 parallel adds -> exactly 10 stored', async () => {
      const ada = await registered();
      const results = await Promise.allSettled(
        Array.from({ length: 14 }, (_, i) =>
          users.addAddress({
            userId: ada.userId,
            line1: `${i} Main Street`,
            line2: '',
            city: 'Paris',
            postalCode: '75001',
            country: 'FR',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected.map((r) => [(r.reason as AppError).code, (r.reason as AppError).httpStatus])).toEqual(
        Array.from({ length: 4 }, () => ['USER.ADDRESS_LIMIT_REACHED', 422]),
      );
      const [row] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM addresses WHERE user_id = $1',
        [ada.userId],
      );
      expect(row?.n).toBe(10);
    });

    it('NOT_FOUND for an unknown user', async () => {
      const error = await failure(users.getProfile({ userId: '00000000-0000-4000-8000-000000000000' }));
      expect([error.code, error.httpStatus]).toEqual(['USER.NOT_FOUND', 404]);
    });
  });
});
