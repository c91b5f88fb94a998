import { AppError } from '@shop/platform';
import { DomainError } from '@shop/shared-kernel';
import { UNAUTHENTICATED_CODES } from '@shop/user-domain';

/** A use case's failure -> gRPC status + `error-code`; credential failures are UNAUTHENTICATED. */
export const toGrpcError = (error: DomainError): AppError =>
  UNAUTHENTICATED_CODES.has(error.code)
    ? AppError.unauthenticated(error.code, error.message)
    : AppError.fromDomain(error);
