// Jaeger's HTTP query API: the trace store the running system exports to over
// OTLP (local mode: scripts/infra, deploy/local/services.env). Override with JAEGER_URL.
export const jaegerUrl = process.env['JAEGER_URL'] ?? 'http://127.0.0.1:16686';

/** One span of a trace, flattened: the service that recorded it, its name and kind. */
export interface TraceSpan {
  readonly service: string;
  readonly name: string;
  /** `server`, `client`, `producer`, `consumer` or `internal`. */
  readonly kind: string | undefined;
  readonly spanId: string;
  /** Undefined for the trace's root. */
  readonly parentSpanId: string | undefined;
}

interface JaegerTag {
  readonly key: string;
  readonly value: unknown;
}
interface JaegerTrace {
  readonly spans: ReadonlyArray<{
    readonly spanID: string;
    readonly operationName: string;
    readonly processID: string;
    readonly references: ReadonlyArray<{ readonly refType: string; readonly spanID: string }>;
    readonly tags: readonly JaegerTag[];
  }>;
  readonly processes: Readonly<Record<string, { readonly serviceName: string }>>;
}

/** `GET /api/traces/{id}`: every span Jaeger holds for the trace so far; [] while it has none. */
export async function traceSpans(traceId: string): Promise<TraceSpan[]> {
  const response = await fetch(`${jaegerUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(3_000) });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`jaeger /api/traces/${traceId}: HTTP ${response.status}`);
  const { data } = (await response.json()) as { data: JaegerTrace[] | null };
  return (data ?? []).flatMap((trace) =>
    trace.spans.map((span) => ({
      service: trace.processes[span.processID]?.serviceName ?? 'unknown',
      name: span.operationName,
      kind: span.tags.find((tag) => tag.key === 'span.kind')?.value as string | undefined,
      spanId: span.spanID,
      parentSpanId: span.references.find((ref) => ref.refType === 'CHILD_OF')?.spanID,
    })),
  );
}

/** The trace id in a W3C `traceparent`/`traceresponse` value (`00-<trace-id>-<span-id>-<flags>`). */
export function traceIdOf(header: string | undefined): { traceId: string; sampled: boolean } {
  const match = /^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/.exec(header ?? '');
  if (!match) throw new Error(`not a W3C trace context header: "${header}"`);
  return { traceId: match[1] as string, sampled: (parseInt(match[2] as string, 16) & 1) === 1 };
}
