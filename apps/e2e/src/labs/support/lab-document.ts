import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One command block of a lab: what the learner pastes into their terminal, and its name. */
export interface LabStep {
  readonly name: string;
  readonly code: string;
}

// A step is a fenced block whose info string is `bash lab=<name>`: the learner sees a
// bash block, the test finds it by name. Any other block (output shown, a diagram) is
// prose to the test.
const STEP_BLOCK = /^```bash lab=([a-z0-9-]+)\n([\s\S]*?)^```$/gm;

/** The steps of a markdown document, in reading order; names must be unique within it. */
export function labSteps(markdown: string): LabStep[] {
  const steps = [...markdown.matchAll(STEP_BLOCK)].map(([, name, code]) => ({
    name: name as string,
    code: code as string,
  }));
  const names = steps.map((step) => step.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new Error(`step names used twice: ${repeated.join(', ')}`);
  return steps;
}

/** docs/labs/<file>, read from this checkout. */
export function readLab(repoRoot: string, file: string): LabStep[] {
  return labSteps(readFileSync(join(repoRoot, 'docs', 'labs', file), 'utf8'));
}
