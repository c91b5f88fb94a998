import {
  loadPackageDefinition,
  Metadata,
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { GrpcContracts } from '@shop/contracts';
import { GRPC_LOADER_OPTIONS, toErrorMetadata } from '@shop/platform';

/** A scripted answer: a response, or a gRPC failure with the platform's error trailers. */
export type FakeAnswer =
  | { readonly ok: unknown }
  | {
      readonly code: status;
      readonly errorCode?: string;
      readonly message?: string;
      readonly fields?: { field: string; message: string }[];
      readonly retryAfterMs?: number;
    };

type Method = 'PlaceOrder' | 'GetOrder' | 'ListOrders';
type GrpcServiceDefinition = { service: Parameters<Server['addService']>[0] };

/**
 * The order service's gRPC contract served by the test: records every call
 * (request and metadata) and answers what the test scripted, so the gateway's
 * HTTP mapping (status codes, headers, body, no retries) is checked in isolation.
 */
export class FakeOrderService {
  readonly calls: Array<{ method: Method; request: Record<string, unknown>; metadata: Metadata }> = [];
  answer: Record<Method, (request: Record<string, unknown>) => FakeAnswer> = {
    PlaceOrder: () => ({ code: status.UNIMPLEMENTED }),
    GetOrder: () => ({ code: status.UNIMPLEMENTED }),
    ListOrders: () => ({ code: status.UNIMPLEMENTED }),
  };
  private readonly server = new Server();

  async start(port: number): Promise<void> {
    const definition = loadSync(GrpcContracts.order.protoPath, { ...GRPC_LOADER_OPTIONS });
    const pkg = loadPackageDefinition(definition) as unknown as {
      shop: { order: { v1: { OrderService: GrpcServiceDefinition } } };
    };
    const handler =
      (method: Method) =>
      (call: ServerUnaryCall<Record<string, unknown>, unknown>, callback: sendUnaryData<unknown>) => {
        this.calls.push({ method, request: call.request, metadata: call.metadata });
        const answer = this.answer[method](call.request);
        if ('ok' in answer) {
          callback(null, answer.ok);
          return;
        }
        callback({
          code: answer.code,
          details: answer.message ?? status[answer.code],
          metadata: answer.errorCode
            ? toErrorMetadata(answer.errorCode, answer.fields ?? [], answer.retryAfterMs)
            : new Metadata(),
        });
      };
    this.server.addService(pkg.shop.order.v1.OrderService.service, {
      PlaceOrder: handler('PlaceOrder'),
      GetOrder: handler('GetOrder'),
      ListOrders: handler('ListOrders'),
    });
    await new Promise<void>((resolve, reject) =>
      this.server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  callsOf(method: Method) {
    return this.calls.filter((call) => call.method === method);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
