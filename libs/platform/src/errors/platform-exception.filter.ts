import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from 'pino';
import { GrpcExceptionFilter } from './grpc-exception.filter';
import { ProblemDetailsFilter } from './problem-details.filter';

/**
 * The one global filter of a service, dispatching on the transport of the
 * failed call: problem+json for HTTP, a gRPC status for RPC. One filter
 * because a hybrid (HTTP + gRPC) app shares its global enhancers with the
 * connected microservice.
 */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  private readonly http: ProblemDetailsFilter;
  private readonly rpc: GrpcExceptionFilter;

  constructor(logger: Logger) {
    this.http = new ProblemDetailsFilter(logger);
    this.rpc = new GrpcExceptionFilter(logger);
  }

  catch(exception: unknown, host: ArgumentsHost): unknown {
    return host.getType() === 'rpc' ? this.rpc.catch(exception, host) : this.http.catch(exception, host);
  }
}
