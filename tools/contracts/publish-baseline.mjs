// Records the contracts as published: the JSON Schema of every event type and a
// copy of the .proto files. Run deliberately (`npm run contracts:publish`) when
// a version ships; from then on tools/contracts/event-schemas.spec.ts and
// `buf breaking` (scripts/codegen.sh --check) fail on any breaking change.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
cpSync(join(root, 'libs', 'contracts', 'proto'), join(baseline, 'proto'), { recursive: true });
console.log(`published ${definitions.length} event types and the .proto files into libs/contracts/baseline`);
