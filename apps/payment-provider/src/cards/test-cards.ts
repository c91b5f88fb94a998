/**
 * What the simulated issuer answers for a card. The documented test cards
 * behave the same every time (README); any other Luhn-valid number approves,
 * unless the PROVIDER_DECLINE_RATE knob says otherwise.
 */
export type CardBehaviour = 'approve' | 'card_declined' | 'insufficient_funds' | 'processing_error';

export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': 'approve',
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000119': 'processing_error',
};

/** Ready-made tokens for the test cards, usable without tokenising (demos, curl). */
export const TEST_PAYMENT_METHODS: Readonly<Record<string, string>> = {
  pm_card_visa: '4242424242424242',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
};

export const behaviourOf = (number: string): CardBehaviour => TEST_CARDS[number] ?? 'approve';

export function brandOf(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  return 'unknown';
}

export const DECLINE_MESSAGES: Readonly<Record<Exclude<CardBehaviour, 'approve'>, string>> = {
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
};
