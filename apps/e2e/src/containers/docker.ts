import { repoRoot } from '@shop/testing';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The Docker CLI as the tests drive it: the same commands a user types.

const run = promisify(execFile);
export const root = repoRoot(__dirname);
/** Debian's client when present (a newer one first on PATH may lack buildx: scripts/containers/lib.sh). */
const DOCKER = process.env['DOCKER'] ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `docker <args>` and returns its outcome, failing or not. */
export async function docker(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(DOCKER, [...args], {
      cwd: root,
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      exitCode: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

/** `docker <args>`, which must succeed: its stdout, trimmed. */
export async function dockerOk(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const outcome = await docker(args, options);
  if (outcome.exitCode !== 0) {
    throw new Error(
      `docker ${args.join(' ')} failed (${outcome.exitCode}):\n${outcome.stderr}${outcome.stdout}`,
    );
  }
  return outcome.stdout.trim();
}

/**
 * The environment `make up` gives an app (deploy/local/services.env + <app>.env),
 * read by bash exactly as scripts/local/apps.sh sources it (quotes, escapes).
 */
export async function localEnvOf(app: string): Promise<Record<string, string>> {
  const files = ['services.env', `${app}.env`].map((f) => join(root, 'deploy', 'local', f));
  const script =
    'set -a; for f in "$@"; do source "$f"; done; ' +
    'for v in $(grep -hoE "^[A-Z_][A-Z0-9_]*=" "$@" | tr -d =); do printf "%s=%s\\0" "$v" "${!v}"; done';
  const { stdout } = await run('bash', ['-c', script, 'env', ...files], { env: {} });
  return Object.fromEntries(
    stdout
      .split('\0')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}
