import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PlatformExceptionFilter } from '../errors/platform-exception.filter';
import { GrpcAdmissionInterceptor } from '../grpc/grpc-admission.interceptor';
import { GrpcStorableTextInterceptor } from '../grpc/grpc-storable-text.interceptor';
import { grpcServerOptions, type GrpcServerSettings } from '../grpc/grpc-options';
import { RpcMetricsInterceptor } from '../metrics/rpc-metrics.interceptor';
import { EDGE_FASTIFY_OPTIONS, installHttpEdge } from './http-edge';
import { installHttpHooks } from './http-hooks';
import type { PlatformContext } from './platform.module';

export interface NestAppSettings {
  root: DynamicModule;
  context: PlatformContext;
  http?: { host: string; port: number; bodyLimitBytes: number };
  grpc?: GrpcServerSettings;
}

export interface NestApp {
  app: INestApplicationContext;
  /** Starts listening: gRPC first, then HTTP, both after every onModuleInit hook ran. */
  listen(): Promise<void>;
  /** Stops accepting connections/calls and resolves when in-flight ones finished. */
  stopServers(): Promise<void>;
}

/**
 * Creates the Nest application for the transports a service has: Fastify HTTP,
 * gRPC, both (hybrid), or neither (a worker: consumers only). Nest's own logs go
 * through pino; errors become problem+json / gRPC statuses.
 */
export async function createNestApp(settings: NestAppSettings): Promise<NestApp> {
  const { context } = settings;
  const common = { logger: context.nestLogger, abortOnError: false } as const;
  const filter = new PlatformExceptionFilter(context.logger);
  // All act on RPC calls only (they return at once for HTTP requests), outermost first.
  const rpcInterceptors = [
    new RpcMetricsInterceptor(context.metrics),
    new GrpcAdmissionInterceptor(context.lifecycle),
    new GrpcStorableTextInterceptor(),
  ];

  if (settings.http) {
    const { host, port, bodyLimitBytes } = settings.http;
    // return503OnClosing off: the platform answers 503 problem+json itself (http-hooks.ts).
    // What Fastify and Node answer before any route runs: problem+json too (http-edge.ts).
    const adapter = new FastifyAdapter({
      ...EDGE_FASTIFY_OPTIONS,
      bodyLimit: bodyLimitBytes,
      return503OnClosing: false,
      logger: false,
    });
    // bodyParser off: Nest would add a form (urlencoded) parser; the APIs take JSON only.
    const app = await NestFactory.create<NestFastifyApplication>(settings.root, adapter, {
      ...common,
      bodyParser: false,
    });
    const server = app.getHttpServer() as Server;
    const endUnusedConnections = trackUnusedConnections(server);
    installHttpEdge(app.getHttpAdapter().getInstance());
    installHttpHooks(app.getHttpAdapter().getInstance(), context.lifecycle, context.metrics);
    app.useGlobalFilters(filter);
    if (settings.grpc) app.useGlobalInterceptors(...rpcInterceptors);
    // connectMicroservice registers the gRPC handlers at once: the enhancers must
    // already be set, and are shared with the app (inheritAppConfig).
    const microservice = settings.grpc
      ? app.connectMicroservice(grpcServerOptions(settings.grpc), { inheritAppConfig: true })
      : undefined;
    return {
      app,
      listen: async () => {
        await app.init();
        if (microservice) await app.startAllMicroservices();
        await app.listen({ port, host });
      },
      stopServers: async () => {
        await Promise.all([
          closeHttpServer(server, endUnusedConnections),
          microservice?.getTransportServer().close(),
        ]);
      },
    };
  }

  if (settings.grpc) {
    const microservice = await NestFactory.createMicroservice(settings.root, {
      ...grpcServerOptions(settings.grpc),
      ...common,
    });
    microservice.useGlobalFilters(filter);
    microservice.useGlobalInterceptors(...rpcInterceptors);
    return {
      app: microservice,
      listen: () => microservice.listen(),
      stopServers: async () => void (await microservice.getTransportServer().close()),
    };
  }

  const app = await NestFactory.createApplicationContext(settings.root, common);
  return { app, listen: async () => void (await app.init()), stopServers: async () => undefined };
}

// server.close() stops accepting and closes idle keep-alive sockets; the callback
// fires once every in-flight response is done (they carry `connection: close`).
function closeHttpServer(server: Server, endUnusedConnections: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    endUnusedConnections();
  });
}

/**
 * Tracks the connections that never carried a request, and returns what ends them. A client's
 * or a proxy's pool opens connections ahead of need; Node counts one that never sent a request
 * as busy (its headers timeout is running), not idle, so server.close() would wait for it until
 * SHUTDOWN_TIMEOUT_MS and fail the shutdown. Ending it loses nothing: no request was received on
 * it, and a client retries on a new connection.
 */
function trackUnusedConnections(server: Server): () => void {
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (request: { socket: Socket }) => unused.delete(request.socket));
  return () => {
    for (const socket of unused) socket.destroy();
  };
}
