import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { assertStorableText } from '../errors/parse-request';

/**
 * The gRPC edge's share of the storable-text rule (storable-text.ts): a request carrying a NUL
 * or an unpaired surrogate in any string, at any depth, is refused with INVALID_ARGUMENT naming
 * the field, before a handler runs. The gateway refuses the same text at the HTTP edge, but a
 * gRPC service is an edge too: another service, a script or grpcurl may call it directly, and
 * without this the text reached PostgreSQL and came back as INTERNAL.
 */
export class GrpcStorableTextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    try {
      assertStorableText(context.switchToRpc().getData());
    } catch (error) {
      return throwError(() => error);
    }
    return next.handle();
  }
}
