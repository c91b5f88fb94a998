import type { Summary } from './summary.ts';
import { escapeHtml as h, lineChart } from './svg-chart.ts';

// results/<run>/report.html: one self-contained page (inline CSS and SVG, no script) with the
// verdicts first, then latency over time per route, throughput, and the custom trends.

const num = (value: number | undefined | null, digits = 1) =>
  value === undefined || value === null ? '-' : Number(value.toFixed(digits)).toLocaleString('en-US');
const pct = (ratio: number) => `${Number((ratio * 100).toFixed(3))} %`;
const verdict = (ok: boolean, noData = false) =>
  noData
    ? '<span class="nodata">no data</span>'
    : ok
      ? '<span class="pass">pass</span>'
      : '<span class="fail">FAIL</span>';

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((x) => `<th>${x}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const thresholdOf = (expression: string) => Number(/<=?\s*(\d+(?:\.\d+)?)/.exec(expression)?.[1] ?? 0);

/** The SLO thresholds (ms) of a metric, drawn as lines on its latency chart. */
const sloLines = (summary: Summary, metric: string) =>
  summary.slo
    .filter((o) => o.metric === metric)
    .map((o) => ({ label: `${o.sloId} ${o.title}`, value: thresholdOf(o.expression) }));

export function renderHtmlReport(summary: Summary): string {
  const { timeline } = summary;
  const routeCharts = Object.entries(timeline.routes).map(([key, series]) =>
    lineChart({
      title: `${key}: latency (from scheduled start)`,
      x: timeline.t,
      yUnit: 'ms',
      series: [
        { name: 'p95', values: series.p95 },
        { name: 'p99', values: series.p99 },
      ],
      lines: sloLines(
        summary,
        `http_req_duration{slo:${summary.routes.find((r) => `${r.method} ${r.route}` === key)?.slo}}`,
      ),
      shade: timeline.breached,
    }),
  );
  const throughput = lineChart({
    title: 'Throughput per route',
    x: timeline.t,
    yUnit: 'req/s',
    series: Object.entries(timeline.routes).map(([key, s]) => ({ name: key, values: s.perSecond })),
  });
  const offered = lineChart({
    title: 'Offered iterations per scenario (arrival rate) and dropped',
    x: timeline.t,
    yUnit: 'iterations/s',
    series: Object.entries(timeline.scenarios).flatMap(([name, s]) => [
      { name: `${name} offered`, values: s.offeredPerSecond },
      {
        name: `${name} dropped`,
        values: s.dropped.map((d) => (d === null ? null : d / timeline.windowSeconds)),
      },
    ]),
    shade: timeline.breached,
  });
  const trendCharts = Object.entries(timeline.trends).map(([name, s]) =>
    lineChart({
      title: `${name} (custom trend)`,
      x: timeline.t,
      yUnit: 'ms',
      series: [
        { name: 'p95', values: s.p95 },
        { name: 'p99', values: s.p99 },
      ],
      lines: sloLines(summary, name),
      shade: timeline.breached,
    }),
  );
  const capacity = summary.capacity
    ? `<h2>Capacity (ramping arrival rate)</h2><p>Last window within every threshold: ${
        summary.capacity.withinSlo
          ? `at ${summary.capacity.withinSlo.atSeconds}s, offered ${Object.entries(
              summary.capacity.withinSlo.offeredPerSecond,
            )
              .map(([s, r]) => `${h(s)} ${r}/s`)
              .join(', ')}`
          : 'none'
      }. First breach: ${
        summary.capacity.firstBreach
          ? `at ${summary.capacity.firstBreach.atSeconds}s (${h(summary.capacity.firstBreach.breached.join('; '))})`
          : 'none'
      }.</p>`
    : '';
  const m = summary.machine;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load test ${h(summary.scenario)} ${h(summary.startedAt)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
th{background:#f4f4f4}.pass{color:#117a11;font-weight:600}.fail{color:#c01010;font-weight:700}.nodata{color:#888}
figure{margin:12px 0}figcaption{font-size:12px;color:#444}code{background:#f4f4f4;padding:1px 4px}
</style></head><body>
<h1>Load test: ${h(summary.scenario)} ${summary.ok ? verdict(true) : verdict(false)}</h1>
<p>Target <code>${h(summary.baseUrl)}</code>, started ${h(summary.startedAt)}, ${summary.durationSeconds}s${
    summary.stoppedEarly ? `, stopped early: ${h(summary.stoppedEarly.reason)}` : ''
  }. Machine: ${m.cpus} x ${h(m.cpuModel)}, ${m.memoryGiB} GiB, ${h(m.os)}, Node ${h(m.node)}, load average ${m.loadAverage1m} at the end.
Latencies are measured from each iteration's <em>scheduled</em> start (open model), so a saturated system shows its queueing.</p>
<h2>Thresholds</h2>
<p>The SLO table of this run is <code>slo.md</code> beside this page, written by the script's handleSummary.</p>
${table(
  ['metric', 'expression', 'measured', 'result'],
  summary.thresholds.map((t) => [
    `<code>${h(t.key)}</code>`,
    `<code>${h(t.expression)}</code>`,
    num(t.actual, 4),
    verdict(t.ok, t.noData),
  ]),
)}
${capacity}
<h2>Scenarios</h2>
${table(
  [
    'scenario',
    'executor',
    'exec',
    'offered',
    'iterations',
    'dropped',
    'interrupted',
    'errors',
    'peak VUs / max',
  ],
  Object.entries(summary.scenarios).map(([name, s]) => [
    h(name),
    h(s.executor),
    h(s.exec),
    String(s.offered),
    String(s.iterations),
    String(s.dropped),
    String(s.interrupted),
    String(s.errors),
    `${s.peakVUs} / ${s.maxVUs}`,
  ]),
)}
<h2>Routes</h2>
${table(
  [
    'route',
    'requests',
    'statuses',
    'req/s',
    'failed',
    '5xx/transport',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
  ],
  summary.routes.map((r) => [
    `<code>${h(`${r.method} ${r.route}`)}</code>`,
    String(r.requests),
    Object.entries(r.statuses)
      .map(([status, n]) => `${status === '0' ? 'no answer' : h(status)}: ${n}`)
      .join(', '),
    num(r.perSecond),
    pct(r.failedRate),
    pct(r.serverErrorRate),
    num(r.p50),
    num(r.p95),
    num(r.p99),
    num(r.max),
  ]),
)}
<h2>Checks</h2>
${table(
  ['check', 'passes', 'fails'],
  summary.checks.map((c) => [
    h(c.name),
    String(c.passes),
    c.fails > 0 ? `<span class="fail">${c.fails}</span>` : '0',
  ]),
)}
${
  summary.errors.length > 0
    ? `<h2>Iteration errors</h2>${table(
        ['scenario', 'error', 'count'],
        summary.errors.map((e) => [h(e.scenario), h(e.message), String(e.count)]),
      )}`
    : ''
}
<h2>Over time</h2>
<p>Windows of ${timeline.windowSeconds}s; shaded windows breached a threshold.</p>
${throughput}
${offered}
${trendCharts.join('\n')}
${routeCharts.join('\n')}
</body></html>
`;
}
