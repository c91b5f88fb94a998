import { characterCount } from './text';

describe('characterCount: Unicode characters, as JSON Schema and PostgreSQL count them', () => {
  it('counts a character outside the BMP once, where .length counts two', () => {
    expect('💥'.length).toBe(2);
    expect(characterCount('💥')).toBe(1);
    expect(characterCount('💥'.repeat(60))).toBe(60);
  });

  it('counts ASCII and BMP text like .length', () => {
    expect(characterCount('')).toBe(0);
    expect(characterCount('Zoë Ñ 東京')).toBe('Zoë Ñ 東京'.length);
  });
});
