import { Address, MAX_ADDRESSES_PER_USER } from './address';

describe('Address', () => {
  const valid = { line1: ' 1 Main Street ', line2: '', city: ' Berlin ', postalCode: '10115', country: 'de' };

  it('normalises: trims every field and upper-cases the country', () => {
    const result = Address.validate(valid);
    expect(result.ok && result.value).toEqual({
      line1: '1 Main Street',
      line2: '',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    });
  });

  it.each([
    [{ line1: '  ' }, 'line1'],
    [{ line1: 'x'.repeat(101) }, 'line1'],
    [{ line2: 'x'.repeat(101) }, 'line2'],
    [{ city: '' }, 'city'],
    [{ postalCode: '' }, 'postalCode'],
    [{ postalCode: '12/34' }, 'postalCode'],
    [{ postalCode: '-1234' }, 'postalCode'],
    [{ postalCode: '1'.repeat(17) }, 'postalCode'],
    [{ country: 'XX' }, 'country'],
    [{ country: 'DEU' }, 'country'],
    [{ country: 'EU' }, 'country'],
  ])('rejects %o naming the field', (override, field) => {
    const result = Address.validate({ ...valid, ...override });
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual([field]);
    expect(!result.ok && result.error.code).toBe('USER.INVALID_INPUT');
  });

  it('accepts UK and Dutch postcodes with spaces', () => {
    expect(Address.validate({ ...valid, postalCode: 'SW1A 1AA', country: 'GB' }).ok).toBe(true);
    expect(Address.validate({ ...valid, postalCode: '1012 JS', country: 'NL' }).ok).toBe(true);
  });

  it('reports every invalid field at once', () => {
    const result = Address.validate({ line1: '', line2: '', city: '', postalCode: '', country: '' });
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual([
      'line1',
      'city',
      'postalCode',
      'country',
    ]);
  });

  it(`allows up to ${MAX_ADDRESSES_PER_USER} addresses, then USER.ADDRESS_LIMIT_REACHED`, () => {
    expect(Address.checkLimit(MAX_ADDRESSES_PER_USER - 1).ok).toBe(true);
    const full = Address.checkLimit(MAX_ADDRESSES_PER_USER);
    expect(!full.ok && full.error).toMatchObject({
      code: 'USER.ADDRESS_LIMIT_REACHED',
      kind: 'precondition',
    });
  });
});
