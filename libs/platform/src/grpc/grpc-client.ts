import { Metadata } from '@grpc/grpc-js';
import { firstValueFrom, type Observable } from 'rxjs';
import { AppError } from '../errors/app-error';
import { fromGrpcServiceError, isGrpcServiceError } from '../errors/to-app-error';
import { computeOutgoingDeadline } from './deadline';
import { currentDeadline } from './deadline-context';

export interface GrpcCallOptions {
  /** Extra metadata; trace context is added by the gRPC instrumentation. */
  metadata?: Metadata;
  /** A budget for this call only; it can shrink the default, never exceed the incoming deadline. */
  timeoutMs?: number;
}

type UnaryMethod = (request: never, metadata?: Metadata) => Observable<unknown>;

/**
 * Promise-returning view of a ts-proto `nestJs=true` client interface:
 * `getUser(request, metadata?) => Observable<Res>` becomes
 * `getUser(request, options?) => Promise<Res>`.
 */
export type GrpcClient<Service> = {
  [Method in keyof Service as Service[Method] extends UnaryMethod ? Method : never]: Service[Method] extends (
    request: infer Request,
    metadata?: Metadata,
  ) => Observable<infer Response>
    ? (request: Request, options?: GrpcCallOptions) => Promise<Response>
    : never;
};

export interface GrpcClientWrapperSettings {
  /** For error messages: `shop.user.v1.UserService`. */
  target: string;
  /** GRPC_DEADLINE_MS. */
  defaultDeadlineMs: number;
  now?: () => number;
}

type RawMethod = (request: unknown, metadata: Metadata, options: { deadline: Date }) => Observable<unknown>;

/**
 * Wraps the Observable stub of Nest's ClientGrpcProxy (`client.getService()`).
 * EVERY call gets a deadline: min(now + GRPC_DEADLINE_MS, incoming deadline -
 * safety margin). With no budget left the call fails at once
 * with DEADLINE_EXCEEDED without touching the network. Failures reject with an
 * AppError carrying the downstream status and `error-code`. No retries
 * here: only the caller knows whether an operation is idempotent.
 */
export function wrapGrpcService<Service extends object>(
  stub: Service,
  settings: GrpcClientWrapperSettings,
): GrpcClient<Service> {
  const now = settings.now ?? Date.now;
  const client: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(stub)) {
    if (typeof method !== 'function') continue;
    const raw = method as RawMethod;
    client[name] = async (request: unknown, options: GrpcCallOptions = {}) => {
      const started = now();
      const ownBudget = Math.min(settings.defaultDeadlineMs, options.timeoutMs ?? Number.POSITIVE_INFINITY);
      const deadline = computeOutgoingDeadline(started, ownBudget, currentDeadline());
      if (deadline <= started) {
        throw AppError.deadlineExceeded(
          'RPC.DEADLINE_EXCEEDED',
          `no time budget left to call ${settings.target}/${name}; the caller's deadline has passed`,
        );
      }
      try {
        // ClientGrpcProxy forwards (request, metadata, options) to grpc-js, whose
        // call options take the absolute deadline.
        return await firstValueFrom(
          raw(request, options.metadata ?? new Metadata(), { deadline: new Date(deadline) }),
        );
      } catch (error) {
        throw isGrpcServiceError(error) ? fromGrpcServiceError(error) : error;
      }
    };
  }
  return client as GrpcClient<Service>;
}
