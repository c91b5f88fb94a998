// The runner's command line, shaped like k6's (plain TypeScript, run by Node's type stripping):
//   node load/src/cli.ts run <script.ts> [--report results/<dir>/report.html]
//   node load/src/cli.ts inspect <script.ts>    prints the script's options and exports as JSON
// Runs a k6 script from k6/ on machines without k6 (docs/adr/0004-k6-and-its-runner.md):
// its imports of k6 modules resolve to ./k6-modules, its handleSummary writes its files as under
// k6, and --report adds the runner's HTML report. Exit code: 0 every threshold passed, 99 a
// threshold failed (k6's code), 107 the script threw in its init code, setup() or teardown()
// (k6's ScriptException), 1 anything else.
import type { SloObjective } from '@shop/k6/lib/slo-types.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { registerK6Modules } from './k6-modules/register-hooks.ts';
import { renderHtmlReport } from './lib/report-html.ts';
import { run, ScriptException, type Script } from './lib/runner.ts';
import { summaryData } from './lib/summary-data.ts';
import { summarize } from './lib/summary.ts';

export const EXIT_CODES = { thresholdsFailed: 99, scriptException: 107 } as const;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { report: { type: 'string' } },
});
const [command, scriptPath] = positionals;
const name = basename(scriptPath ?? '', '.ts');
// Plain stdout/stderr: this is a command-line program's output, not logging.
const print = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => print(`[runner ${name}] ${line}`);

/** handleSummary's result: file paths (relative to the working directory, as in k6) and stdout/stderr. */
function writeSummaryOutputs(outputs: Record<string, string>): void {
  for (const [target, content] of Object.entries(outputs)) {
    if (target === 'stdout') process.stdout.write(content);
    else if (target === 'stderr') process.stderr.write(content);
    else {
      mkdirSync(dirname(resolve(target)), { recursive: true });
      writeFileSync(resolve(target), content);
    }
  }
}

async function main(): Promise<number> {
  if (!['run', 'inspect'].includes(command ?? '') || !scriptPath)
    throw new Error('usage: node load/src/cli.ts run|inspect <script.ts> [--report <file.html>]');
  registerK6Modules(join(dirname(resolve(process.argv[1] ?? 'load/src/cli.ts')), 'k6-modules'));
  let script: Script;
  try {
    script = (await import(pathToFileURL(resolve(scriptPath)).href)) as Script;
  } catch (error) {
    process.stderr.write(
      `[runner ${name}] the script failed to load: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return EXIT_CODES.scriptException;
  }
  if (command === 'inspect') {
    print(
      JSON.stringify({
        exports: Object.keys(script).sort(),
        options: script.options,
        sloObjectives: script['sloObjectives'],
      }),
    );
    return 0;
  }
  const result = await run(script, log);
  const data = summaryData(result, script.options.summaryTrendStats);
  if (script.handleSummary) writeSummaryOutputs((await script.handleSummary(data)) as Record<string, string>);
  else print(JSON.stringify(data.metrics, null, 2));

  const report = summarize(result, {
    scenario: name,
    baseUrl: process.env['BASE_URL'] ?? '',
    objectives: (script['sloObjectives'] as SloObjective[] | undefined) ?? [],
  });
  for (const [scenario, s] of Object.entries(report.scenarios))
    print(
      `  scenario ${scenario}: ${s.iterations} iterations, ${s.dropped} dropped, ${s.errors} errors, peak ${s.peakVUs}/${s.maxVUs} VUs`,
    );
  for (const error of report.errors)
    print(`  iteration error ${error.count}x (${error.scenario}): ${error.message}`);
  for (const t of report.thresholds.filter((x) => !x.ok))
    print(`  threshold FAILED: ${t.key} ${t.expression} (measured ${t.actual})`);
  if (report.capacity?.withinSlo)
    print(
      `  highest offered rate within every threshold: ${JSON.stringify(report.capacity.withinSlo.offeredPerSecond)} /s`,
    );
  if (values.report) {
    writeSummaryOutputs({ [values.report]: renderHtmlReport(report) });
    log(`report: ${values.report}`);
  }
  return report.ok ? 0 : EXIT_CODES.thresholdsFailed;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[runner ${name}] ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(error instanceof ScriptException ? EXIT_CODES.scriptException : 1);
  },
);
