import { errorRatioExpr, leMatcher } from './generate-prometheus-rules.ts';
import { generateThresholds } from './generate-thresholds.ts';
import { objectivesOf, objectiveTitle, parseSloFile, type Objective } from './slo-model.ts';

const file = (slos: string) => `
version: 1
window: 30d
sources:
  http: { metric: http_server_duration_seconds, labels: { app: gateway }, serverErrorSelector: { status_class: 5xx } }
slos:
${slos}`;

const reads = `
  - id: reads
    description: Reads.
    source: http
    method: GET
    routes: [/v1/a, /v1/a/:id]
    objectives: [{ percentile: 99.9, thresholdMs: 250 }]
  - id: availability
    description: 5xx.
    source: http
    errorRate: { max: 0.001 }
`;

describe('the SLO file', () => {
  it('becomes one objective per budget: target, budget and title without float noise', () => {
    const objectives = objectivesOf(parseSloFile(file(reads)));
    expect(objectives.map((o) => [o.objectiveId, o.target, o.budget, objectiveTitle(o)])).toEqual([
      ['p99.9-250ms', 0.999, 0.001, 'p99.9 < 250 ms'],
      ['errors-0.1pct', 0.999, 0.001, 'server errors < 0.1 %'],
    ]);
  });

  it('becomes load-driver thresholds tagged by SLO, and an SLO route map', () => {
    const generated = generateThresholds(parseSloFile(file(reads)), 'x.yaml');
    expect(generated.thresholds).toEqual({
      'http_req_duration{slo:reads}': ['p(99.9)<250'],
      http_req_server_errors: ['rate<0.001'],
    });
    expect(generated.routes).toEqual({ 'GET /v1/a': 'reads', 'GET /v1/a/:id': 'reads' });
  });

  it('becomes PromQL SLIs: slow share from the threshold bucket, 5xx share from the error selector', () => {
    const [latency, errors] = objectivesOf(parseSloFile(file(reads))) as [Objective, Objective];
    expect(errorRatioExpr(latency, '5m')).toContain(
      'http_server_duration_seconds_bucket{app="gateway",method="GET",route=~"/v1/a|/v1/a/:id",le="0.25"}[5m]',
    );
    expect(errorRatioExpr(errors, '1h')).toContain(
      '(sum(rate(http_server_duration_seconds_count{app="gateway",status_class="5xx"}[1h])) or vector(0))',
    );
  });

  it('matches an integer bucket boundary however Prometheus formats it ("2" in 2.x, "2.0" in 3.x)', () => {
    expect(leMatcher(2)).toBe('le=~"2(\\\\.0)?"');
    expect(leMatcher(0.1)).toBe('le="0.1"');
  });

  it('rejects mistakes with a message naming them', () => {
    expect(() => parseSloFile(file(reads + reads))).toThrow('duplicate SLO id reads');
    expect(() =>
      parseSloFile(file(`  - { id: x, description: d, source: nope, errorRate: { max: 0.01 } }`)),
    ).toThrow('unknown source nope');
    expect(() =>
      parseSloFile(
        file(`  - { id: x, description: d, source: http, objectives: [{ percentile: 99, thresholdMs: 9 }] }`),
      ),
    ).toThrow('latency SLO x needs routes');
    expect(() =>
      parseSloFile(
        file(
          `  - { id: x, description: d, source: http, errorRate: { max: 0.01 }, objectives: [{ percentile: 99, thresholdMs: 9 }] }`,
        ),
      ),
    ).toThrow(/either latency `objectives` or an `errorRate`/);
    expect(() =>
      parseSloFile(
        file(
          `  - { id: x, description: d, source: http, routes: [v1/no-slash], method: GET, objectives: [] }`,
        ),
      ),
    ).toThrow();
    expect(() => parseSloFile(`${file(reads)}canary: { source: nope, maxBurnRate: 1 }\n`)).toThrow(
      'canary.source nope is not a source with an app label',
    );
    expect(() => parseSloFile(`${file(reads)}canary: { source: http, maxBurnRate: 0 }\n`)).toThrow();
  });
});
