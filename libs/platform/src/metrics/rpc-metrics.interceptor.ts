import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { finalize, tap, type Observable } from 'rxjs';
import { GrpcStatus, grpcStatusName } from '../errors/status-mapping';
import { toAppError } from '../errors/to-app-error';
import type { RedMetrics } from './red-metrics';

/** Records `rpc_server_duration_seconds` for every gRPC call, refused ones included. */
export class RpcMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: RedMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const started = performance.now();
    const { service, method } = rpcNames(context);
    // A call torn down before it settled was cancelled by the client.
    let code = GrpcStatus.CANCELLED;
    return next.handle().pipe(
      tap({
        complete: () => (code = GrpcStatus.OK),
        error: (error: unknown) => (code = toAppError(error).error.grpcStatus),
      }),
      finalize(() =>
        this.metrics.recordRpc(service, method, grpcStatusName(code), (performance.now() - started) / 1000),
      ),
    );
  }
}

// `/shop.user.v1.UserService/GetUser` -> service + method: names from the proto, a bounded set.
function rpcNames(context: ExecutionContext): { service: string; method: string } {
  const call = context.getArgByIndex<{ getPath?: () => string } | undefined>(2);
  const path = typeof call?.getPath === 'function' ? call.getPath() : undefined;
  const match = path ? /^\/([^/]+)\/([^/]+)$/.exec(path) : null;
  if (match?.[1] && match[2]) return { service: match[1], method: match[2] };
  return { service: context.getClass().name, method: context.getHandler().name };
}
