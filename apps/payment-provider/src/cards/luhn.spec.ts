import { passesLuhn } from './luhn';
import { brandOf, behaviourOf, TEST_CARDS, TEST_PAYMENT_METHODS } from './test-cards';

describe('Luhn check', () => {
  it.each(Object.keys(TEST_CARDS))('accepts the documented test card %s', (number) => {
    expect(passesLuhn(number)).toBe(true);
  });

  it.each(['4242424242424241', '1234567812345678', '4242 4242 4242 4242', '42424242', 'abcd'])(
    'rejects %p',
    (number) => {
      expect(passesLuhn(number)).toBe(false);
    },
  );

  it('accepts other valid numbers of other brands', () => {
    expect(passesLuhn('5555555555554444')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
  });
});

describe('test cards', () => {
  it('documented behaviours; anything else approves', () => {
    expect(behaviourOf('4242424242424242')).toBe('approve');
    expect(behaviourOf('4000000000000002')).toBe('card_declined');
    expect(behaviourOf('4000000000009995')).toBe('insufficient_funds');
    expect(behaviourOf('4000000000000119')).toBe('processing_error');
    expect(behaviourOf('5555555555554444')).toBe('approve');
  });

  it('every ready-made token points at a documented test card', () => {
    for (const number of Object.values(TEST_PAYMENT_METHODS)) expect(TEST_CARDS[number]).toBeDefined();
  });

  it('brands', () => {
    expect(brandOf('4242424242424242')).toBe('visa');
    expect(brandOf('5555555555554444')).toBe('mastercard');
    expect(brandOf('378282246310005')).toBe('amex');
    expect(brandOf('6011111111111117')).toBe('unknown');
  });
});
