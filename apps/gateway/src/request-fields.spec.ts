import { z } from 'zod';
import { queryInteger, shapedText, text } from './request-fields';

const problems = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];

describe('request fields: what the document says is what the gateway accepts (issue 14)', () => {
  describe('text', () => {
    const name = text({ min: 1, max: 100, notBlank: true });

    it('counts characters, not UTF-16 units: 100 emoji fit a 100-character field', () => {
      expect(problems(name, '💥'.repeat(100))).toEqual([]);
      expect(problems(name, '💥'.repeat(101))).toEqual(['must be 1-100 characters']);
    });

    it('refuses a blank value with one problem, as trim() understands blank (U+FEFF included)', () => {
      expect(problems(name, '')).toEqual(['must be 1-100 characters']);
      expect(problems(name, ' \t\u00a0\ufeff')).toEqual(['must not be blank']);
      expect(problems(name, ' Ada ')).toEqual([]);
    });

    it('documents its bounds and the not-blank pattern for the OpenAPI document', () => {
      expect(z.toJSONSchema(name, { io: 'input' })).toMatchObject({
        type: 'string',
        minLength: 1,
        maxLength: 100,
        pattern: expect.stringContaining('\\ufeff'),
      });
      expect(new RegExp(z.toJSONSchema(name, { io: 'input' }).pattern as string).test('\u3000')).toBe(false);
    });
  });

  it('shapedText: the pattern is the rule, and the length is counted in characters', () => {
    const sku = shapedText(/^[A-Z0-9]+$/, 'must be upper-case letters or digits', 4);
    expect(problems(sku, 'AB12')).toEqual([]);
    expect(problems(sku, 'ab12')).toEqual(['must be upper-case letters or digits']);
    expect(problems(sku, 'AB123')).toEqual(['must be at most 4 characters']);
  });

  describe('queryInteger', () => {
    const limit = queryInteger(1, 100);

    it('reads only the decimal digits of a whole number', () => {
      expect(limit.parse('20')).toBe(20);
      // z.coerce.number() took each of these: '' as 0, the others as numbers.
      for (const text of ['', ' 5', '5 ', '1e1', '0x10', '+5', '05', '5.0']) {
        expect({ text, problems: problems(limit, text) }).toEqual({
          text,
          problems: ['must be a whole number in decimal digits'],
        });
      }
      expect(problems(limit, '101')).toEqual(['Too big: expected number to be <=100']);
    });

    it('is documented as an integer with its bounds', () => {
      expect(z.toJSONSchema(limit, { io: 'input' })).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 100,
      });
    });
  });
});
