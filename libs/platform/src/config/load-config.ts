import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against a schema at start-up. Every problem is
 * reported at once, each naming its variable, so a broken deployment fails
 * before it takes traffic instead of on the first request.
 */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const variable = issue.path.join('.') || '(root)';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${variable}: is required but not set`;
  }
  return `${variable}: ${issue.message}`;
}

// An empty string is treated as unset, so `FOO=` in an env file means "use the default or fail".
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string> {
  const entries = Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]);
  return Object.fromEntries(entries);
}
