import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// k6 scripts are typechecked against @types/k6 alone (k6/tsconfig.json: no Node types, no DOM),
// so a call real k6 does not have fails the build instead of failing on a user's machine. The
// negative control proves the check can fail; the positive one that it fails for that reason.
const repoRoot = resolve(__dirname, '..', '..', '..');
const tsc = (project: string) =>
  spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], {
    cwd: repoRoot,
    encoding: 'utf8',
  });

describe('the k6 typecheck', () => {
  it('accepts the conformance scripts and k6/lib, which use only the subset', () => {
    const result = tsc('load/src/conformance/fixtures/tsconfig.json');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('rejects calls k6 does not have: http.fetch, the fetch global, process (negative control)', () => {
    const result = tsc('load/src/conformance/fixtures/tsconfig.not-in-k6.json');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("Property 'fetch' does not exist on type");
    expect(result.stdout).toContain("Cannot find name 'fetch'");
    expect(result.stdout).toContain("Cannot find name 'process'");
  }, 60_000);
});
