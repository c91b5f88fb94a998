import { ClientGrpcProxy } from '@nestjs/microservices';
import { wrapGrpcService, type GrpcClient } from './grpc-client';
import { grpcClientOptions } from './grpc-options';

/** A gRPC service to call, as `GrpcContracts.<name>` describes it. */
export interface GrpcTarget {
  /** Proto package, e.g. `shop.user.v1`. */
  readonly package: string;
  /** Service name inside the package, e.g. `UserService`. */
  readonly service: string;
  readonly protoPath: string;
}

export interface GrpcConnection<Service> {
  readonly client: GrpcClient<Service>;
  /** Closes the channel: a client outside Nest has no shutdown hook doing it. */
  close(): void;
}

/**
 * One client outside Nest's dependency injection (an integration test, a
 * script), with exactly what GrpcClientsModule gives a service: the platform's
 * channel options and a deadline on every call. Close it when done.
 */
export function connectGrpcClient<Service extends object>(
  url: string,
  target: GrpcTarget,
  defaultDeadlineMs: number,
): GrpcConnection<Service> {
  const proxy = new ClientGrpcProxy(
    grpcClientOptions({ url, package: target.package, protoPath: target.protoPath }).options,
  );
  const client = wrapGrpcService(proxy.getService<Service>(target.service), {
    target: `${target.package}.${target.service}`,
    defaultDeadlineMs,
  });
  return { client, close: () => proxy.close() };
}
