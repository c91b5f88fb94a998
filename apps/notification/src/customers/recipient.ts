import { UnknownCustomerError } from './unknown-customer.error';

/** Where an email goes and whom it greets. */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
}

/** The projection's answer for a customer id, or a retryable failure when it has none. */
export function requireRecipient(customerId: string, found: Recipient | null | undefined): Recipient {
  if (!found) throw new UnknownCustomerError(customerId);
  return found;
}
