import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { waitUntil } from '@shop/testing';
import request from 'supertest';
import { startGateway, type GatewayUnderTest } from '../testing/gateway.under-test';
import { FaultyTcpProxy } from './testing/faulty-tcp-proxy';

// The gateway in this process with small limits, the real user service as a
// process, Redis through a proxy the test can stall or cut (the real Redis is
// shared: never stopped). 127.0.0.1 is a trusted proxy here, so each test
// speaks for made-up clients with X-Forwarded-For; keys carry a prefix unique
// to this run. Ports 22600-22604 (this slice's range); 22699 is closed.
const PORTS = {
  userGrpc: 22600,
  userAdmin: 22601,
  http: 22602,
  admin: 22603,
  redisProxy: 22604,
  closed: 22699,
};
const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0');
const COMMAND_TIMEOUT_MS = 150;

describe('gateway rate limits through real HTTP, the real user service and Redis', () => {
  let proxy: FaultyTcpProxy;
  let gateway: GatewayUnderTest;
  const logs: string[] = [];
  const http = () => gateway.http();
  let lastOctet = 0;
  /** A fresh client address (TEST-NET-3) for each use. */
  const newIp = () => `203.0.113.${(lastOctet += 1)}`;
  const password = 'correct horse battery';

  const register = async () => {
    const customer = gateway.newCustomer('rl');
    await http().post('/v1/users').set('x-forwarded-for', newIp()).send(customer).expect(201);
    return customer;
  };
  const login = (email: string, pass: string, ip = newIp()) =>
    http().post('/v1/auth/login').set('x-forwarded-for', ip).send({ email, password: pass });
  const expect429 = (res: request.Response, policy: string) => {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 429,
      code: 'REQUEST.RATE_LIMITED',
      traceId: expect.any(String),
    });
    expect(res.body.detail).toContain(`"${policy}"`);
    expect(res.headers['ratelimit']).toContain(`"${policy}";r=0;t=${res.headers['retry-after']}`);
  };
  /** 1 token per minute: Retry-After is the rest of that minute (less what a slow machine spent since). */
  const expectMinuteRetry = (res: request.Response) => {
    const seconds = Number(res.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(45);
    expect(seconds).toBeLessThanOrEqual(60);
  };
  const metrics = async () =>
    (await fetch(`${gateway.adminUrl}/metrics`, { signal: AbortSignal.timeout(3_000) })).text();
  /** gateway_rate_limit_decisions_total{policy, outcome} from /metrics (0 when absent). */
  const decisions = async (policy: string, outcome: string) => {
    const line = (await metrics())
      .split('\n')
      .find(
        (l) =>
          l.startsWith('gateway_rate_limit_decisions_total{') &&
          l.includes(`policy="${policy}"`) &&
          l.includes(`outcome="${outcome}"`),
      );
    return Number(line?.split(' ').at(-1) ?? 0);
  };

  beforeAll(async () => {
    proxy = await FaultyTcpProxy.start(PORTS.redisProxy, { host: REDIS.hostname, port: Number(REDIS.port) });
    gateway = await startGateway({
      ports: PORTS,
      logDestination: new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
      env: {
        LOG_LEVEL: 'info',
        REDIS_URL: `redis://127.0.0.1:${PORTS.redisProxy}${REDIS.pathname}`,
        REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
        RATE_LIMIT_TRUSTED_PROXIES: '127.0.0.1',
        // One token per minute each: nothing refills during the test.
        RATE_LIMIT_IP_BURST: '5',
        RATE_LIMIT_IP_PER_MINUTE: '1',
        RATE_LIMIT_USER_BURST: '3',
        RATE_LIMIT_USER_PER_MINUTE: '1',
        RATE_LIMIT_LOGIN_IP_BURST: '4',
        RATE_LIMIT_LOGIN_IP_PER_MINUTE: '1',
        RATE_LIMIT_LOGIN_ACCOUNT_BURST: '2',
        RATE_LIMIT_LOGIN_ACCOUNT_PER_MINUTE: '1',
        RATE_LIMIT_REGISTER_IP_BURST: '2',
        RATE_LIMIT_REGISTER_IP_PER_MINUTE: '1',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await proxy?.stop();
  });

  describe('per IP, on every request, before authentication', () => {
    const limitedIp = '198.51.100.7';

    it('counts down in the RateLimit headers, then 429 problem+json with Retry-After; other IPs unaffected', async () => {
      const first = await http().get('/v1/no-such-route').set('x-forwarded-for', limitedIp).expect(404);
      expect(first.headers['ratelimit-policy']).toBe('"ip";q=5;w=300');
      expect(first.headers['ratelimit']).toBe('"ip";r=4;t=60');
      for (let i = 0; i < 3; i += 1) await http().get('/v1/me').set('x-forwarded-for', limitedIp).expect(401);
      const last = await http().get('/v1/no-such-route').set('x-forwarded-for', limitedIp).expect(404);
      expect(last.headers['ratelimit']).toMatch(/^"ip";r=0;t=(5\d|60)$/); // the next token in under a minute

      const limited = await http().get('/v1/me').set('x-forwarded-for', limitedIp);
      expect429(limited, 'ip');
      expectMinuteRetry(limited);
      expect(limited.body.instance).toBe('/v1/me');
      expect(limited.headers['www-authenticate']).toBeUndefined(); // turned away before authentication

      await http().get('/v1/no-such-route').set('x-forwarded-for', newIp()).expect(404);
    });

    it('a forged X-Forwarded-For entry left of the proxy-added one gets no fresh bucket', async () => {
      const forged = await http().get('/v1/no-such-route').set('x-forwarded-for', `${newIp()}, ${limitedIp}`);
      expect429(forged, 'ip');
    });
  });

  describe('login (P26: every attempt costs an scrypt hash)', () => {
    it('per account: failed attempts from any IP exhaust it; then even the right password waits', async () => {
      const victim = await register();
      const first = await login(victim.email, 'wrong password');
      expect(first.status).toBe(401);
      expect(first.headers['ratelimit-policy']).toBe(
        '"ip";q=5;w=300, "login-ip";q=4;w=240, "login-account";q=2;w=120',
      );
      expect(first.headers['ratelimit']).toMatch(
        /^"ip";r=4;t=60, "login-ip";r=3;t=60, "login-account";r=1;t=\d+$/,
      );
      await login(victim.email.toUpperCase(), 'wrong password').expect(401); // same account, another IP

      const limited = await login(victim.email, password);
      expect429(limited, 'login-account');
      expectMinuteRetry(limited);
    });

    it('per account: successful logins do not count', async () => {
      const customer = await register();
      for (let i = 0; i < 4; i += 1) await login(customer.email, password).expect(200);
    });

    it('per IP: many accounts tried from one address', async () => {
      const ip = newIp();
      for (let i = 0; i < 4; i += 1) {
        await login(`nobody-${i}-${randomBytes(3).toString('hex')}@example.com`, 'guess', ip).expect(401);
      }
      expect429(await login(`nobody-${randomBytes(3).toString('hex')}@example.com`, 'guess', ip), 'login-ip');
    });
  });

  it('registration per IP', async () => {
    const ip = newIp();
    const customer = (i: number) => ({
      email: `gw-rl-reg-${i}-${randomBytes(4).toString('hex')}@example.com`,
      password,
      name: 'RL',
    });
    await http().post('/v1/users').set('x-forwarded-for', ip).send(customer(1)).expect(201);
    await http().post('/v1/users').set('x-forwarded-for', ip).send(customer(2)).expect(201);
    expect429(await http().post('/v1/users').set('x-forwarded-for', ip).send(customer(3)), 'register-ip');
  });

  it('per user: keyed by the token subject, whatever IP the requests come from', async () => {
    const ada = await register();
    const bob = await register();
    const tokenOf = async (email: string) =>
      (await login(email, password).expect(200)).body.accessToken as string;
    const [adaToken, bobToken] = [await tokenOf(ada.email), await tokenOf(bob.email)];
    const me = (token: string, ip = newIp()) =>
      http().get('/v1/me').set('authorization', `Bearer ${token}`).set('x-forwarded-for', ip);

    const sharedIp = newIp();
    const first = await me(adaToken, sharedIp).expect(200);
    expect(first.headers['ratelimit']).toMatch(/^"ip";r=4;t=60, "user";r=2;t=60$/);
    await me(adaToken).expect(200);
    await me(adaToken).expect(200);
    expect429(await me(adaToken), 'user');
    await me(bobToken, sharedIp).expect(200); // same IP, another user
  });

  it('exports allowed/limited counts per policy on /metrics, labels from closed sets only (P21)', async () => {
    for (const policy of ['ip', 'user', 'login-ip', 'login-account', 'register-ip']) {
      expect(await decisions(policy, 'limited')).toBeGreaterThanOrEqual(1);
      expect(await decisions(policy, 'allowed')).toBeGreaterThanOrEqual(1);
    }
    const series = (await metrics())
      .split('\n')
      .filter((l) => l.startsWith('gateway_rate_limit_decisions_total'));
    expect(series.join('\n')).not.toMatch(/203\.0\.113|198\.51\.100|@example\.com/);
  });

  describe('Redis slow or down: fail open, bounded, counted (P02)', () => {
    const exhaustedIp = '198.51.100.7'; // limited by the first test
    const timed = async (req: request.Test) => {
      const started = performance.now();
      const res = await req;
      return { res, ms: performance.now() - started };
    };

    it('a hung Redis costs each request at most the command timeout; requests pass unlimited', async () => {
      const logsBefore = logs.length;
      proxy.stall();
      for (let i = 0; i < 3; i += 1) {
        const { res, ms } = await timed(http().get('/v1/no-such-route').set('x-forwarded-for', exhaustedIp));
        expect(res.status).toBe(404); // not 429: nobody could count it
        expect(res.headers['ratelimit']).toBeUndefined();
        expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + 1_850); // a stall would hang until the test timeout
      }
      // Three requests failed open, one warning: the outage is logged once, not per request.
      const warnings = await waitUntil(
        () => {
          const found = logs.slice(logsBefore).filter((line) => line.includes('rate limiting unavailable'));
          return found.length > 0 ? found : undefined;
        },
        { description: 'the fail-open warning' },
      );
      expect(warnings).toHaveLength(1);
      const readiness = await fetch(`${gateway.adminUrl}/readyz`);
      expect(readiness.status).toBe(200); // A limiter outage is no reason to take the gateway out
    });

    it('a Redis that is down costs nothing: commands are refused at once', async () => {
      const warningsBefore = logs.length;
      proxy.refuse();
      await waitUntil(
        async () => {
          const { res, ms } = await timed(
            http().get('/v1/no-such-route').set('x-forwarded-for', exhaustedIp),
          );
          return res.status === 404 && ms < COMMAND_TIMEOUT_MS;
        },
        { timeoutMs: 10_000, description: 'requests to pass without waiting for Redis' },
      );
      const failedOpenBefore = await decisions('ip', 'failed_open');
      for (let i = 0; i < 5; i += 1) {
        await http().get('/v1/no-such-route').set('x-forwarded-for', exhaustedIp).expect(404);
      }
      expect(await decisions('ip', 'failed_open')).toBe(failedOpenBefore + 5);
      // One warning per outage, not one per request. The stall above may already have
      // warned for this outage (then none here), or a command that got through while the
      // connection was reset ended it (then one here): never one per refused request.
      const warnings = logs
        .slice(warningsBefore)
        .filter((line) => line.includes('rate limiting unavailable'));
      expect(warnings.length).toBeLessThanOrEqual(1);
      expect(logs.filter((line) => line.includes('rate limiting unavailable'))[0]).toContain(
        '"level":"warn"',
      );
    });

    it('limits apply again as soon as Redis is back, with the buckets as they were', async () => {
      proxy.pass();
      const res = await waitUntil(
        async () => {
          const attempt = await http().get('/v1/no-such-route').set('x-forwarded-for', exhaustedIp);
          return attempt.status === 429 ? attempt : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200, description: 'the gateway to reconnect to Redis' },
      );
      expect429(res, 'ip');
      expect(logs.some((line) => line.includes('rate limiting restored'))).toBe(true);
    });
  });
});
