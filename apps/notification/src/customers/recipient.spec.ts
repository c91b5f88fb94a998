import { randomUUID } from 'node:crypto';
import { requireRecipient } from './recipient';
import { UnknownCustomerError } from './unknown-customer.error';

describe('recipient resolution from the customers projection', () => {
  const customerId = randomUUID();

  it('addresses the projected customer', () => {
    const customer = { userId: customerId, email: 'ada@example.com', name: 'Ada' };
    expect(requireRecipient(customerId, customer)).toBe(customer);
  });

  it.each([null, undefined])(
    'an unknown customer (%s) is a retryable failure, never a guessed address',
    (found) => {
      expect(() => requireRecipient(customerId, found)).toThrow(UnknownCustomerError);
      try {
        requireRecipient(customerId, found);
      } catch (error) {
        expect((error as UnknownCustomerError).customerId).toBe(customerId);
        expect((error as Error).message).toContain('not known yet');
      }
    },
  );
});
