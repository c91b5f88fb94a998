import { createHash } from 'node:crypto';
import { BoundedMap } from '../support/bounded-map';

export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

type Entry =
  | { readonly fingerprint: string; readonly state: 'in_flight' }
  | { readonly fingerprint: string; readonly state: 'done'; readonly response: StoredResponse };

/** What a request carrying an Idempotency-Key may do. */
export type IdempotencyClaim =
  | { readonly kind: 'new' }
  /** Same key, same request, finished before: answer exactly what was answered then. */
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  /** Same key, different request: a client bug, 422. */
  | { readonly kind: 'mismatch' }
  /** Same key while the first request is still running: 409, retry later. */
  | { readonly kind: 'in_flight' };

/** Keys are kept 24 hours, like real processors do. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The provider side of idempotency keys: a request is executed at most once
 * per key; a retry gets the stored response, so a client that timed out can
 * safely ask again. In memory and bounded: acceptable for a simulator,
 * a real processor persists it. Answers of 5xx are never stored (the request
 * was not processed), so the retry runs it.
 */
export class IdempotencyStore {
  private readonly entries: BoundedMap<string, Entry>;

  constructor(maxEntries: number, ttlMs = IDEMPOTENCY_TTL_MS, now: () => number = Date.now) {
    this.entries = new BoundedMap(maxEntries, ttlMs, now);
  }

  claim(key: string, fingerprint: string): IdempotencyClaim {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, state: 'in_flight' });
      return { kind: 'new' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.state === 'in_flight') return { kind: 'in_flight' };
    return { kind: 'replay', response: entry.response };
  }

  complete(key: string, fingerprint: string, response: StoredResponse): void {
    if (response.status >= 500) return this.entries.delete(key);
    this.entries.set(key, { fingerprint, state: 'done', response });
  }

  /** The execution threw: forget the key so the client's retry runs it. */
  abandon(key: string): void {
    this.entries.delete(key);
  }
}

/** The identity of a request: method, path and the body with keys in a stable order. */
export function fingerprintOf(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path} ${stableStringify(body)}`)
    .digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
