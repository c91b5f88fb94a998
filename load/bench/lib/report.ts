// The bench's outputs: a markdown summary (results/<stamp>-bench/bench.md) and a self-contained
// SVG chart (docs/performance/bench.svg), both from the JSON the run writes. Pure.
import { COLORS, escapeHtml, lineChart } from '../../src/lib/svg-chart.ts';
import type { Distribution } from './stats.ts';

export interface OrderProbe {
  rate: number;
  ok: boolean;
  /** Why it did not hold (empty when it held). */
  breaches: string[];
  offered: number;
  accepted: number;
  dropped: number;
  serverErrorRate: number;
  postMs: Distribution;
  confirmed: number;
  confirmedPerSecond: number;
  unfinished: number;
  sagaMs: Distribution;
  cpu?: Record<string, number>;
  machineBusyPercent?: number;
  /** Consumer groups and outbox relays during the probe (from the apps' /metrics). */
  pipeline?: Record<string, { perSecond: number; meanMs: number; busy?: number }>;
}

export interface OrderPath {
  system: 'microservices' | 'monolith';
  probes: OrderProbe[];
  best?: OrderProbe;
}

export interface ReadRun {
  target: 'gateway' | 'baseline';
  mode: 'saturation (closed loop)' | 'fixed rate (open model)';
  vusOrRate: number;
  requestsPerSecond: number;
  latencyMs: { p50: number | null; p99: number | null };
  failed: number;
  dropped: number;
  cpu?: Record<string, number>;
  machineBusyPercent?: number;
}

