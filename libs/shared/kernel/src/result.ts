/**
 * Expected failures are values, not exceptions: a use case returns a Result and
 * the transport edge maps a failure's code to an HTTP/gRPC status.
 */
export type Result<T, E = DomainError> = Ok<T> | Err<E>;
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/**
 * A failure the domain expects and names. `code` is stable and machine-readable
 * (`<CONTEXT>.<REASON>`, e.g. `USER.EMAIL_TAKEN`); `kind` says which class of
 * failure it is so the edge can pick a status without knowing every code.
 */
export class DomainError {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    readonly message: string,
    readonly fields: readonly FieldError[] = [],
    /**
     * When the same request can succeed later (the state it conflicts with ends on
     * its own): how long until then. The edge tells the client (`Retry-After`).
     */
    readonly retryAfterMs?: number,
  ) {}

  /** A validation failure naming every bad field at once; the message lists them. */
  static invalid(code: string, fields: readonly FieldError[]): DomainError {
    return new DomainError(code, 'invalid', describeFields(fields), fields);
  }
}

export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'precondition' | 'forbidden';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** `field message; field message`: field errors as one readable sentence. */
export const describeFields = (fields: readonly FieldError[]): string =>
  fields.map((f) => `${f.field} ${f.message}`).join('; ');
