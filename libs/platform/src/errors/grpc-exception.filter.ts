import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import type { Logger } from 'pino';
import { boundedStatusMessage, toErrorMetadata } from './error-metadata';
import { toAppError } from './to-app-error';

/** The object grpc-js turns into a status: numeric `code`, `details`, trailers. */
export interface GrpcStatusError {
  code: number;
  message: string;
  details: string;
  metadata: ReturnType<typeof toErrorMetadata>;
}

/**
 * Global gRPC exception filter: AppError / DomainError / unknown errors become a
 * gRPC status with the right code, the message as details and the error code in
 * the `error-code` trailer. Unexpected errors are logged with their stack
 * (trace_id comes from the logger) and leave as INTERNAL with a generic message.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const { error, unexpected } = toAppError(exception);
    const path = pathOf(host.getArgByIndex<unknown>(2));
    if (unexpected) {
      this.logger.error(
        { err: exception, code: error.code, path },
        'gRPC call failed with an unexpected error',
      );
    } else if (error.httpStatus >= 500) {
      // e.g. a downstream UNAVAILABLE: the cause names the host, for the logs only
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      this.logger.warn({ code: error.code, path, detail: error.message, cause }, 'gRPC call failed');
    }
    // Bounded: the status travels in HTTP/2 trailers (error-metadata.ts says why).
    const message = boundedStatusMessage(error.message);
    const status: GrpcStatusError = {
      code: error.grpcStatus,
      message,
      details: message,
      metadata: toErrorMetadata(error.code, error.fieldErrors, error.retryAfterMs),
    };
    return throwError(() => status);
  }
}

function pathOf(call: unknown): string | undefined {
  const getPath = (call as { getPath?: () => string } | undefined)?.getPath;
  return typeof getPath === 'function' ? getPath.call(call) : undefined;
}
