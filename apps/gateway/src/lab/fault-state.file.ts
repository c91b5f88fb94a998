import { readFile } from 'node:fs/promises';
import { AppError } from '@shop/platform';
import { z } from 'zod';

// The file `make fault` writes (tools/fault/fault-state.ts): the knobs that were on when
// it last read them back, and when that was.
const faultStateFile = z.object({
  updatedAt: z.iso.datetime(),
  knobs: z.array(z.object({ name: z.string().min(1), value: z.string(), simulates: z.string() })),
});

export type ActiveFaults = z.infer<typeof faultStateFile>;

const FIX = 'rewrite it with `make fault ARGS=list`, or delete it';

/**
 * Reads the state file on every call: it is tiny, changes whenever a learner turns a
 * knob, and a cached copy would show a knob that is already off. No file yet (no knob
 * turned since `make up`) is no knob on; a file that is not the CLI's format is a 503
 * that names the file, never a guess.
 */
export class FaultStateFile {
  private readonly path: string | undefined;

  constructor(path: string | undefined) {
    this.path = path;
  }

  async read(): Promise<{ knobs: ActiveFaults['knobs']; updatedAt: string | null }> {
    if (this.path === undefined) return { knobs: [], updatedAt: null };
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { knobs: [], updatedAt: null };
      throw unreadable(`the fault state file ${this.path} cannot be read`, error);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw unreadable(`the fault state file ${this.path} is not JSON`, error);
    }
    const parsed = faultStateFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw unreadable(
        `the fault state file ${this.path} is not in make fault's format (${issue?.path.join('.') || '(root)'}: ${issue?.message})`,
      );
    }
    return parsed.data;
  }
}

const unreadable = (message: string, cause?: unknown) =>
  AppError.unavailable('LAB.FAULT_STATE_UNREADABLE', `${message}: ${FIX}`, cause);
