/** Customer-facing wording of the failure codes the saga reports; the technical reason follows it. */
const FRIENDLY: Readonly<Record<string, string>> = {
  'INVENTORY.OUT_OF_STOCK': 'An item in your order is out of stock.',
  'PAYMENT.DECLINED': 'Your payment was declined.',
  'ORDER.STEP_TIMED_OUT': 'We could not complete your order in time.',
};

/** e.g. "Your payment was declined. (PAYMENT.DECLINED: card declined by issuer)". */
export function describeFailure(code: string, reason: string): string {
  const friendly = FRIENDLY[code] ?? 'Something went wrong while processing your order.';
  const detail = reason.trim() ? `${code}: ${reason.trim()}` : code;
  return `${friendly} (${detail})`;
}
