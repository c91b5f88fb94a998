import type { z } from 'zod';
import { AppError } from './app-error';

export const INVALID_REQUEST_CODE = 'REQUEST.INVALID';

/**
 * Validates input at the edge with a zod schema; on failure throws an
 * INVALID_ARGUMENT AppError whose field errors become problem+json `errors`
 * (HTTP 400) or the `error-fields-bin` trailer (gRPC) (P15, P17).
 * `field` names a scalar input (a path parameter) in the field errors.
 */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  field?: string,
  code: string = INVALID_REQUEST_CODE,
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = result.error.issues.map((issue) => ({
    field: [field, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
  const summary = fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; ');
  throw AppError.invalidArgument(code, `The request is invalid: ${summary}`, fieldErrors);
}
