/**
 * An order or payment event arrived for a customer whose user.registered.v1 this
 * service has not projected yet. Retryable by design: the inbox transaction rolls
 * back, the consumer retries with backoff and, if the customer never shows up,
 * parks the event on `<topic>.dlt` - an email is never sent to a guess.
 */
export class UnknownCustomerError extends Error {
  constructor(readonly customerId: string) {
    super(`customer ${customerId} is not known yet (no user.registered.v1 projected for it)`);
    this.name = 'UnknownCustomerError';
  }
}
