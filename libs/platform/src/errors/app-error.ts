import type { DomainError, DomainErrorKind, FieldError } from '@shop/shared-kernel';
import { GrpcStatus, grpcToHttpStatus } from './status-mapping';

export type { FieldError } from '@shop/shared-kernel';

export interface AppErrorOptions {
  /** Stable, machine-readable `<CONTEXT>.<REASON>`, e.g. `USER.EMAIL_TAKEN`. */
  code: string;
  message: string;
  grpcStatus: GrpcStatus;
  /** Defaults to the mapping of `grpcStatus` (status-mapping.ts). */
  httpStatus?: number;
  fieldErrors?: readonly FieldError[];
  /** The same request can succeed after this long: HTTP `Retry-After`, gRPC `retry-after-ms` trailer. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error model of the system: a code, a message safe to show the
 * caller, and the status on each transport. The HTTP filter renders it as
 * problem+json, the gRPC filter as a status with `error-code` metadata; the
 * gRPC client turns that back into an AppError, so a code survives every hop.
 */
export class AppError extends Error {
  readonly code: string;
  readonly grpcStatus: GrpcStatus;
  readonly httpStatus: number;
  readonly fieldErrors: readonly FieldError[];
  readonly retryAfterMs: number | undefined;

  constructor(options: AppErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.grpcStatus = options.grpcStatus;
    this.httpStatus = options.httpStatus ?? grpcToHttpStatus(options.grpcStatus);
    this.fieldErrors = options.fieldErrors ?? [];
    this.retryAfterMs = options.retryAfterMs;
  }

  static invalidArgument(code: string, message: string, fieldErrors: readonly FieldError[] = []): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.INVALID_ARGUMENT, fieldErrors });
  }
  static notFound(code: string, message: string): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.NOT_FOUND });
  }
  static alreadyExists(code: string, message: string): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.ALREADY_EXISTS });
  }
  static failedPrecondition(code: string, message: string): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.FAILED_PRECONDITION });
  }
  static permissionDenied(code: string, message: string): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.PERMISSION_DENIED });
  }
  static unauthenticated(code: string, message: string): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.UNAUTHENTICATED });
  }
  static resourceExhausted(code: string, message: string): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.RESOURCE_EXHAUSTED });
  }
  static unavailable(code: string, message: string, cause?: unknown): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.UNAVAILABLE, cause });
  }
  static deadlineExceeded(code: string, message: string): AppError {
    return new AppError({ code, message, grpcStatus: GrpcStatus.DEADLINE_EXCEEDED });
  }

  /** A domain failure (a Result's error) mapped by its kind. */
  static fromDomain(error: DomainError): AppError {
    return new AppError({
      code: error.code,
      message: error.message,
      grpcStatus: DOMAIN_KIND_TO_GRPC[error.kind],
      fieldErrors: error.fields,
      retryAfterMs: error.retryAfterMs,
    });
  }
}

const DOMAIN_KIND_TO_GRPC: Readonly<Record<DomainErrorKind, GrpcStatus>> = {
  invalid: GrpcStatus.INVALID_ARGUMENT,
  not_found: GrpcStatus.NOT_FOUND,
  conflict: GrpcStatus.ALREADY_EXISTS,
  precondition: GrpcStatus.FAILED_PRECONDITION,
  forbidden: GrpcStatus.PERMISSION_DENIED,
};