export interface BenchResult {
  startedAt: string;
  durationSeconds: number;
  machine: Record<string, string | number>;
  settings: Record<string, string | number>;
  slo: { placeOrderP99Ms: number; sagaP99Ms: number; serverErrorRate: number };
  read?: { runs: ReadRun[]; saturationRatio: number | null; fixedRateP99Ratio: number | null };
  orders: OrderPath[];
  orderRatio: number | null;
  hops?: {
    grpc: { rpc: string; ratePerSecond: number; errors: number; latencyMs: Distribution }[];
    relayLag: { pair: string; lagMs: Distribution }[];
    relayLagAll?: Distribution;
    /** outbox -> consumer handler start over all events of each order probe. */
    relayLagByRate?: { rate: number; lagMs: Distribution }[];
    sagaSteps: { step: string; ms: Distribution }[];
    fromProbe?: number;
  };
  eventLoop?: Record<string, Record<string, number>>;
  profile?: {
    app: string;
    rate: number;
    functions: { name: string; where: string; selfPercent: number }[];
    packages: Record<string, number>;
    file: string;
  };
  errors: string[];
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v}`);
const cpuLine = (cpu: Record<string, number> | undefined) =>
  cpu
    ? Object.entries(cpu)
        .slice(0, 8)
        .map(([name, percent]) => `${name} ${percent} %`)
        .join(', ')
    : '-';

export function renderMarkdown(result: BenchResult): string {
  const out: string[] = [`# make bench, ${result.startedAt}`, ''];
  out.push(
    `Machine: ${Object.entries(result.machine)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}.`,
    `Settings: ${Object.entries(result.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}. Took ${Math.round(result.durationSeconds)} s.`,
    '',
  );
  if (result.read) {
    out.push('## Read path: GET /v1/products/{id} (cache hit)', '');
    out.push(
      '| target | mode | VUs or rate | requests/s | p50 ms | p99 ms | failed | dropped | CPU (% of one core) |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of result.read.runs)
      out.push(
        `| ${r.target} | ${r.mode} | ${r.vusOrRate} | ${r.requestsPerSecond} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p99)} | ${r.failed} | ${r.dropped} | ${cpuLine(r.cpu)} |`,
      );
    out.push(
      '',
      `Gateway / baseline throughput at saturation: **${ms(result.read.saturationRatio)}**; p99 at the fixed rate, gateway / baseline: ${ms(result.read.fixedRateP99Ratio)}.`,
      '',
    );
  }
  for (const path of result.orders) {
    out.push(`## Order path: ${path.system}`, '');
    out.push(
      `Within the SLO (POST p99 < ${result.slo.placeOrderP99Ms} ms, saga p99 < ${result.slo.sagaP99Ms} ms, server errors < ${result.slo.serverErrorRate * 100} %, nothing dropped or unfinished): **${path.best ? `${path.best.confirmedPerSecond} confirmed orders/s (offered ${path.best.rate}/s)` : 'no rate held'}**.`,
      '',
    );
    out.push(
      '| offered/s | held | accepted | confirmed/s | unfinished | POST p50 / p99 ms | saga p50 / p99 ms | dropped | 5xx rate | why not | CPU (% of one core) |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of path.probes)
      out.push(
        `| ${p.rate} | ${p.ok ? 'yes' : 'no'} | ${p.accepted}/${p.offered} | ${p.confirmedPerSecond} | ${p.unfinished} | ${ms(p.postMs.p50)} / ${ms(p.postMs.p99)} | ${ms(p.sagaMs.p50)} / ${ms(p.sagaMs.p99)} | ${p.dropped} | ${(p.serverErrorRate * 100).toFixed(2)} % | ${p.breaches.join('; ') || '-'} | ${cpuLine(p.cpu)} |`,
      );
    out.push('');
    const withPipeline = path.probes.filter((p) => p.pipeline && Object.keys(p.pipeline).length > 0);
    if (withPipeline.length > 0) {
      out.push(
        'Consumers (messages/s, mean handling ms, busy = handling seconds per second) and outbox relays (events/s, mean commit -> Kafka ack ms):',
        '',
        '| offered/s | stage | per second | mean ms | busy |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const p of withPipeline)
        for (const [stage, s] of Object.entries(p.pipeline ?? {}))
          out.push(`| ${p.rate} | ${stage} | ${s.perSecond} | ${s.meanMs} | ${s.busy ?? '-'} |`);
      out.push('');
    }
  }
  if (result.orderRatio !== null)
    out.push(`Microservices / monolith, confirmed orders/s within the SLO: **${result.orderRatio}**.`, '');
  if (result.hops) {
    out.push('## Hop costs', '');
    out.push('| hop | p50 ms | p99 ms | count |', '| --- | --- | --- | --- |');
    for (const g of result.hops.grpc)
      out.push(
        `| gRPC ${g.rpc} at ${g.ratePerSecond}/s | ${ms(g.latencyMs.p50)} | ${ms(g.latencyMs.p99)} | ${g.latencyMs.count} |`,
      );
    if (result.hops.relayLagAll)
      out.push(
        `| outbox -> consumer handler start, all events (probe at ${result.hops.fromProbe}/s) | ${ms(result.hops.relayLagAll.p50)} | ${ms(result.hops.relayLagAll.p99)} | ${result.hops.relayLagAll.count} |`,
      );
    for (const r of result.hops.relayLag)
      out.push(
        `| outbox -> handler, ${r.pair} | ${ms(r.lagMs.p50)} | ${ms(r.lagMs.p99)} | ${r.lagMs.count} |`,
      );
    for (const r of result.hops.relayLagByRate ?? [])
      out.push(
        `| outbox -> handler, all events, probe at ${r.rate}/s | ${ms(r.lagMs.p50)} | ${ms(r.lagMs.p99)} | ${r.lagMs.count} |`,
      );
    for (const s of result.hops.sagaSteps)
      out.push(
        `| saga step ${s.step} (STARTED -> ended) | ${ms(s.ms.p50)} | ${ms(s.ms.p99)} | ${s.ms.count} |`,
      );
    out.push('');
  }
  if (result.eventLoop) {
    out.push('## Event-loop delay at the end of the last order probe that held (from /metrics)', '');
    for (const [app, metrics] of Object.entries(result.eventLoop))
      out.push(
        `- ${app}: ${
          Object.entries(metrics)
            .map(([k, v]) => `${k}=${Math.round(v * 10000) / 10000}`)
            .join(', ') || 'no metric'
        }`,
      );
    out.push('');
  }
  if (result.profile) {
    out.push(
      `## CPU profile of ${result.profile.app} at ${result.profile.rate} orders/s (${result.profile.file})`,
      '',
    );
    out.push('| self % | function | where |', '| --- | --- | --- |');
    for (const f of result.profile.functions) out.push(`| ${f.selfPercent} | ${f.name} | ${f.where} |`);
    out.push(
      '',
      `By package: ${Object.entries(result.profile.packages)
        .map(([k, v]) => `${k} ${v} %`)
        .join(', ')}`,
      '',
    );
  }
  if (result.errors.length > 0) out.push('## Errors', '', ...result.errors.map((e) => `- ${e}`), '');
  return `${out.join('\n')}\n`;
}

/** Saga values above this are drawn at it: a broken probe's 20 s would flatten the rest. */
const CLIP_MS = 3_000;

/** One self-contained SVG: per system, POST p99 and saga p99 against the offered rate, SLO lines drawn. */
export function renderChart(result: BenchResult): string {
  const charts = result.orders
    .filter((path) => path.probes.length > 0)
    .map((path) => {
      const probes = [...path.probes].sort((a, b) => a.rate - b.rate);
      const clip = (v: number | null) => (v === null ? null : Math.min(v, CLIP_MS));
      return lineChart({
        title: `Order path, ${path.system}: p99 vs offered orders/s (best within SLO: ${path.best?.confirmedPerSecond ?? 'none'}/s)`,
        x: probes.map((p) => p.rate),
        xUnit: '/s',
        yUnit: 'ms',
        series: [
          { name: 'POST /v1/orders p99', values: probes.map((p) => clip(p.postMs.p99)) },
          {
            name: `saga completion p99 (clipped at ${CLIP_MS})`,
            values: probes.map((p) => clip(p.sagaMs.p99)),
          },
        ],
        lines: [
          { label: `POST SLO ${result.slo.placeOrderP99Ms} ms`, value: result.slo.placeOrderP99Ms },
          { label: `saga SLO ${result.slo.sagaP99Ms} ms`, value: result.slo.sagaP99Ms },
        ],
        width: 760,
        height: 240,
      });
    });
  const height = 262;
  const parts = charts.map((figure, i) => {
    const svg = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(figure)?.[1] ?? '';
    return `<g transform="translate(0 ${i * height + 30})">${svg}</g>`;
  });
  const legend = ['POST /v1/orders p99', `saga completion p99 (clipped at ${CLIP_MS} ms)`]
    .map((name, i) => `<tspan fill="${COLORS[i]}">&#9632;</tspan> ${escapeHtml(name)}`)
    .join('   ');
  const total = charts.length * height + 44;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${total}" viewBox="0 0 760 ${total}" font-family="sans-serif" role="img" aria-label="make bench: order path latency against offered rate">
<rect width="760" height="${total}" fill="#fff"/>
<text x="12" y="18" font-size="12">make bench, ${escapeHtml(result.startedAt)} (${escapeHtml(String(result.machine['cpus']))} CPUs, everything co-located): ${legend}</text>
${parts.join('\n')}
</svg>
`;
}
