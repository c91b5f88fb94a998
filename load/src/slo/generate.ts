// node load/src/slo/generate.ts [--check]
// Writes every file generated from load/slo.yaml, or with --check exits 1 when one is stale
// (hand-edited or not regenerated after an SLO change). Wrapped by scripts/load/slo.sh.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderSloArtifacts } from './slo-artifacts.ts';

const repoRoot = resolve(dirname(process.argv[1] ?? '.'), '..', '..', '..');
const check = process.argv.includes('--check');
const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const stale: string[] = [];
  for (const { path, content } of await renderSloArtifacts(repoRoot)) {
    const target = join(repoRoot, path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
    if (current === content) continue;
    if (check) {
      stale.push(path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    print(`wrote ${path}`);
  }
  if (stale.length > 0) {
    process.stderr.write(
      `stale (regenerate with 'bash scripts/load/slo.sh' and commit):\n  ${stale.join('\n  ')}\n`,
    );
    return 1;
  }
  print(check ? 'SLO artifacts are fresh' : 'SLO artifacts are up to date');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
