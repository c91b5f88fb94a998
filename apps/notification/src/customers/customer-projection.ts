import { Injectable } from '@nestjs/common';
import type { UserRegisteredV1Data } from '@shop/contracts';
import type { EntityManager } from 'typeorm';
import { requireRecipient, type Recipient } from './recipient';

/**
 * The `customers` projection (event-carried state transfer): written from
 * user.registered.v1, read to address order and payment emails. Both run in the
 * consumer's inbox transaction.
 */
@Injectable()
export class CustomerProjection {
  /** Idempotent: a replayed registration rewrites the same values. */
  async apply(tx: EntityManager, registered: UserRegisteredV1Data): Promise<void> {
    await tx.query(
      `INSERT INTO customers (user_id, email, name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, updated_at = now()`,
      [registered.userId, registered.email, registered.name],
    );
  }

  /** The recipient for an order/payment event; throws UnknownCustomerError (retryable) when unknown. */
  async recipientFor(tx: EntityManager, customerId: string): Promise<Recipient> {
    const rows: Array<{ user_id: string; email: string; name: string }> = await tx.query(
      'SELECT user_id, email, name FROM customers WHERE user_id = $1',
      [customerId],
    );
    const row = rows[0];
    return requireRecipient(customerId, row && { userId: row.user_id, email: row.email, name: row.name });
  }
}
