import { existsSync, globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { eventDefinitions, jsonSchemaOf } from './published-events';

// A published event version never changes; a breaking change is a new
// `.vN+1` type. The baseline (libs/contracts/baseline/events, written by
// `npm run contracts:publish`, tools/contracts/publish-baseline.mjs) is what consumers may rely on.
const baselineDir = join(__dirname, '..', '..', 'libs', 'contracts', 'baseline', 'events');
const published = existsSync(baselineDir)
  ? globSync('*.json', { cwd: baselineDir }).map(
      (file) =>
        JSON.parse(readFileSync(join(baselineDir, file), 'utf8')) as {
          type: string;
          topic: string;
          schema: unknown;
        },
    )
  : [];
const current = eventDefinitions();

describe('event contracts (P15: versioned, never changed once published)', () => {
  it('names every type and topic with a version suffix', () => {
    for (const [type, definition] of current) {
      expect(type).toMatch(/^shop\.[a-z-]+\.[a-z-]+\.v\d+$/);
      expect(definition.topic).toMatch(/^[a-z-]+\.[a-z-]+(\.[a-z-]+)?\.v\d+$/);
    }
  });

  it('would catch a changed schema: a new required field differs from the published one', () => {
    const record = published.find((p) => p.type === 'shop.user.registered.v1');
    const definition = current.get('shop.user.registered.v1');
    expect(record && definition).toBeTruthy();
    if (!record || !definition) return;
    const changed = {
      ...definition,
      schema: (definition.schema as z.ZodObject).extend({ phone: z.string() }),
    };
    expect(jsonSchemaOf(changed)).not.toEqual(record.schema);
  });

  it('has a published baseline', () => {
    expect(published.length).toBeGreaterThan(0);
  });

  it.each(published.map((p) => [p.type, p] as const))(
    '%s still exists, on the same topic, unchanged',
    (type, record) => {
      const definition = current.get(type);
      expect(definition).toBeDefined();
      expect(definition?.topic).toBe(record.topic);
      expect(definition && jsonSchemaOf(definition)).toEqual(record.schema);
    },
  );
});
