import type { z } from 'zod';
import { ProviderApiError } from './provider-api.error';

/** Validates a request body; the first problem becomes a `parameter_invalid` error naming the parameter. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue?.path.map(String).join('.') || undefined;
  const missing = issue?.code === 'invalid_type' && issue.message.includes('undefined');
  throw ProviderApiError.invalidRequest(
    missing ? 'parameter_missing' : 'parameter_invalid',
    `${param ?? 'body'}: ${issue?.message ?? 'invalid'}`,
    param,
  );
}
