import { UserRegisteredV1 } from '@shop/contracts';
import { OutboxWriter } from '@shop/messaging';
import { User } from '@shop/user-domain';
import { EntityManager } from 'typeorm';

/** The user's `user.registered` events, into the outbox of the caller's transaction. */
export async function appendUserRegistered(
  outbox: OutboxWriter,
  tx: EntityManager,
  user: User,
): Promise<void> {
  for (const event of user.events) {
    await outbox.append(tx, {
      topic: UserRegisteredV1.topic,
      type: UserRegisteredV1.type,
      subject: event.userId,
      data: UserRegisteredV1.schema.parse({
        userId: event.userId,
        email: event.email,
        name: event.name,
        registeredAt: event.registeredAt,
      }),
    });
  }
}
