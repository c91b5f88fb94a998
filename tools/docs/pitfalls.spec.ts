import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// docs/pitfalls.md is the map from each production pitfall to the code that
// avoids it and the tests that fail if it comes back. This keeps the map whole:
// every pitfall has its section, and at least one of the tests it names really
// cites the pitfall (so a renamed or deleted test cannot leave a dead promise).
const root = join(__dirname, '..', '..');
const documentPath = 'docs/pitfalls.md';
const document = readFileSync(join(root, documentPath), 'utf8');
const ids = Array.from({ length: 28 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`);

function section(id: string): string {
  const start = document.indexOf(`\n### ${id} `);
  if (start < 0) return '';
  const next = document.indexOf('\n##', start + 1);
  return document.slice(start, next < 0 ? undefined : next);
}

function provenBy(text: string): string[] {
  const proof = text.split('**Proven by**')[1] ?? '';
  return [...proof.matchAll(/\]\(([^)#]+)\)/g)].map((m) => join(root, dirname(documentPath), m[1] ?? ''));
}

describe('docs/pitfalls.md', () => {
  it.each(ids)('%s has a section saying where it is avoided and what proves it', (id) => {
    const text = section(id);
    expect(text).toContain('**Avoided in**');
    expect(provenBy(text).length).toBeGreaterThan(0);
  });

  it.each(ids)('%s names at least one test that cites it', (id) => {
    const citing = provenBy(section(id)).filter(
      (file) =>
        /\.(spec|int-spec|e2e-spec|startup-spec)\.ts$/.test(file) &&
        existsSync(file) &&
        readFileSync(file, 'utf8').includes(id),
    );
    expect(citing.length).toBeGreaterThan(0);
  });
});
