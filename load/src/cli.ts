// The load driver's command line (plain TypeScript, run by Node's type stripping):
//   node load/src/cli.ts [--scenario load] [--base-url http://127.0.0.1:8080] [--out results/<dir>]
// Runs load/scenarios/<scenario>.ts and writes summary.json, report.html and slo.md into the
// results folder. Exit code: 0 all thresholds passed, 99 a threshold failed (as k6), 1 an error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderHtmlReport } from './lib/report-html.ts';
import { run, type ScenarioModule } from './lib/runner.ts';
import { renderSloMarkdown } from './lib/slo-table.ts';
import { summarize, type SloObjective } from './lib/summary.ts';

const loadRoot = resolve(dirname(process.argv[1] ?? '.'), '..');
const repoRoot = resolve(loadRoot, '..');
export const THRESHOLDS_FAILED_EXIT_CODE = 99;

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: process.env['SCENARIO'] ?? 'load' },
    'base-url': { type: 'string', default: process.env['BASE_URL'] ?? 'http://127.0.0.1:8080' },
    out: { type: 'string' },
  },
});
const scenario = values.scenario as string;
const baseUrl = values['base-url'] as string;
const stamp = new Date()
  .toISOString()
  .replace(/[:.]/g, '-')
  .replace(/-\d{3}Z$/, 'Z');
const outDir = resolve(values.out ?? join(repoRoot, 'results', `${stamp}-${scenario}`));
// Plain stdout/stderr: this is a command-line program's output, not logging.
const print = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => print(`[load ${scenario}] ${line}`);

async function main(): Promise<number> {
  if (!/^[a-z][a-z0-9-]*$/.test(scenario)) throw new Error(`invalid scenario name ${scenario}`);
  const module = (await import(
    pathToFileURL(join(loadRoot, 'scenarios', `${scenario}.ts`)).href
  )) as ScenarioModule & {
    sloObjectives?: SloObjective[];
  };
  log(`target ${baseUrl}`);
  const result = await run(module, { baseUrl, log });
  const summary = summarize(result, { scenario, baseUrl, objectives: module.sloObjectives ?? [] });

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(outDir, 'report.html'), renderHtmlReport(summary));
  const sloTable = renderSloMarkdown(summary);
  writeFileSync(join(outDir, 'slo.md'), sloTable);

  print(`\n${sloTable}`);
  for (const route of summary.routes)
    print(
      `  ${`${route.method} ${route.route}`.padEnd(34)} ${String(route.requests).padStart(7)} req ${route.perSecond.toFixed(1).padStart(7)}/s  p95 ${route.p95 ?? '-'} ms  p99 ${route.p99 ?? '-'} ms  failed ${(route.failedRate * 100).toFixed(2)} % ${JSON.stringify(route.statuses)}`,
    );
  for (const [name, s] of Object.entries(summary.scenarios))
    print(
      `  scenario ${name}: ${s.iterations} iterations, ${s.dropped} dropped, ${s.errors} errors, peak ${s.peakVUs}/${s.maxVUs} VUs`,
    );
  for (const check of summary.checks.filter((c) => c.fails > 0))
    print(`  check failed ${check.fails}x: ${check.name}`);
  for (const error of summary.errors)
    print(`  iteration error ${error.count}x (${error.scenario}): ${error.message}`);
  for (const t of summary.thresholds.filter((x) => !x.ok))
    print(`  threshold FAILED: ${t.key} ${t.expression} (measured ${t.actual})`);
  if (summary.capacity?.withinSlo)
    print(
      `  highest offered rate within every threshold: ${JSON.stringify(summary.capacity.withinSlo.offeredPerSecond)} /s`,
    );
  log(`results in ${outDir}`);
  return summary.ok ? 0 : THRESHOLDS_FAILED_EXIT_CODE;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[load ${scenario}] ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
