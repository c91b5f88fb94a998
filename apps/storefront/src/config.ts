// Build-time settings (Vite reads VITE_* from the environment at `vite build`).

/** Where Jaeger's UI is; `make up` runs it on 127.0.0.1:16686. Set VITE_JAEGER_URL for another one. */
export const JAEGER_URL: string = import.meta.env['VITE_JAEGER_URL'] ?? 'http://127.0.0.1:16686';

export const jaegerTraceUrl = (traceId: string): string =>
  `${JAEGER_URL}/trace/${encodeURIComponent(traceId)}`;
