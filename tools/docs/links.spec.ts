import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Docs point at the exact files and tests that implement a pattern; a renamed
// file must not leave a dead link behind.
const root = join(__dirname, '..', '..');
const documents = globSync(
  ['README.md', 'docs/**/*.md', 'apps/*/README.md', 'libs/**/README.md', 'scripts/**/*.md'],
  {
    cwd: root,
    exclude: (name) => name === 'node_modules',
  },
);

function relativeLinks(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
  return links
    .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
    .map((link) => decodeURIComponent(link.split('#')[0] ?? ''));
}

describe('documentation links', () => {
  it('finds the documents', () => {
    expect(documents).toEqual(
      expect.arrayContaining(['README.md', 'docs/pitfalls.md', 'docs/architecture.md']),
    );
  });

  it.each(documents)('%s links only to files that exist', (document) => {
    const text = readFileSync(join(root, document), 'utf8');
    const dead = relativeLinks(text).filter((link) => !existsSync(join(root, dirname(document), link)));
    expect(dead).toEqual([]);
  });
});
