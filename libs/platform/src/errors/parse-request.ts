import type { z } from 'zod';
import { AppError, type FieldError } from './app-error';
import { unstorableTextErrors } from './storable-text';

export const INVALID_REQUEST_CODE = 'REQUEST.INVALID';

/**
 * Validates input at the edge with a zod schema; on failure throws an
 * INVALID_ARGUMENT AppError whose field errors become problem+json `errors`
 * (HTTP 400) or the `error-fields-bin` trailer (gRPC).
 * `field` names a scalar input (a path parameter) in the field errors.
 * Before the schema, every string of the input (values and keys, at any depth) is
 * checked for text no database can store (storable-text.ts): one place for every
 * route, so a new field cannot forget it.
 */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  field?: string,
  code: string = INVALID_REQUEST_CODE,
): z.infer<Schema> {
  assertStorableText(input, field, code);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = result.error.issues.map((issue) => ({
    field: [field, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
  throw invalid(fieldErrors, code);
}

/**
 * The storable-text half of parseRequest alone, for an edge whose decoder already checked the
 * types: a gRPC request (GrpcStorableTextInterceptor) is typed by its .proto, not by a schema.
 */
export function assertStorableText(
  input: unknown,
  field?: string,
  code: string = INVALID_REQUEST_CODE,
): void {
  const unstorable = unstorableTextErrors(input, field ? [field] : []);
  if (unstorable.length > 0) throw invalid(unstorable, code);
}

function invalid(fieldErrors: readonly FieldError[], code: string): AppError {
  const summary = fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; ');
  return AppError.invalidArgument(code, `The request is invalid: ${summary}`, fieldErrors);
}
