import { characterCount } from '@shop/shared-kernel';
import { z } from 'zod';

// The edge's field vocabulary: every request field the gateway reads is one of these, so the
// OpenAPI document (generated from the same schemas) states exactly what is accepted. A value
// the document calls valid must not be refused by a service further in, and a value it calls
// invalid must not get through: Schemathesis checks both directions on every run (make fuzz).
// The services keep their own rules, never stricter than these.

/**
 * The characters String.prototype.trim() removes (ECMAScript WhiteSpace and LineTerminator),
 * spelled out: the services trim names and lines, so "blank" must mean what trim() means,
 * not what another regex engine's \s means (Python's, which generates the fuzzer's inputs,
 * differs on U+FEFF and U+001C-U+001F).
 */
const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const NOT_BLANK = `[^${TRIMMED}]`;
const HAS_NON_BLANK = new RegExp(NOT_BLANK);

interface TextRule {
  /** Most characters (Unicode characters, as JSON Schema and PostgreSQL count them). */
  max: number;
  /** Fewest characters (default 0). */
  min?: number;
  /** At least one character that trim() keeps (a name of spaces is no name). */
  notBlank?: boolean;
}

/**
 * A text field. Lengths are counted in characters (characterCount), not UTF-16 units as zod's
 * .max() does: 60 emoji are 60 characters to the document, to the services and to PostgreSQL.
 */
export function text({ max, min = 0, notBlank = false }: TextRule) {
  // One problem per field: the length first, then blankness.
  const problem = (value: string): string | undefined => {
    const length = characterCount(value);
    if (length < min || length > max) {
      return min > 0 ? `must be ${min}-${max} characters` : `must be at most ${max} characters`;
    }
    return notBlank && !HAS_NON_BLANK.test(value) ? 'must not be blank' : undefined;
  };
  return z
    .string()
    .superRefine((value, context) => {
      const message = problem(value);
      if (message) context.addIssue({ code: 'custom', message });
    })
    .meta({
      ...(min > 0 ? { minLength: min } : {}),
      maxLength: max,
      ...(notBlank ? { pattern: NOT_BLANK } : {}),
    });
}

/** A text field of a fixed shape (a SKU, a country code): the pattern is the whole rule. */
export function shapedText(pattern: RegExp, message: string, max: number) {
  return z
    .string()
    .regex(pattern, message)
    .refine((value) => characterCount(value) <= max, `must be at most ${max} characters`)
    .meta({ maxLength: max });
}

const WHOLE_NUMBER = /^(0|[1-9][0-9]*)$/;

/**
 * An integer query parameter. Query values arrive as text: only the decimal digits of a whole
 * number are read (z.coerce.number() also took '' as 0, ' 5', '1e3' and '0x10', all of which the
 * document calls invalid). Documented as `type: integer` with its bounds; the regex is how the
 * gateway reads the text, not part of the contract (openapi-document.ts leaves it out).
 */
export function queryInteger(minimum: number, maximum: number) {
  return z
    .string()
    .regex(WHOLE_NUMBER, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(minimum).max(maximum))
    .meta({ type: 'integer', minimum, maximum });
}
