import { Pool } from 'undici';

// The runner's HTTP client: one bounded undici connection pool per origin, shared by every VU
// (one long-lived client, bounded connections; every call has a deadline). k6 gives
// each VU its own connections; one pool with a cap is what keeps a single Node process honest
// on a small machine, and `runnerOptions.connections` sizes it.

export interface TransportRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface TransportResponse {
  /** 0 when no response arrived (connection refused, timeout...). */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The transport error, when status is 0. */
  error?: { message: string; timedOut: boolean };
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export function createTransport(connectionsPerOrigin: number): Transport {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: connectionsPerOrigin,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connect: { timeout: 5_000 },
      });
      pools.set(origin, pool);
    }
    return pool;
  };
  return {
    async send(request) {
      const deadline = AbortSignal.timeout(request.timeoutMs);
      try {
        const response = await poolFor(request.url.origin).request({
          method: request.method as 'GET',
          path: request.url.pathname + request.url.search,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.any([request.signal, deadline]),
        });
        const body = await response.body.text();
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(response.headers))
          if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
        return { status: response.statusCode, headers, body };
      } catch (caught) {
        // Cut by the run itself (gracefulStop): not the system's failure, the caller decides.
        if (request.signal.aborted) throw caught;
        const message = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
        return { status: 0, headers: {}, body: '', error: { message, timedOut: deadline.aborted } };
      }
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
