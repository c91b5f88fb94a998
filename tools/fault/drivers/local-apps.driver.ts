import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultError } from '../fault-error.ts';
import type { Reading } from '../fault-state.ts';
import type { Knob } from '../knob-table.ts';
import type { AppState } from '../knob-values.ts';
import type { KnobDriver } from './knob-driver.ts';
import { runScript } from './run-script.ts';

/**
 * An app of `make up` running, frozen or down, read from its pid file and the kernel's
 * view of that process, and changed by scripts/local/app.sh, the script the fault
 * drills (apps/e2e/src/faults) use too: down is SIGKILL, frozen SIGSTOP, running SIGCONT
 * for a frozen app or a start (waiting until ready) for a dead one.
 */
export class LocalAppsDriver implements KnobDriver {
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async read(knobs: readonly Knob[]): Promise<Reading[]> {
    return knobs.map((knob) => {
      const { state, pid } = this.stateOf(knob.target);
      const where = pid ? `pid ${pid} (.local/pids/${knob.target}.pid)` : `.local/pids/${knob.target}.pid`;
      return { knob, value: state, where };
    });
  }

  async set(knob: Knob, value: string): Promise<void> {
    const app = knob.target;
    const from = this.stateOf(app).state;
    const to = value as AppState;
    if (from === to) return;
    if (to === 'down') return runScript(this.root, 'scripts/local/app.sh', 'kill', app);
    if (to === 'frozen') {
      if (from === 'down') {
        throw new FaultError(
          `${app} is down: a dead process cannot be frozen`,
          `start it first: make fault ARGS="set ${knob.name} running"`,
        );
      }
      return runScript(this.root, 'scripts/local/app.sh', 'freeze', app);
    }
    runScript(this.root, 'scripts/local/app.sh', from === 'frozen' ? 'thaw' : 'start', app);
  }

  /** `T` (stopped by a signal) in /proc/<pid>/stat is a frozen process. */
  private stateOf(app: string): { state: AppState; pid?: number } {
    const pidFile = join(this.root, '.local', 'pids', `${app}.pid`);
    if (!existsSync(pidFile)) return { state: 'down' };
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const statFile = `/proc/${pid}/stat`;
    if (!Number.isInteger(pid) || !existsSync(statFile)) return { state: 'down' };
    // The field after the command name, which is in parentheses and may hold spaces.
    const processState = readFileSync(statFile, 'utf8').split(') ')[1]?.charAt(0);
    if (processState === undefined || processState === 'Z' || processState === 'X') return { state: 'down' };
    return { state: processState === 'T' ? 'frozen' : 'running', pid };
  }
}
