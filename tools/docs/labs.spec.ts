import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every guided lab (docs/labs) is also a test (apps/e2e/src/labs/<lab>.lab-spec.ts) that
// runs its command blocks against the running system: a lab without one would rot
// unnoticed, and the labs' index must lead to every lab.
const root = join(__dirname, '..', '..');
const labs = readdirSync(join(root, 'docs', 'labs'))
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .map((file) => file.replace(/\.md$/, ''));
const specs = readdirSync(join(root, 'apps', 'e2e', 'src', 'labs'))
  .filter((file) => file.endsWith('.lab-spec.ts'))
  .map((file) => file.replace(/\.lab-spec\.ts$/, ''));

describe('guided labs', () => {
  it('finds the labs', () => {
    expect(labs.length).toBeGreaterThanOrEqual(6);
  });

  it.each(labs)('docs/labs/%s.md has a test that runs it, with a step block to run', (lab) => {
    const spec = join(root, 'apps', 'e2e', 'src', 'labs', `${lab}.lab-spec.ts`);
    expect(existsSync(spec)).toBe(true);
    expect(readFileSync(spec, 'utf8')).toContain(`useLab('${lab}.md'`);
    expect(readFileSync(join(root, 'docs', 'labs', `${lab}.md`), 'utf8')).toMatch(
      /^```bash lab=[a-z0-9-]+$/m,
    );
  });

  it('every lab test has its lab', () => {
    expect(specs.filter((spec) => !labs.includes(spec))).toEqual([]);
  });

  it('the index, docs/labs/README.md, links every lab', () => {
    const index = readFileSync(join(root, 'docs', 'labs', 'README.md'), 'utf8');
    expect(labs.filter((lab) => !index.includes(`](${lab}.md)`))).toEqual([]);
  });
});
