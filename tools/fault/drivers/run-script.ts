import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FaultError } from '../fault-error.ts';

/**
 * Runs one of the project's scripts (scripts/local/app.sh, scripts/infra/*.sh) with its
 * output shown as it goes: the same step lines a learner sees running it by hand.
 */
export function runScript(root: string, script: string, ...args: string[]): void {
  const result = spawnSync('bash', [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new FaultError(
      `bash ${script} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`,
      'its output above says what failed and how to fix it',
    );
  }
}

/** Runs a script quietly and tells whether it exited 0 (a status check). */
export function scriptSucceeds(root: string, script: string, ...args: string[]): boolean {
  return spawnSync('bash', [join(root, script), ...args], { cwd: root, stdio: 'ignore' }).status === 0;
}
