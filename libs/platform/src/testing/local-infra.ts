import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@shop/testing';

const run = promisify(execFile);

export type InfraComponent = 'postgres' | 'redis' | 'kafka';

/** Local infrastructure endpoints (scripts/infra), as the services get them. */
export const LOCAL_INFRA = {
  databaseUrl: 'postgres://user_svc:user_svc@127.0.0.1:5432/user_db',
  superuserUrl: 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
  redisUrl: 'redis://127.0.0.1:6379/0',
  kafkaBrokers: '127.0.0.1:9092',
};

/** Stops a component with the project's own script (recorded pid, never by name). */
export async function stopInfra(component: InfraComponent): Promise<void> {
  await run('bash', [join(repoRoot(), 'scripts/infra/stop.sh'), component], { timeout: 60_000 });
}

/** Starts a component and returns once it answers (start.sh waits for readiness). */
export async function startInfra(component: InfraComponent): Promise<void> {
  await run('bash', [join(repoRoot(), 'scripts/infra/start.sh'), component], { timeout: 180_000 });
}
