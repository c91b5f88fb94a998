import type { FieldError } from '@shop/shared-kernel';

/**
 * Text no database column can hold, found anywhere in a request: the NUL character (PostgreSQL
 * refuses U+0000 in text and jsonb, and the write fails with a 500 deep in a service) and a
 * UTF-16 surrogate without its pair (it has no UTF-8 encoding: the driver would store U+FFFD
 * instead, silently changing the data). Both are valid JSON strings, so a schema that checks
 * only types and lengths lets them through; parseRequest refuses them for every input at once.
 */
export function unstorableTextErrors(input: unknown, path: readonly string[] = []): FieldError[] {
  if (typeof input === 'string') {
    const problem = unstorableTextProblem(input);
    return problem ? [{ field: fieldName(path), message: problem }] : [];
  }
  if (Array.isArray(input)) {
    return input.flatMap((item, index) => unstorableTextErrors(item, [...path, String(index)]));
  }
  if (input !== null && typeof input === 'object') {
    return Object.entries(input).flatMap(([key, value]) => {
      const keyProblem = unstorableTextProblem(key);
      const keyErrors = keyProblem ? [{ field: fieldName(path), message: `a field name ${keyProblem}` }] : [];
      return [...keyErrors, ...unstorableTextErrors(value, [...path, key])];
    });
  }
  return [];
}

function unstorableTextProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!text.isWellFormed()) return 'must be well-formed Unicode (an unpaired UTF-16 surrogate)';
  return undefined;
}

const fieldName = (path: readonly string[]) => path.join('.') || '(body)';
