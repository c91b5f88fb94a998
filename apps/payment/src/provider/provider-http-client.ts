import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

export type ProviderOperation = 'authorize' | 'capture' | 'void' | 'refund';

export interface ProviderRequest {
  readonly operation: ProviderOperation;
  readonly method: 'POST' | 'GET';
  /** The concrete path, e.g. `/v1/charges/ch_123/capture`. */
  readonly path: string;
  /** Its template for span names (bounded), e.g. `/v1/charges/{id}/capture`. */
  readonly route: string;
  readonly body?: unknown;
  /** Sent as `Idempotency-Key`. A request without one is never retried. */
  readonly idempotencyKey?: string;
}

/** What one attempt produced, before any interpretation (that is the mapper's job). */
export type ProviderHttpResult =
  | { readonly kind: 'response'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'timeout' }
  /** `reachedServer`: false when the connection was never made (refused, DNS): certainly not processed. */
  | { readonly kind: 'network'; readonly message: string; readonly reachedServer: boolean };

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * One HTTP attempt against the provider with Node's fetch (undici; its global
 * keep-alive pool is the one long-lived client). Every attempt has its own
 * timeout covering headers and body, carries W3C trace context
 * (fetch is not auto-instrumented, so the CLIENT span is made here), and
 * never throws: failures come back as values.
 */
export class ProviderHttpClient {
  private readonly tracer = trace.getTracer('payment-provider-client');

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  send(request: ProviderRequest, attempt: number): Promise<ProviderHttpResult> {
    const name = `${request.method} ${request.route}`;
    return this.tracer.startActiveSpan(name, { kind: SpanKind.CLIENT }, async (span) => {
      span.setAttributes({
        'http.request.method': request.method,
        'url.template': request.route,
        'server.address': new URL(this.baseUrl).hostname,
        'http.request.resend_count': attempt - 1,
      });
      try {
        const result = await this.fetch(request);
        if (result.kind === 'response') {
          span.setAttribute('http.response.status_code', result.status);
          if (result.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        } else {
          span.setStatus({ code: SpanStatusCode.ERROR, message: result.kind });
        }
        return result;
      } finally {
        span.end();
      }
    });
  }

  private async fetch(request: ProviderRequest): Promise<ProviderHttpResult> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    propagation.inject(context.active(), headers);
    try {
      // One signal bounds the whole exchange, body included.
      const response = await fetch(new URL(request.path, this.baseUrl), {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return { kind: 'response', status: response.status, body: parseJson(text) };
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return { kind: 'timeout' };
      }
      const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
      const message = code || (error instanceof Error ? error.message : String(error));
      return { kind: 'network', message, reachedServer: !NOT_CONNECTED.has(code) };
    }
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
