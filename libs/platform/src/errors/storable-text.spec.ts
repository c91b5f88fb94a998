import { z } from 'zod';
import { AppError } from './app-error';
import { parseRequest } from './parse-request';
import { unstorableTextErrors } from './storable-text';

describe('unstorableTextErrors: text no database column can hold', () => {
  it('finds NUL and unpaired surrogates at any depth, naming each field', () => {
    const input = {
      name: 'Ada\u0000',
      address: { line1: 'ok', lines: ['fine', 'half \ud83d pair'] },
      note: 'paired surrogates are fine: \ud83d\ude00',
    };
    expect(unstorableTextErrors(input)).toEqual([
      { field: 'name', message: 'must not contain the NUL character (U+0000)' },
      { field: 'address.lines.1', message: 'must be well-formed Unicode (an unpaired UTF-16 surrogate)' },
    ]);
  });

  it('checks field names too, and scalars under the name they are given', () => {
    expect(unstorableTextErrors({ 'ke\u0000y': 1 })).toEqual([
      { field: '(body)', message: 'a field name must not contain the NUL character (U+0000)' },
    ]);
    expect(unstorableTextErrors('\u0000', ['q'])).toEqual([
      { field: 'q', message: 'must not contain the NUL character (U+0000)' },
    ]);
  });

  it('lets everything else through: numbers, booleans, null, emoji, right-to-left text', () => {
    expect(unstorableTextErrors({ n: 1, b: true, x: null, s: '😀 שלום 名前' })).toEqual([]);
  });
});

describe('parseRequest refuses unstorable text before the schema, for every route', () => {
  const schema = z.strictObject({ name: z.string().max(10) });

  it('a NUL in a field the schema accepts: 400 INVALID_ARGUMENT naming the field', () => {
    let error: unknown;
    try {
      parseRequest(schema, { name: 'a\u0000b' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'REQUEST.INVALID',
      fieldErrors: [{ field: 'name', message: 'must not contain the NUL character (U+0000)' }],
    });
  });

  it('valid text passes to the schema as before', () => {
    expect(parseRequest(schema, { name: 'Ada' })).toEqual({ name: 'Ada' });
  });
});
