/**
 * The payment provider's ready-made test payment methods
 * (apps/payment-provider/src/cards/test-cards.ts). The storefront sends a
 * token, never a card number: in production the browser tokenises the card
 * at the provider, and the shop never sees it. Here the tokens are fixed, so
 * the page calls nothing but the gateway.
 */
export const TEST_PAYMENT_METHODS = [
  { token: 'pm_card_visa', label: 'Visa 4242 4242 4242 4242: approves' },
  { token: 'pm_card_chargeDeclined', label: 'Visa 4000 0000 0000 0002: declined' },
  { token: 'pm_card_chargeDeclinedInsufficientFunds', label: 'Visa 4000 0000 0000 9995: insufficient funds' },
  { token: 'pm_card_chargeDeclinedProcessingError', label: 'Visa 4000 0000 0000 0119: processing error' },
] as const;
