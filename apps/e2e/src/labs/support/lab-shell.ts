import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one block printed, and the exit status of its last command. */
export interface StepOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/**
 * One bash process for a whole lab, like the learner's one terminal: a variable set by a
 * step (`ORDER=...`) is there for the next. Each block is written to a file and `source`d
 * with stdin from /dev/null, so a command in it that reads stdin never swallows the
 * commands that follow; a marker line after it carries its exit status.
 */
export class LabShell {
  private readonly bash: ChildProcessWithoutNullStreams;
  private readonly scratch = mkdtempSync(join(tmpdir(), 'lab-'));
  private stdout = '';
  private stderr = '';
  private blocks = 0;
  private waiter: (() => void) | undefined;

  constructor(cwd: string) {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env: { ...process.env, TERM: 'dumb' } });
    this.bash.stdout.setEncoding('utf8').on('data', (chunk: string) => this.received('stdout', chunk));
    this.bash.stderr.setEncoding('utf8').on('data', (chunk: string) => this.received('stderr', chunk));
    this.bash.on('exit', () => this.waiter?.());
  }

  /** Runs one block to its end and returns what it printed. */
  async run(code: string, timeoutMs: number): Promise<StepOutput> {
    this.blocks += 1;
    const file = join(this.scratch, `step-${this.blocks}.sh`);
    const marker = `__lab_step_${this.blocks}_done__`;
    writeFileSync(file, code);
    this.stdout = '';
    this.stderr = '';
    this.bash.stdin.write(`source '${file}' </dev/null; printf '\\n${marker} %d\\n' "$?"\n`);
    const status = await this.markerOrTimeout(new RegExp(`\\n${marker} (\\d+)\\n`), timeoutMs, code);
    return {
      stdout: this.stdout.slice(0, this.stdout.lastIndexOf(`\n${marker}`)),
      stderr: this.stderr,
      status,
    };
  }

  /** The value of a shell variable a step set. */
  async variable(name: string): Promise<string> {
    return (await this.run(`printf '%s' "\${${name}:-}"`, 5_000)).stdout;
  }

  close(): void {
    this.bash.stdin.end();
    this.bash.kill();
    rmSync(this.scratch, { recursive: true, force: true });
  }

  private received(stream: 'stdout' | 'stderr', chunk: string): void {
    this[stream] += chunk;
    this.waiter?.();
  }

  private markerOrTimeout(marker: RegExp, timeoutMs: number, code: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(
          new Error(
            `the step did not finish within ${timeoutMs} ms:\n${code}\nit printed:\n${this.stdout}${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiter = () => {
        const found = marker.exec(this.stdout);
        if (!found && this.bash.exitCode === null) return;
        clearTimeout(timer);
        this.waiter = undefined;
        if (found) resolve(Number(found[1]));
        else
          reject(
            new Error(`the lab's shell exited (${this.bash.exitCode}) during:\n${code}\n${this.stderr}`),
          );
      };
    });
  }
}
