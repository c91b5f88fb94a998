/**
 * The length of a text as the API documents it and PostgreSQL stores it: Unicode characters
 * (code points), not JavaScript's UTF-16 code units. "💥".length is 2; a name of 60 emoji is 60
 * characters to JSON Schema's maxLength and to a varchar(100) column, so a rule written with
 * `.length` refused what the API document promised (found by Schemathesis, issue 14).
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _character of text) count += 1;
  return count;
}
