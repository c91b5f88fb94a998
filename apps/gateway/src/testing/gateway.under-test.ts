import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { inProcess, spawned, type InProcessService, type SpawnedService } from '@shop/platform/testing';
import { ScratchDatabase } from '@shop/testing';
import request from 'supertest';
import { gatewayService } from '../gateway.service';
import type { GatewayConfig } from '../gateway.config';
import type { FakeOrderService } from '../orders/testing/fake-order-service';

/** A suite's fixed ports (its own range; never 32768-60999, the ephemeral ones). */
export interface GatewayPorts {
  readonly userGrpc: number;
  readonly userAdmin: number;
  readonly http: number;
  readonly admin: number;
  /** Nothing listens here: the services a suite does not exercise answer UNAVAILABLE (503). */
  readonly closed: number;
  /** Where `orders` listens, when given. */
  readonly order?: number;
}

export interface GatewayOptions {
  readonly ports: GatewayPorts;
  /** The order service's contract played by the test: started on `ports.order`, stopped by close(). */
  readonly orders?: FakeOrderService;
  /** Added to (and overriding) the defaults: SERVICE_VERSION, rate limits, another REDIS_URL... */
  readonly env?: Record<string, string>;
  /** Where the gateway's JSON logs go; default: kept in memory (tests provoke errors on purpose). */
  readonly logDestination?: Writable;
}

/** The user service process, and one query on its database as its own role (the test's view of what it wrote). */
export type UserProcess = SpawnedService & Pick<ScratchDatabase, 'query'>;

export interface GatewayUnderTest {
  /** http://127.0.0.1:<http> */
  readonly url: string;
  /** http://127.0.0.1:<admin>: /metrics, /readyz. */
  readonly adminUrl: string;
  readonly service: InProcessService<GatewayConfig>;
  readonly user: UserProcess;
  /** A supertest request to the gateway's public port. */
  http(): request.Agent;
  /** A new customer with a unique email; `tag` names the suite in the email. */
  newCustomer(tag: string): TestCustomer;
  /** Registers a new customer (201) and logs in (200): the user id and the token pair. */
  registerAndLogin(tag: string): Promise<RegisteredCustomer>;
  close(): Promise<void>;
}

export interface TestCustomer {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

export interface RegisteredCustomer extends TestCustomer {
  readonly userId: string;
  /** The body of POST /v1/auth/login: accessToken, refreshToken, user... */
  readonly tokens: Record<string, unknown> & { accessToken: string; refreshToken: string };
}

/**
 * The gateway booted in this process exactly as main.ts boots it (runService,
 * env instead of process.env), in front of the real user service as a process
 * on a scratch database, against the real (shared) Redis. Services a suite does
 * not exercise point at a closed port; rate-limit keys carry a prefix unique to
 * this run, so the suite neither shares buckets with the running system nor
 * leaves any it must clean (they expire).
 */
export async function startGateway(options: GatewayOptions): Promise<GatewayUnderTest> {
  const { ports, orders } = options;
  const closed = `127.0.0.1:${ports.closed}`;
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    let orderUrl = closed;
    if (orders) {
      if (ports.order === undefined) throw new Error('startGateway: `orders` needs `ports.order`');
      await orders.start(ports.order);
      stops.push(() => orders.stop());
      orderUrl = `127.0.0.1:${ports.order}`;
    }
    const user = await startUserProcess(ports, stops);
    const service = await inProcess({
      ...gatewayService,
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
      env: {
        LOG_LEVEL: 'warn',
        ADMIN_PORT: String(ports.admin),
        HTTP_PORT: String(ports.http),
        USER_GRPC_URL: user.grpcUrl,
        ORDER_GRPC_URL: orderUrl,
        INVENTORY_GRPC_URL: closed,
        NOTIFICATION_GRPC_URL: closed,
        GRPC_DEADLINE_MS: '5000',
        REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0',
        RATE_LIMIT_KEY_PREFIX: `it-gw-${randomBytes(4).toString('hex')}`,
        ...options.env,
      },
    });
    stops.push(async () => {
      await service.stop();
    });

    const url = service.httpUrl;
    const http = () => request(url);
    const newCustomer = (tag: string): TestCustomer => {
      const id = randomBytes(5).toString('hex');
      return { email: `gw-${tag}-${id}@example.com`, password: 'correct horse battery', name: `GW ${id}` };
    };
    return {
      url,
      adminUrl: service.adminUrl,
      service,
      user,
      http,
      newCustomer,
      registerAndLogin: async (tag) => {
        const customer = newCustomer(tag);
        const registered = await http().post('/v1/users').send(customer).expect(201);
        const login = await http()
          .post('/v1/auth/login')
          .send({ email: customer.email, password: customer.password })
          .expect(200);
        return { ...customer, userId: registered.body.userId as string, tokens: login.body };
      },
      close,
    };
  } catch (error) {
    await close(); // afterAll gets no handle: stop here whatever did start
    throw error;
  }
}

/**
 * The real user service as its own process (`node dist/apps/user/src/main.js`),
 * on a scratch database migrated by its own `migrate.js`. A process, not an
 * import: the gateway may not import another service's code (module
 * boundaries). Its stops join `stops`, so a failed start leaves nothing behind.
 */
async function startUserProcess(
  ports: GatewayPorts,
  stops: Array<() => Promise<void>>,
): Promise<UserProcess> {
  const database = await ScratchDatabase.create({ prefix: 'user_gw_it', owner: 'user' });
  stops.push(() => database.drop());
  const env = {
    LOG_LEVEL: 'warn',
    ADMIN_PORT: String(ports.userAdmin),
    GRPC_PORT: String(ports.userGrpc),
    DATABASE_URL: database.url,
    DB_POOL_MAX: '4',
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    JWT_KEY_ID: 'gw-it-key',
    JWT_PRIVATE_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  };
  const migration = spawned({
    script: 'dist/apps/user/src/migrate.js',
    env: { SERVICE_NAME: 'user', NODE_ENV: 'test', ...env },
  });
  const migrated = await migration.exited;
  if (migrated !== 0) throw new Error(`migrate.js exited ${migrated}: ${migration.stderr()}`);
  const user = spawned({ app: 'user', env });
  stops.push(async () => {
    await user.stop();
  });
  await user.waitForReady();
  return { ...user, query: database.query.bind(database) };
}
