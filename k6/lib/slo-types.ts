// The shape of slo-thresholds.ts, which `make slo` generates from load/slo.yaml
// (load/src/slo/generate-thresholds.ts writes it).

/** One SLO objective as a k6 threshold: a metric with a tag selector, and an expression. */
export interface SloObjective {
  sloId: string;
  objectiveId: string;
  title: string;
  /** `http_req_duration{slo:catalog-reads}`, `saga_duration`, `http_req_server_errors`. */
  metric: string;
  /** `p(99)<100` (milliseconds), `rate<0.001`. */
  expression: string;
}

export interface GeneratedThresholds {
  generatedFrom: string;
  /** "GET /v1/products/:productId" -> "catalog-reads": k6/lib/http.ts tags each request with its SLO. */
  routes: Record<string, string>;
  /** metric (with tag selector) -> expressions. */
  thresholds: Record<string, string[]>;
  objectives: SloObjective[];
}
