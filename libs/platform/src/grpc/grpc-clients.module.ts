import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { ClientGrpcProxy } from '@nestjs/microservices';
import { APP_CONFIG } from '../bootstrap/tokens';
import { grpcClientOptions } from './grpc-options';
import { wrapGrpcService } from './grpc-client';

export interface GrpcClientRegistration {
  /** Injection token of the Promise client, e.g. `Symbol('USER_CLIENT')`. */
  token: string | symbol;
  /** Proto package, e.g. `shop.user.v1`. */
  package: string;
  /** Service name inside the package, e.g. `UserService`. */
  service: string;
  protoPath: string;
  /** Config key holding `host:port` of the target, e.g. `USER_GRPC_URL`. */
  urlConfigKey: string;
  /** Config key of the default call budget; `GRPC_DEADLINE_MS` unless set. */
  deadlineConfigKey?: string;
}

const DEFAULT_DEADLINE_MS = 2_000;

/** Owns the channels of one GrpcClientsModule: one long-lived client per target, closed on shutdown. */
@Injectable()
class GrpcChannels implements OnApplicationShutdown {
  private readonly proxies = new Map<string, ClientGrpcProxy>();

  constructor(@Inject(APP_CONFIG) private readonly config: Record<string, unknown>) {}

  service(registration: GrpcClientRegistration): object {
    const url = this.config[registration.urlConfigKey];
    if (typeof url !== 'string' || url.length === 0) {
      throw new Error(
        `${registration.urlConfigKey}: is required to call ${registration.package}.${registration.service}`,
      );
    }
    const key = `${url}|${registration.package}|${registration.protoPath}`;
    let proxy = this.proxies.get(key);
    if (!proxy) {
      proxy = new ClientGrpcProxy(
        grpcClientOptions({ url, package: registration.package, protoPath: registration.protoPath }).options,
      );
      this.proxies.set(key, proxy);
    }
    return proxy.getService<object>(registration.service);
  }

  deadlineMs(registration: GrpcClientRegistration): number {
    const value = Number(this.config[registration.deadlineConfigKey ?? 'GRPC_DEADLINE_MS']);
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_DEADLINE_MS;
  }

  onApplicationShutdown(): void {
    for (const proxy of this.proxies.values()) proxy.close();
    this.proxies.clear();
  }
}

/**
 * gRPC clients as injectable Promise APIs with deadlines on every call:
 *
 *   GrpcClientsModule.register([
 *     { token: USER_CLIENT, ...GrpcContracts.user, urlConfigKey: 'USER_GRPC_URL' },
 *   ])   // GrpcContracts.user: the package, service and .proto path of @shop/contracts
 *
 *   constructor(@Inject(USER_CLIENT) users: GrpcClient<userV1.UserServiceClient>)
 *   await users.getUser({ userId })   // rejects with an AppError on failure
 */
@Module({})
export class GrpcClientsModule {
  static register(registrations: GrpcClientRegistration[]): DynamicModule {
    const clients: Provider[] = registrations.map((registration) => ({
      provide: registration.token,
      inject: [GrpcChannels],
      useFactory: (channels: GrpcChannels) =>
        wrapGrpcService(channels.service(registration), {
          target: `${registration.package}.${registration.service}`,
          defaultDeadlineMs: channels.deadlineMs(registration),
        }),
    }));
    return {
      module: GrpcClientsModule,
      providers: [GrpcChannels, ...clients],
      exports: registrations.map((registration) => registration.token),
    };
  }
}
