// Compiles every app and library to CommonJS in dist/, mirroring the source
// tree (apps/order/src/main.ts -> dist/apps/order/src/main.js). SWC keeps
// NestJS decorator metadata and rewrites the `@shop/*` path aliases from
// tsconfig.base.json into relative requires, so `node dist/apps/<app>/src/main.js`
// runs with nothing but node_modules. Type checking is a separate step (tsc).
// The web storefront (apps/storefront) is bundled by Vite into the gateway's
// folder, dist/apps/gateway/storefront: the gateway serves it (STOREFRONT_DIR).
import { transformFile } from '@swc/core';
import { build as viteBuild } from 'vite';
import { cpSync, globSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'dist');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

const sources = globSync(['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts'], { cwd: root }).filter(
  (file) =>
    !/\.(spec|int-spec|e2e-spec)\.ts$/.test(file) &&
    !file.includes('/fixtures/') &&
    !file.startsWith('apps/e2e/') &&
    !file.startsWith('apps/storefront/'),
);
const assets = globSync(['libs/**/*.proto', 'libs/**/src/**/*.json'], { cwd: root }).filter(
  (f) => !f.includes('node_modules'),
);

// Built aside, then swapped in with two renames: an app started while a build
// runs (make up, a fault drill restarting a service, a test's globalSetup in
// another shell) sees the old tree or the new one, never a half-written one.
const stageDir = join(root, '.local', `dist-next-${process.pid}`);
const oldDir = join(root, '.local', `dist-old-${process.pid}`);

const started = Date.now();
rmSync(stageDir, { recursive: true, force: true });
await Promise.all(
  sources.map(async (file) => {
    const { code, map } = await transformFile(join(root, file), {
      sourceMaps: true,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
        baseUrl: root,
        paths: compilerOptions.paths,
      },
      module: { type: 'commonjs' },
    });
    const target = join(stageDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${relative(dirname(target), target)}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
  }),
);
for (const asset of assets) cpSync(join(root, asset), join(stageDir, asset));
await viteBuild({
  configFile: join(root, 'apps/storefront/vite.config.mts'),
  logLevel: 'warn',
  build: { outDir: join(stageDir, 'apps/gateway/storefront') },
});
swapIn(stageDir, outDir, oldDir);
console.log(
  `built ${sources.length} files, ${assets.length} assets and the storefront into dist/ in ${Date.now() - started} ms`,
);

/** Replaces `target` by `staged`; retried when a concurrent build swapped its own tree in between. */
function swapIn(staged, target, old) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      renameSync(target, old);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    try {
      renameSync(staged, target);
      break;
    } catch (error) {
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || attempt >= 5) throw error;
      rmSync(old, { recursive: true, force: true });
    }
  }
  rmSync(old, { recursive: true, force: true });
}
