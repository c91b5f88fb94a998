// Compiles every app and library to CommonJS in dist/, mirroring the source
// tree (apps/order/src/main.ts -> dist/apps/order/src/main.js). SWC keeps
// NestJS decorator metadata and rewrites the `@shop/*` path aliases from
// tsconfig.base.json into relative requires, so `node dist/apps/<app>/src/main.js`
// runs with nothing but node_modules. Type checking is a separate step (tsc).
import { transformFile } from '@swc/core';
import { cpSync, globSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'dist');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

const sources = globSync(['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts'], { cwd: root }).filter(
  (file) =>
    !/\.(spec|int-spec|e2e-spec)\.ts$/.test(file) &&
    !file.includes('/fixtures/') &&
    !file.startsWith('apps/e2e/'),
);
const assets = globSync(['libs/**/*.proto', 'libs/**/src/**/*.json'], { cwd: root }).filter(
  (f) => !f.includes('node_modules'),
);

const started = Date.now();
rmSync(outDir, { recursive: true, force: true });
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
    const target = join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${relative(dirname(target), target)}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
  }),
);
for (const asset of assets) cpSync(join(root, asset), join(outDir, asset));
console.log(
  `built ${sources.length} files and ${assets.length} assets into dist/ in ${Date.now() - started} ms`,
);
