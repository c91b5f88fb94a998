/**
 * The provider's own error vocabulary (modelled on real card processors, and
 * deliberately not ours): `{ "error": { "type", "code", "message", ... } }`.
 * The payment service's anti-corruption layer translates it; nothing in
 * the shop speaks it.
 */
export type ProviderErrorType = 'card_error' | 'invalid_request_error' | 'idempotency_error' | 'api_error';

export interface ProviderErrorBody {
  readonly error: {
    readonly type: ProviderErrorType;
    readonly code: string;
    readonly message: string;
    readonly param?: string;
    /** For card errors: the failed charge, retrievable with GET /v1/charges/:id. */
    readonly charge?: string;
  };
}

export class ProviderApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ProviderErrorBody,
  ) {
    super(body.error.message);
    this.name = 'ProviderApiError';
  }

  static invalidRequest(code: string, message: string, param?: string): ProviderApiError {
    return new ProviderApiError(400, {
      error: { type: 'invalid_request_error', code, message, ...(param ? { param } : {}) },
    });
  }

  static notFound(what: string, id: string, param = 'id'): ProviderApiError {
    return new ProviderApiError(404, {
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such ${what}: '${id}'`,
        param,
      },
    });
  }

  static cardError(
    status: number,
    code: string,
    message: string,
    extra: { param?: string; charge?: string } = {},
  ) {
    return new ProviderApiError(status, { error: { type: 'card_error', code, message, ...extra } });
  }
}
