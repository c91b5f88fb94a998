import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What the SLO artifacts assume about the code, read from the code itself, so a renamed route,
// metric or bucket fails the drift test instead of silently measuring nothing.

const sources = (repoRoot: string, patterns: string[]) =>
  globSync(patterns, { cwd: repoRoot })
    .filter((file) => !/\.(spec|int-spec|e2e-spec)\.ts$/.test(file))
    .map((file) => ({ file, text: readFileSync(join(repoRoot, file), 'utf8') }));

/** "GET /v1/products/:productId": every route the gateway's Nest controllers declare. */
export function gatewayRoutes(repoRoot: string): Set<string> {
  const routes = new Set<string>();
  for (const { text } of sources(repoRoot, ['apps/gateway/src/**/*.http-controller.ts'])) {
    const prefix = /@Controller\(\s*(?:'([^']*)')?\s*\)/.exec(text)?.[1] ?? '';
    for (const [, method, path] of text.matchAll(/@(Get|Post|Put|Patch|Delete)\(\s*(?:'([^']*)')?\s*\)/g)) {
      const full = `/${[prefix, path ?? ''].filter((part) => part !== '').join('/')}`;
      routes.add(`${(method as string).toUpperCase()} ${full}`);
    }
  }
  return routes;
}

export interface HistogramFact {
  file: string;
  /** Bucket boundaries in seconds, from `explicitBucketBoundaries`. */
  buckets: number[] | undefined;
}

/** Every OpenTelemetry histogram the services create, by Prometheus name, with its buckets. */
export function histograms(repoRoot: string): Map<string, HistogramFact> {
  const files = sources(repoRoot, ['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts']);
  // `const NAME = [0.005, 0.01, ...]` anywhere in the code: bucket arrays are named constants.
  const arrays = new Map<string, number[]>();
  for (const { text } of files)
    for (const [, name, body] of text.matchAll(/const\s+([A-Z_][A-Z0-9_]*)\s*=\s*\[([\d.,\s]+)\]/g))
      arrays.set(
        name as string,
        (body as string)
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
          .map(Number),
      );
  const found = new Map<string, HistogramFact>();
  // Declared as `createHistogram('name', { advice: { explicitBucketBoundaries: NAME } })`, or
  // in a `createInstruments` table as `{ histogram: 'name', ..., buckets: NAME }`.
  for (const { file, text } of files)
    for (const match of text.matchAll(/(?:createHistogram\(\s*|histogram:\s*)'([a-z_][a-z0-9_]*)'/g)) {
      const declaration = text.slice(match.index, text.indexOf('}', match.index) + 1);
      const buckets = /(?:explicitBucketBoundaries|buckets):\s*([A-Z_][A-Z0-9_]*)/;
      // An `advice` object shared by the file's histograms is declared before them.
      const bucketsName = (buckets.exec(declaration) ?? buckets.exec(text))?.[1];
      found.set(match[1] as string, { file, buckets: bucketsName ? arrays.get(bucketsName) : undefined });
    }
  return found;
}
