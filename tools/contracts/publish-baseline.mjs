// Records the contracts as published: the JSON Schema of every event type, the
// .proto files as a buf image (descriptors, not a second copy of the sources) and
// the gateway's OpenAPI document. Run deliberately
// (`npm run contracts:publish`) when a version ships; from then on
// tools/contracts/event-schemas.spec.ts, `buf breaking` (scripts/codegen.sh --check)
// and apps/gateway/src/openapi/openapi-compat.spec.ts fail on any breaking change.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
execFileSync(process.execPath, [join(root, 'tools', 'build', 'build.mjs')], { stdio: 'inherit' });
const require = createRequire(import.meta.url);
const contracts = require(join(root, 'dist', 'libs', 'contracts', 'src', 'index.js'));
const { z } = require('zod');

const definitions = Object.values(contracts).filter(
  (value) =>
    value &&
    typeof value.type === 'string' &&
    typeof value.topic === 'string' &&
    value.schema instanceof z.ZodType,
);
const baseline = join(root, 'libs', 'contracts', 'baseline');
rmSync(baseline, { recursive: true, force: true });
mkdirSync(join(baseline, 'events'), { recursive: true });
for (const { type, topic, schema } of definitions) {
  // Same options as tools/contracts/published-events.ts.
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });
  writeFileSync(
    join(baseline, 'events', `${type}.json`),
    `${JSON.stringify({ type, topic, schema: json }, null, 2)}\n`,
  );
}
// What `buf breaking` compares with: the descriptors as JSON, pretty so a republish reads as a diff.
const image = join(baseline, 'proto.raw.json');
execFileSync(
  'npx',
  ['buf', 'build', join(root, 'libs', 'contracts', 'proto'), '--exclude-source-info', '-o', image],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
writeFileSync(
  join(baseline, 'proto.json'),
  `${JSON.stringify(JSON.parse(readFileSync(image, 'utf8')), null, 2)}\n`,
);
rmSync(image);
// The REST API (P15): the document GET /openapi.json serves, built by the same compiled code
// (the decorators need the build; node's type stripping cannot run them).
const { buildOpenApiDocument } = require(
  join(root, 'dist', 'apps', 'gateway', 'src', 'openapi', 'openapi-document.js'),
);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
mkdirSync(join(baseline, 'openapi'));
writeFileSync(
  join(baseline, 'openapi', 'openapi.json'),
  `${JSON.stringify(buildOpenApiDocument({ version }), null, 2)}\n`,
);
console.log(
  `published ${definitions.length} event types, the proto image and openapi.json into libs/contracts/baseline`,
);
