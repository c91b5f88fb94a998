import { repoRoot, waitUntil } from '@shop/testing';
import { systemRoot } from '../../faults/support/system';
import { readLab, type LabStep } from './lab-document';
import { LabShell } from './lab-shell';

// A lab of docs/labs run as a test: the lab's own command blocks (read from this checkout),
// in one shell at the root of the checkout that runs the system (where a learner types
// them), after the shared setup of docs/labs/README.md.
// The spec asserts what the lab says the learner will see; when the suite ends, every
// block of the lab must have run, so a step added to the page without a test fails here.

export interface Lab {
  /** Runs the step; fails unless its last command succeeded. Resolves with what it printed. */
  step(name: string, timeoutMs?: number): Promise<string>;
  /** Runs the step again until `accept` returns a value: the learner re-running a check. */
  until<T>(name: string, accept: (stdout: string) => T | undefined, timeoutMs?: number): Promise<T>;
  /** A shell variable a step set (`ORDER`, `PRODUCT`). */
  variable(name: string): Promise<string>;
}

const STEP_TIMEOUT_MS = 60_000;
const docsRoot = repoRoot(__dirname);

/**
 * The lab docs/labs/<file>, ready before the tests of the enclosing describe. `restore`
 * runs after them even when one failed: a lab that breaks the system puts it back.
 */
export function useLab(file: string, options: { restore?: () => Promise<void> } = {}): Lab {
  const steps = new Map(readLab(docsRoot, file).map((step) => [step.name, step]));
  const ran = new Set<string>();
  let shell: LabShell | undefined;

  const execute = async ({ name, code }: LabStep, timeoutMs: number) => {
    if (!shell) throw new Error('the lab shell is not started (useLab inside a describe)');
    const output = await shell.run(code, timeoutMs);
    if (output.status !== 0) {
      throw new Error(
        `step "${name}" exited with ${output.status}:\n${code}\n${output.stdout}${output.stderr}`,
      );
    }
    return output.stdout;
  };
  const named = (name: string) => {
    const step = steps.get(name);
    if (!step) throw new Error(`docs/labs/${file} has no block \`\`\`bash lab=${name}`);
    ran.add(name);
    return step;
  };

  beforeAll(async () => {
    shell = new LabShell(systemRoot);
    for (const setup of readLab(docsRoot, 'README.md')) await execute(setup, STEP_TIMEOUT_MS);
  }, 120_000);

  afterAll(async () => {
    try {
      await options.restore?.();
    } finally {
      shell?.close();
    }
    expect([...steps.keys()].filter((name) => !ran.has(name))).toEqual([]);
  }, 180_000);

  return {
    step: (name, timeoutMs = STEP_TIMEOUT_MS) => execute(named(name), timeoutMs),
    until: (name, accept, timeoutMs = STEP_TIMEOUT_MS) => {
      const step = named(name);
      return waitUntil(async () => accept(await execute(step, timeoutMs)), {
        timeoutMs,
        intervalMs: 500,
        description: `step "${name}" of docs/labs/${file} to show what the lab promises`,
      });
    },
    variable: (name) => {
      if (!shell) throw new Error('the lab shell is not started');
      return shell.variable(name);
    },
  };
}
