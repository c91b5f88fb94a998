import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// `make load` (scripts/load/run.sh) runs k6 when there is one and the runner otherwise. A
// stand-in `k6` executable records how it is invoked, so the k6 path is tested without k6.
const repoRoot = resolve(__dirname, '..', '..');
const PORT = 22813; // test port range 22800-22899
let server: Server;

beforeAll(async () => {
  // Plays the gateway for run.sh's "target answers" probe; any other request gets {}.
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  await new Promise<void>((done) => server.listen(PORT, '127.0.0.1', done));
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** A directory with an executable `k6` that writes its arguments and environment, then exits `code`. */
function standInK6(code = 0): { dir: string; calls: () => { args: string[]; env: Record<string, string> } } {
  const dir = mkdtempSync(join(tmpdir(), 'k6-stand-in-'));
  const record = join(dir, 'invocation.json');
  writeFileSync(
    join(dir, 'k6'),
    `#!/usr/bin/env node
require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), env: process.env }));
process.exit(${code});
`,
  );
  chmodSync(join(dir, 'k6'), 0o755);
  return { dir, calls: () => JSON.parse(readFileSync(record, 'utf8')) };
}

function runSh(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['scripts/load/run.sh'], {
      cwd: repoRoot,
      env: { ...process.env, SCENARIO: 'smoke', BASE_URL: `http://127.0.0.1:${PORT}`, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => done({ code, output }));
  });
}

// The PATH of the test: node first (the stand-in is a node script), and no directory holding a
// real k6, so "no k6" means none on a developer's machine too.
const PATH = [
  dirname(process.execPath),
  ...(process.env['PATH'] ?? '').split(':').filter((dir) => dir !== '' && !existsSync(join(dir, 'k6'))),
].join(':');

describe('make load: k6 when it is there, else the runner', () => {
  it('runs `k6 run k6/<scenario>.ts` from PATH, with the environment the script reads and the HTML export', async () => {
    const k6 = standInK6();
    const outDir = join(k6.dir, 'results');
    const run = await runSh({ PATH: `${k6.dir}:${PATH}`, OUT_DIR: outDir });
    expect(run.code).toBe(0);
    expect(run.output).toContain(`scenario smoke with k6 (${k6.dir}/k6)`);
    const { args, env } = k6.calls();
    expect(args).toEqual(['run', 'k6/smoke.ts']);
    expect(env).toMatchObject({
      SCENARIO: 'smoke',
      BASE_URL: `http://127.0.0.1:${PORT}`,
      OUT_DIR: outDir, // where the script's handleSummary writes summary.json and slo.md
      LOAD_TOOL: 'k6',
      K6_WEB_DASHBOARD: 'true',
      K6_WEB_DASHBOARD_EXPORT: `${outDir}/report.html`,
    });
  }, 30_000);

  it('takes k6 from K6=/path/to/k6, and reports its failed thresholds (exit 99) as such', async () => {
    const k6 = standInK6(99);
    const run = await runSh({ PATH, K6: join(k6.dir, 'k6'), OUT_DIR: join(k6.dir, 'results') });
    expect(k6.calls().args).toEqual(['run', 'k6/smoke.ts']);
    expect(run.output).toContain('thresholds failed');
    expect(run.code).toBe(99);
  }, 30_000);

  it('runs the same script with the runner when there is no k6, and says so', async () => {
    const run = await runSh({ PATH, K6: '', OUT_DIR: mkdtempSync(join(tmpdir(), 'runner-')) });
    expect(run.output).toContain('scenario smoke with runner (no k6 on PATH');
    // The runner loaded k6/smoke.ts and ran its setup(), which this stand-in gateway cannot satisfy.
    expect(run.output).toContain('[runner smoke] setup ...');
    expect(run.output).toContain('setup: login of admin@shop.local answered 200');
  }, 60_000);

  it('LOAD_TOOL=runner wins over a k6 on PATH', async () => {
    const k6 = standInK6();
    const run = await runSh({
      PATH: `${k6.dir}:${PATH}`,
      LOAD_TOOL: 'runner',
      OUT_DIR: join(k6.dir, 'results'),
    });
    expect(run.output).toContain('scenario smoke with runner (forced by LOAD_TOOL)');
    expect(() => k6.calls()).toThrow(/ENOENT/);
  }, 60_000);
});
