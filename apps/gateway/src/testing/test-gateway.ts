import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { runService, type ServiceHandle } from '@shop/platform';
import request from 'supertest';
import { UserServiceProcess } from './user-service-process';
import { GatewayAppModule } from '../gateway-app.module';
import { gatewayConfigSchema, type GatewayConfig } from '../gateway.config';
import type { FakeOrderService } from '../orders/testing/fake-order-service';

/** A suite's fixed ports (its own range; never 32768-60999, the ephemeral ones). */
export interface TestGatewayPorts {
  readonly userGrpc: number;
  readonly userAdmin: number;
  readonly http: number;
  readonly admin: number;
  /** Nothing listens here: the services a suite does not exercise answer UNAVAILABLE (503). */
  readonly closed: number;
  /** Where `orders` listens, when given. */
  readonly order?: number;
}

export interface TestGatewayOptions {
  readonly ports: TestGatewayPorts;
  /** The order service's contract played by the test: started on `ports.order`, stopped by close(). */
  readonly orders?: FakeOrderService;
  /** Added to (and overriding) the defaults: SERVICE_VERSION, rate limits, another REDIS_URL... */
  readonly env?: Record<string, string>;
  /** Where the gateway's JSON logs go; default: nowhere (tests provoke errors on purpose). */
  readonly logDestination?: Writable;
}

export interface TestGateway {
  /** http://127.0.0.1:<http> */
  readonly url: string;
  /** http://127.0.0.1:<admin>: /metrics, /readyz. */
  readonly adminUrl: string;
  readonly service: ServiceHandle<GatewayConfig>;
  readonly user: UserServiceProcess;
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

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * The gateway booted in this process exactly as main.ts boots it (runService,
 * env instead of process.env), in front of the real user service as a process
 * on a scratch database, against the real (shared) Redis. Services a suite does
 * not exercise point at a closed port; rate-limit keys carry a prefix unique to
 * this run, so the suite neither shares buckets with the running system nor
 * leaves any it must clean (they expire).
 */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const { ports, orders } = options;
  const closed = `127.0.0.1:${ports.closed}`;
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    let orderUrl = closed;
    if (orders) {
      if (ports.order === undefined) throw new Error('startTestGateway: `orders` needs `ports.order`');
      await orders.start(ports.order);
      stops.push(() => orders.stop());
      orderUrl = `127.0.0.1:${ports.order}`;
    }
    const user = await UserServiceProcess.start({ grpc: ports.userGrpc, admin: ports.userAdmin });
    stops.push(() => user.stop());
    const service = await runService({
      name: 'gateway',
      configSchema: gatewayConfigSchema,
      module: GatewayAppModule,
      http: { bodyLimitBytes: (config) => config.HTTP_BODY_LIMIT_BYTES },
      manageProcess: false,
      logDestination: options.logDestination ?? discard(),
      env: {
        SERVICE_NAME: 'gateway',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        BIND_HOST: '127.0.0.1',
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
    stops.push(() => service.shutdown('test finished'));

    const url = `http://127.0.0.1:${ports.http}`;
    const http = () => request(url);
    const newCustomer = (tag: string): TestCustomer => {
      const id = randomBytes(5).toString('hex');
      return { email: `gw-${tag}-${id}@example.com`, password: 'correct horse battery', name: `GW ${id}` };
    };
    return {
      url,
      adminUrl: `http://127.0.0.1:${ports.admin}`,
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
