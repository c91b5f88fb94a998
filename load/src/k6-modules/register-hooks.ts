import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { currentIterationNumber, currentVuId } from './execution.ts';

// Makes a k6 script loadable by Node: its imports of `k6`, `k6/http`, `k6/metrics`,
// `k6/execution` and `k6/timers` resolve to the runner's implementations in `modulesDir` (this
// folder; the caller names it, as the workspace typecheck is CommonJS and has no import.meta),
// with Node's synchronous module customization hooks, and the globals k6 defines exist. Any other
// `k6/...` module is not in the subset and fails to load with its name. `@shop/k6/...` (how the
// bench imports k6/lib, tsconfig.base.json paths) resolves to the k6/ folder.
const MODULES: Record<string, string> = {
  k6: 'k6.ts',
  'k6/http': 'http.ts',
  'k6/metrics': 'metrics.ts',
  'k6/execution': 'execution.ts',
  'k6/timers': 'timers.ts',
};

let registered = false;

export function registerK6Modules(modulesDir: string, env: NodeJS.ProcessEnv = process.env): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const file = MODULES[specifier];
      if (file) return { url: pathToFileURL(join(modulesDir, file)).href, shortCircuit: true };
      if (specifier.startsWith('@shop/k6/'))
        return {
          url: pathToFileURL(join(modulesDir, '..', '..', '..', 'k6', specifier.slice('@shop/k6/'.length)))
            .href,
          shortCircuit: true,
        };
      if (specifier === 'k6' || specifier.startsWith('k6/'))
        throw new Error(`${specifier} is not in the runner's k6 subset (k6/README.md)`);
      return nextResolve(specifier, context);
    },
  });
  // k6's __ENV holds the system environment plus `-e NAME=value` (k6 "Environment variables").
  Object.assign(globalThis, { __ENV: { ...env } });
  Object.defineProperty(globalThis, '__VU', { get: currentVuId, configurable: true });
  Object.defineProperty(globalThis, '__ITER', { get: currentIterationNumber, configurable: true });
}
