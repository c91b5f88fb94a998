import { ISO_3166_ALPHA2 } from './iso-3166-alpha2';

describe('ISO 3166-1 alpha-2 list', () => {
  it('has the 249 assigned codes, all two upper-case letters', () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    expect([...ISO_3166_ALPHA2].every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
  });

  it('names a real region for every code (cross-checked with the runtime ICU data)', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const unnamed = [...ISO_3166_ALPHA2].filter((code) => !names.of(code));
    expect(unnamed).toEqual([]);
  });

  it('excludes reserved and non-country codes', () => {
    for (const code of ['EU', 'UN', 'ZZ', 'XK', 'UK']) expect(ISO_3166_ALPHA2.has(code)).toBe(false);
  });
});
